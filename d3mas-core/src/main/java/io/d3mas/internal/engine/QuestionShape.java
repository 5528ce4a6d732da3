package io.d3mas.internal.engine;

import io.d3mas.internal.text.Text;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a task asks for, beyond its embedding: the kind of answer it expects, the names and numbers it is about,
 * and whether it is negated. Embeddings put "When was Einstein born?" and "Where was Einstein born?", or a bridge
 * question and its own first hop, close together; two tasks ask the same thing only when their shapes match too.
 * Used wherever one task stands in for another: reuse (step 6), merging and restatement (step 2).
 *
 * @param answerType "person", "time", "place", "quantity:long", "yes/no", "which:capital", …
 * @param entities stems of the capitalised words and the numbers, sorted
 * @param negated whether it says "not", "never", "without", …
 */
record QuestionShape(String answerType, Set<String> entities, boolean negated) {

    private static final Set<String> LEADING_PREPOSITIONS = Set.of(
            "in", "on", "at", "during", "for", "to", "from", "by", "of", "with", "since", "until", "after", "before");
    private static final Set<String> YES_NO = Set.of(
            "is", "are", "was", "were", "do", "does", "did", "can", "could", "has", "have", "had", "will", "would",
            "should", "shall", "may", "might", "must", "am");
    private static final Set<String> MEASURES = Set.of(
            "many", "much", "long", "tall", "high", "old", "far", "deep", "large", "big", "fast", "heavy", "hot",
            "cold", "warm", "wide", "often", "early", "late");
    private static final Set<String> TIME_NOUNS =
            Set.of("year", "date", "day", "month", "century", "decade", "time", "era", "period");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "without", "except", "nor", "neither");
    private static final Set<String> QUESTION_WORDS =
            Set.of("who", "whom", "whose", "what", "which", "when", "where", "why", "how");

    static QuestionShape of(String text) {
        List<String> words = Text.words(text);
        Set<String> entities = new TreeSet<>();
        boolean negated = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String lower = w.toLowerCase(Locale.ROOT);
            if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
                negated = true;
            }
            boolean leading = i == 0 && (QUESTION_WORDS.contains(lower) || Text.isStopWord(lower));
            if (Text.isNumber(w) || (Text.isCapitalized(w) && !leading && !Text.isStopWord(lower))) {
                entities.add(Text.stem(w));
            }
        }
        return new QuestionShape(answerType(words), Set.copyOf(entities), negated);
    }

    /** Whether two task texts ask the same thing by shape (their embeddings are compared elsewhere). */
    static boolean same(String a, String b) {
        return of(a).differenceFrom(of(b)).isEmpty();
    }

    /** Empty when the two tasks ask the same thing; otherwise what differs, in words for the trace. */
    Optional<String> differenceFrom(QuestionShape other) {
        if (!answerType.equals(other.answerType)) {
            return Optional.of(
                    "one asks for " + describe(answerType) + ", the other for " + describe(other.answerType));
        }
        if (!entities.equals(other.entities)) {
            return Optional.of("they are about different names or numbers: " + entities + " and " + other.entities);
        }
        if (negated != other.negated) {
            return Optional.of("one is negated, the other not");
        }
        return Optional.empty();
    }

    private static String describe(String type) {
        return type.startsWith("which:")
                ? "a " + type.substring(6)
                : type.startsWith("quantity:") ? "how " + type.substring(9) : "a " + type;
    }

    private static String answerType(List<String> words) {
        int i = 0;
        while (i < words.size() && LEADING_PREPOSITIONS.contains(words.get(i).toLowerCase(Locale.ROOT))) {
            i++;
        }
        if (i >= words.size()) {
            return "other";
        }
        String first = words.get(i).toLowerCase(Locale.ROOT);
        String next = i + 1 < words.size() ? words.get(i + 1).toLowerCase(Locale.ROOT) : "";
        switch (first) {
            case "who", "whom", "whose":
                return "person";
            case "when":
                return "time";
            case "where":
                return "place";
            case "why":
                return "reason";
            case "how":
                return MEASURES.contains(next) ? "quantity:" + next : "manner";
            case "what", "which", "what's":
                return headNoun(words, i + 1);
            default:
                return YES_NO.contains(first) ? "yes/no" : "other";
        }
    }

    /** "What is the capital of France?" asks for a capital: the first common content word after what/which. */
    private static String headNoun(List<String> words, int from) {
        for (int j = from; j < words.size(); j++) {
            String w = words.get(j);
            String lower = w.toLowerCase(Locale.ROOT);
            if (Text.isStopWord(lower) || Text.isNumber(w) || Text.isCapitalized(w) || lower.endsWith("'s")) {
                continue;
            }
            String stem = Text.stem(lower);
            return TIME_NOUNS.contains(stem) ? "time" : "which:" + stem;
        }
        return "thing";
    }
}
