package io.d3mas.llm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON object in a model's answer the way models actually write it: inside a Markdown code fence,
 * with prose before or after, with single quotes, trailing commas, comments or unquoted keys. Field readers
 * say exactly what is wrong, so the message can be shown to the model in a repair round.
 */
final class LenientJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private LenientJson() {}

    /** A problem with an answer, worded for the model. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /** The first complete JSON object in the text. */
    static JsonNode object(String text) throws Problem {
        String s = stripFence(text);
        int start = s.indexOf('{');
        if (start < 0) {
            throw new Problem("the answer contains no JSON object");
        }
        int end = matchingBrace(s, start);
        if (end < 0) {
            throw new Problem("the JSON object is not closed (the answer may be cut off)");
        }
        try {
            JsonNode node = MAPPER.readTree(s.substring(start, end + 1));
            if (node == null || !node.isObject()) {
                throw new Problem("the answer is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Problem("the JSON is invalid: " + e.getOriginalMessage());
        }
    }

    private static String stripFence(String text) {
        String s = text.strip();
        int fence = s.indexOf("```");
        if (fence >= 0) {
            int bodyStart = s.indexOf('\n', fence);
            int close = bodyStart < 0 ? -1 : s.indexOf("```", bodyStart);
            if (bodyStart >= 0) {
                return close < 0 ? s.substring(bodyStart + 1) : s.substring(bodyStart + 1, close);
            }
        }
        return s;
    }

    /** Index of the brace closing the one at {@code start}, skipping strings; -1 if none. */
    private static int matchingBrace(String s, int start) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A string field; absent or null gives {@code fallback}. */
    static String text(JsonNode o, String field, String fallback) throws Problem {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText().strip();
        }
        throw new Problem("field \"" + field + "\" must be a string, was " + kind(v));
    }

    /** A required string field. */
    static String requiredText(JsonNode o, String field) throws Problem {
        if (!o.hasNonNull(field)) {
            throw new Problem("field \"" + field + "\" is missing");
        }
        return text(o, field, "");
    }

    /** A list of strings; a single string counts as a list of one; absent gives an empty list. */
    static List<String> texts(JsonNode o, String field) throws Problem {
        JsonNode v = o.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            if (!v.asText().isBlank()) {
                out.add(v.asText().strip());
            }
            return out;
        }
        if (!v.isArray()) {
            throw new Problem("field \"" + field + "\" must be a list of strings, was " + kind(v));
        }
        for (JsonNode e : v) {
            if (!(e.isTextual() || e.isNumber())) {
                throw new Problem("field \"" + field + "\" must hold only strings, found " + kind(e));
            }
            if (!e.asText().isBlank()) {
                out.add(e.asText().strip());
            }
        }
        return out;
    }

    /** A number in [0, 1]; a percentage in (1, 100] is read as such; absent gives {@code fallback}. */
    static double unit(JsonNode o, String field, double fallback) throws Problem {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().strip().replace("%", ""));
            } catch (NumberFormatException e) {
                throw new Problem(
                        "field \"" + field + "\" must be a number between 0 and 1, was \"" + v.asText() + "\"");
            }
        } else {
            throw new Problem("field \"" + field + "\" must be a number between 0 and 1, was " + kind(v));
        }
        if (d > 1 && d <= 100) {
            d /= 100;
        }
        if (!(d >= 0 && d <= 1)) {
            throw new Problem("field \"" + field + "\" must be a number between 0 and 1, was " + v.asText());
        }
        return d;
    }

    /** A boolean; "true"/"false" strings accepted; absent gives {@code fallback}. */
    static boolean flag(JsonNode o, String field, boolean fallback) throws Problem {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        throw new Problem("field \"" + field + "\" must be true or false, was " + kind(v));
    }

    /** The array under {@code field}; absent gives null. */
    static @Nullable JsonNode array(JsonNode o, String field) throws Problem {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new Problem("field \"" + field + "\" must be a list, was " + kind(v));
        }
        return v;
    }

    private static String kind(JsonNode v) {
        return v.isObject()
                ? "an object"
                : v.isArray() ? "a list" : v.getNodeType().name().toLowerCase() + " " + v;
    }
}
