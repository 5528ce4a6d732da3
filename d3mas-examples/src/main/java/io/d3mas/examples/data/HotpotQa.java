package io.d3mas.examples.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HotpotQA loader for both forms in {@code ../shared/data/hotpotqa} (see its SOURCE.md): IRCoT's processed JSON
 * lines ({@code question_text}, {@code answers_objects[].spans}, {@code contexts[]} with {@code is_supporting})
 * and the original JSON array ({@code question}, {@code answer}, {@code context: [[title, [sentences]]]},
 * {@code supporting_facts: [[title, sentence]]}, made paragraph-level). The form is chosen by the file's first
 * character.
 */
public final class HotpotQa {

    /** The IRCoT dev file, where the benchmarks look by default. */
    public static final String DEV_FILE = "hotpotqa_dev_distractor_ircot500.jsonl";

    private HotpotQa() {}

    /**
     * @throws DatasetException (an {@link IllegalArgumentException}) for a missing file or one in neither form,
     *     naming the line or item
     */
    public static List<MultiHopQuestion> load(Path file) {
        int first;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            do {
                first = in.read();
            } while (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == '\uFEFF');
            if (first == '[') {
                in.close();
                return original(JsonLines.JSON.readTree(file.toFile()), file);
            }
        } catch (NoSuchFileException e) {
            throw JsonLines.notFound(file, "HotpotQA");
        } catch (IOException e) {
            throw new DatasetException("cannot read HotpotQA file " + file + ": " + e.getMessage(), e);
        }
        return JsonLines.read(file, "HotpotQA", HotpotQa::ircot);
    }

    private static MultiHopQuestion ircot(JsonNode q, String where) {
        require(q, "question_text", where);
        List<String> answers = new ArrayList<>();
        for (JsonNode a : q.path("answers_objects")) {
            a.path("spans").forEach(s -> answers.add(s.asText()));
        }
        List<Paragraph> paragraphs = new ArrayList<>();
        for (JsonNode c : require(q, "contexts", where)) {
            paragraphs.add(new Paragraph(
                    c.path("title").asText(),
                    c.path("paragraph_text").asText(),
                    c.path("is_supporting").asBoolean(false)));
        }
        return new MultiHopQuestion(
                q.path("question_id").asText(where), q.get("question_text").asText(), answers, paragraphs);
    }

    private static List<MultiHopQuestion> original(JsonNode array, Path file) {
        List<MultiHopQuestion> out = new ArrayList<>();
        int n = 0;
        for (JsonNode q : array) {
            String where = file + " item " + n++;
            Set<String> supportingTitles = new HashSet<>();
            for (JsonNode f : q.path("supporting_facts")) {
                supportingTitles.add(f.path(0).asText());
            }
            List<Paragraph> paragraphs = new ArrayList<>();
            for (JsonNode c : require(q, "context", where)) {
                String title = c.path(0).asText();
                StringBuilder text = new StringBuilder();
                for (JsonNode s : c.path(1)) {
                    text.append(s.asText());
                }
                paragraphs.add(new Paragraph(title, text.toString().strip(), supportingTitles.contains(title)));
            }
            require(q, "question", where);
            out.add(new MultiHopQuestion(
                    q.path("_id").asText(where),
                    q.get("question").asText(),
                    List.of(q.path("answer").asText()),
                    paragraphs));
        }
        return out;
    }

    private static JsonNode require(JsonNode q, String field, String where) {
        JsonNode v = q.get(field);
        if (v == null || v.isNull()) {
            throw new DatasetException(where + " has no '" + field
                    + "': not a HotpotQA file in IRCoT's or the original form (see ../shared/data/hotpotqa/SOURCE.md)");
        }
        return v;
    }
}
