package io.d3mas.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the short answer out of a sentence for a question: the words of the sentence that the question
 * does not already contain, grouped in runs, chosen by what the question asks (a year for "when", a number
 * for "how many/long/…", a name otherwise). Stateless, thread-safe.
 */
public final class AnswerExtractor {

    private static final Set<String> JOINERS = Set.of("of", "de", "the", "von", "van", "da", "del", "la", "le");
    private static final Set<String> MEASURES = Set.of(
            "many", "much", "long", "tall", "high", "old", "far", "deep", "large", "big", "fast", "heavy", "hot",
            "cold", "warm", "wide");

    private AnswerExtractor() {}

    public static String extract(String question, String sentence) {
        Set<String> asked = Text.contentStems(question);
        List<String> words = Text.wordsWithBreaks(sentence);
        List<List<String>> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(Text.BREAK)) {
                if (!run.isEmpty()) {
                    runs.add(run);
                    run = new ArrayList<>();
                }
                continue;
            }
            boolean joiner = JOINERS.contains(w.toLowerCase(Locale.ROOT))
                    && !run.isEmpty()
                    && Text.isCapitalized(run.get(run.size() - 1))
                    && i + 1 < words.size()
                    && Text.isCapitalized(words.get(i + 1))
                    && !asked.contains(Text.stem(words.get(i + 1)));
            if (joiner || (!Text.isStopWord(w) && !asked.contains(Text.stem(w)))) {
                run.add(w);
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        if (runs.isEmpty()) {
            return sentence.strip();
        }
        String q = question.toLowerCase(Locale.ROOT);
        List<String> qWords = Text.words(q);
        boolean when = q.startsWith("when") || q.contains("what year") || q.contains("which year");
        boolean measure = qWords.size() > 1 && qWords.get(0).equals("how") && MEASURES.contains(qWords.get(1))
                || q.contains("population");
        for (List<String> r : runs) {
            if (when && r.stream().anyMatch(AnswerExtractor::isYear)) {
                return String.join(" ", r);
            }
        }
        if (when || measure) {
            for (List<String> r : runs) {
                if (r.stream().anyMatch(Text::isNumber)) {
                    return String.join(" ", r);
                }
            }
        }
        for (List<String> r : runs) {
            if (r.stream().anyMatch(Text::isCapitalized)) {
                return String.join(" ", name(r));
            }
        }
        return String.join(" ", runs.get(0));
    }

    /**
     * The first name in a run: its capitalized words with the joiners between them ("Leonardo da Vinci"),
     * without the lower-case words around it ("William Shakespeare wrote" → "William Shakespeare").
     */
    private static List<String> name(List<String> run) {
        int start = 0;
        while (!Text.isCapitalized(run.get(start))) {
            start++;
        }
        int end = start + 1;
        while (end < run.size()) {
            String w = run.get(end);
            boolean joiner = JOINERS.contains(w.toLowerCase(Locale.ROOT))
                    && end + 1 < run.size()
                    && Text.isCapitalized(run.get(end + 1));
            if (Text.isCapitalized(w) || Text.isNumber(w)) {
                end++;
            } else if (joiner) {
                end += 2;
            } else {
                break;
            }
        }
        return run.subList(start, end);
    }

    /** The first number in a text, preferring a year when {@code preferYear}; NaN when there is none. */
    public static double firstNumber(String text, boolean preferYear) {
        double first = Double.NaN;
        for (String w : Text.words(text)) {
            if (Text.isNumber(w)) {
                if (preferYear && isYear(w)) {
                    return Text.numberValue(w);
                }
                if (Double.isNaN(first)) {
                    first = Text.numberValue(w);
                }
            }
        }
        return first;
    }

    static boolean isYear(String w) {
        if (w.length() != 4 || !w.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int y = Integer.parseInt(w);
        return y >= 1000 && y <= 2100;
    }
}
