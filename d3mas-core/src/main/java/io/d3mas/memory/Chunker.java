package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document's text into the pieces that become memory records. One method to implement.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Chunker {

    /** The chunks of {@code text}, in order; blank chunks are dropped by the caller. */
    List<String> split(String text);

    /**
     * Paragraphs (split at blank lines) of at most {@code maxChars}; a longer paragraph is split after the last
     * sentence end that fits, or else at the last space, or else hard.
     *
     * @throws InvalidInputException if {@code maxChars < 50}
     */
    static Chunker paragraphs(int maxChars) {
        if (maxChars < 50) {
            throw new InvalidInputException("maxChars must be >= 50, was " + maxChars);
        }
        return text -> {
            List<String> out = new ArrayList<>();
            for (String paragraph : text.split("\\n\\s*\\n")) {
                String rest = paragraph.strip().replaceAll("\\s+", " ");
                while (rest.length() > maxChars) {
                    int cut = lastBreak(rest, maxChars);
                    out.add(rest.substring(0, cut).strip());
                    rest = rest.substring(cut).strip();
                }
                if (!rest.isBlank()) {
                    out.add(rest);
                }
            }
            return out;
        };
    }

    /** The whole text as one chunk (already short pieces: facts, paragraphs of a dataset). */
    static Chunker whole() {
        return text -> List.of(text.strip());
    }

    private static int lastBreak(String s, int max) {
        for (int i = max; i > max / 2; i--) {
            char c = s.charAt(i - 1);
            if ((c == '.' || c == '?' || c == '!') && s.charAt(i) == ' ') {
                return i;
            }
        }
        int space = s.lastIndexOf(' ', max);
        return space > max / 2 ? space : max;
    }
}
