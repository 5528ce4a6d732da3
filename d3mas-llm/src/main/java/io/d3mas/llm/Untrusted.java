package io.d3mas.llm;

import io.d3mas.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Puts text that is data, not instructions (retrieved memory, other agents' conclusions, the user's query),
 * into a labelled element. The content is escaped so it cannot close its element or open another: an
 * instruction inside it stays inside, where the system prompt says never to follow it. Line breaks become
 * spaces, so data cannot start a line of its own that looks like part of the prompt ("Task: …").
 */
final class Untrusted {

    /**
     * Signs that a text addresses the model instead of stating facts: a line break, markup, a role line
     * ("Task:", "System:"), or the phrases prompt injections are made of. Used where model-written text would
     * otherwise be passed on without a model reading it as data.
     */
    private static final Pattern INSTRUCTION_LIKE = Pattern.compile(
            "[\\r\\n]|</?[A-Za-z][A-Za-z0-9-]*\\b[^>]*>"
                    + "|\\b(ignore|disregard|forget|override)\\b.{0,40}\\b(instructions?|prompts?|rules|above|previous)\\b"
                    + "|\\b(system prompt|new instructions|you are now|from now on)\\b"
                    + "|\\b(task|system|user|assistant|question)\\s*:",
            Pattern.CASE_INSENSITIVE);

    private Untrusted() {}

    /** Whether the text shows signs of addressing the model ({@link #INSTRUCTION_LIKE}). */
    static boolean looksLikeInstructions(String text) {
        return INSTRUCTION_LIKE.matcher(text).find();
    }

    /** {@code <tag a="v" ...>escaped content</tag>}; attributes as name, value pairs, in that order. */
    static String element(String tag, String content, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new InvalidInputException("attributes come in name, value pairs");
        }
        StringBuilder b = new StringBuilder(content.length() + 64);
        b.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            b.append(' ')
                    .append(attributes[i])
                    .append("=\"")
                    .append(escape(attributes[i + 1]))
                    .append('"');
        }
        b.append('>').append(escape(content)).append("</").append(tag).append('>');
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n', '\r' -> b.append(' '); // one line: data cannot start a line that looks like a prompt's
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
