package io.d3mas.task;

import io.d3mas.internal.text.Comparison;
import io.d3mas.internal.text.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline decomposer: splits questions by their form, with no model.
 *
 * <ul>
 *   <li>compound: parts separated by ";" or by "and" followed by a new question ("What is X and who is Y?");
 *   <li>comparison: "Which is longer, A or B?" and "Is A longer than B?" become one attribute question per
 *       entity plus the comparison, which depends on both;
 *   <li>bridge: an embedded description is asked first and its answer fills the outer question — "the
 *       capital of France", "the company that makes the iPhone" ("Which river flows through the capital of
 *       France?" → "What is the capital of France?", then "Which river flows through {{0}}?");
 *   <li>arithmetic on a looked-up value: "What is the population of Paris times two?" (or "twice the population
 *       of Paris", "double", "triple", "half") → "What is the population of Paris?", then "What is {{0}} times
 *       two?", so that the lookup and the operation go to the agents that
 *       can do each.
 * </ul>
 *
 * Anything else is atomic. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class RuleBasedDecomposer implements Decomposer {

    private static final Pattern AND_QUESTION = Pattern.compile(
            ",?\\s+and\\s+(?=(?:what|who|whom|where|when|which|how|why|is|are|was|were|did|does|do|in which|in what)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE =
            Pattern.compile("\\bthe ((?:[a-z]+\\s+)?[a-z]+) (that|which|who) ([^?]+?)\\s*\\??$");
    private static final Pattern OF_ENTITY = Pattern.compile(
            "\\bthe ((?:[a-z]+\\s+){0,2}[a-z]+) of ((?:the\\s+)?[A-Z][\\w'’.-]*(?:\\s+(?:of\\s+|de\\s+|the\\s+)?[A-Z][\\w'’.-]*)*)");
    private static final Pattern ARITHMETIC = Pattern.compile(
            "^(?:what is|what's|how much is|how many is)\\s+(.+?)\\s+((?:times|multiplied by|divided by|plus|minus)\\s+"
                    + "[\\w.,]+)\\s*\\??$",
            Pattern.CASE_INSENSITIVE);
    /** "twice the X", "double the X", "half the X": the operation written before its operand. */
    private static final Pattern MULTIPLE_OF = Pattern.compile(
            "^(what is|what's|how much is)\\s+(twice|double|triple|thrice|half)\\s+(?:of\\s+)?(.+?)\\s*\\??$",
            Pattern.CASE_INSENSITIVE);
    /** "Which city is {{0}}?": the outer question only names the kind of answer; the whole is one lookup. */
    private static final Pattern ANSWER_TYPE_ONLY = Pattern.compile(
            "^(?:which|what)\\s+[a-z]+(?:\\s+[a-z]+)?\\s+(?:is|was|are|were)\\s+\\{\\{0}}\\s*\\??$",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern ENDS_WITH_AUX =
            Pattern.compile("\\b(?:is|was|are|were)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> PERSONS = Set.of(
            "author",
            "director",
            "founder",
            "inventor",
            "president",
            "king",
            "queen",
            "leader",
            "composer",
            "painter",
            "writer",
            "creator",
            "designer",
            "architect",
            "discoverer",
            "mayor",
            "ceo",
            "wife",
            "husband",
            "son",
            "daughter",
            "father",
            "mother",
            "chancellor",
            "minister");
    private static final Set<String> QUESTION_WORDS = Set.of(
            "what", "who", "whom", "where", "when", "which", "how", "why", "is", "are", "was", "were", "did", "does",
            "do", "in");

    @Override
    public Decomposition decompose(DecompositionRequest request) {
        String q = request.task().strip();
        List<String> parts = compoundParts(q);
        if (parts.size() >= 2) {
            return Decomposition.of(parts.stream().map(SubTask::of).toList());
        }
        Matcher multiple = MULTIPLE_OF.matcher(q);
        if (multiple.matches()) {
            // "What is twice the population of X?" is "What is the population of X times two?"
            q = multiple.group(1) + " " + multiple.group(3) + " " + operation(multiple.group(2)) + "?";
        }
        Matcher arithmetic = ARITHMETIC.matcher(q);
        if (arithmetic.matches() && !isQuantity(arithmetic.group(1))) {
            // an operation on a value that must be looked up first; a plain "3 times two" stays whole
            return Decomposition.of(List.of(
                    SubTask.of("What is " + arithmetic.group(1) + "?"),
                    new SubTask("What is {{0}} " + arithmetic.group(2) + "?", List.of(0), true)));
        }
        Optional<Comparison> comparison = Comparison.parse(q);
        if (comparison.isPresent()) {
            List<String> attributes = comparison.get().attributeQuestions(q);
            return Decomposition.of(List.of(
                    new SubTask(attributes.get(0), List.of(), true),
                    new SubTask(attributes.get(1), List.of(), true),
                    new SubTask(q, List.of(0, 1), true)));
        }
        Optional<Decomposition> bridge = bridge(q);
        return bridge.orElseGet(Decomposition::atomicTask);
    }

    private static List<String> compoundParts(String q) {
        List<String> out = new ArrayList<>();
        for (String semi : q.split(";")) {
            for (String part : AND_QUESTION.split(semi)) {
                String p = part.strip();
                if (!p.isEmpty() && !Text.contentStems(p).isEmpty()) {
                    out.add(asQuestion(p));
                }
            }
        }
        return out;
    }

    private static Optional<Decomposition> bridge(String q) {
        Matcher rel = RELATIVE.matcher(q);
        if (rel.find()) {
            String noun = rel.group(1);
            String clause = rel.group(3);
            String before = q.substring(0, rel.start());
            String trailing = "";
            String[] clauseWords = clause.split("\\s+");
            String last = clauseWords[clauseWords.length - 1].toLowerCase(Locale.ROOT);
            if (clauseWords.length > 2 && ENDS_WITH_AUX.matcher(before).find() && isParticiple(last)) {
                // "When was the company that makes Windows founded?": "founded" belongs to the outer question
                trailing = " " + clauseWords[clauseWords.length - 1];
                clause = clause.substring(0, clause.length() - trailing.length() + 1)
                        .strip();
            }
            String inner = rel.group(2).equals("who") && PERSONS.contains(lastWord(noun))
                    ? "Who " + clause + "?"
                    : "Which " + noun + " " + clause + "?";
            String outer = before + "{{0}}" + trailing + (q.endsWith("?") ? "?" : "");
            if (hasContent(outer)) {
                return Optional.of(bridgeOf(inner, outer));
            }
        }
        Matcher of = OF_ENTITY.matcher(q);
        if (of.find()) {
            String phrase = of.group();
            String inner = (PERSONS.contains(lastWord(of.group(1))) ? "Who is " : "What is ") + phrase + "?";
            String outer = q.substring(0, of.start()) + "{{0}}" + q.substring(of.end());
            if (hasContent(outer) && !ANSWER_TYPE_ONLY.matcher(outer).matches()) {
                return Optional.of(bridgeOf(inner, outer));
            }
        }
        return Optional.empty();
    }

    private static String operation(String multiple) {
        return switch (multiple.toLowerCase(Locale.ROOT)) {
            case "twice", "double" -> "times two";
            case "triple", "thrice" -> "times three";
            default -> "divided by two";
        };
    }

    /** "11 million", "3.5 kilometres": a value already there, nothing to look up. */
    private static boolean isQuantity(String phrase) {
        List<String> words = Text.words(phrase);
        return !words.isEmpty() && Text.isNumber(words.get(0)) && words.size() <= 3;
    }

    private static boolean isParticiple(String word) {
        return word.endsWith("ed")
                || Set.of("born", "built", "written", "made", "sold", "begun", "drawn")
                        .contains(word);
    }

    private static Decomposition bridgeOf(String inner, String outer) {
        return Decomposition.of(List.of(SubTask.of(inner), new SubTask(outer, List.of(0), false)));
    }

    /** Whether the outer question asks something beyond its question words and the placeholder. */
    private static boolean hasContent(String outer) {
        for (String w : Text.words(outer.replace("{{0}}", " "))) {
            String l = w.toLowerCase(Locale.ROOT);
            if (!QUESTION_WORDS.contains(l) && !Text.isStopWord(l)) {
                return true;
            }
        }
        return false;
    }

    private static String lastWord(String phrase) {
        String[] w = phrase.strip().split("\\s+");
        return w[w.length - 1].toLowerCase(Locale.ROOT);
    }

    private static String asQuestion(String part) {
        String p = part.endsWith("?") || part.endsWith(".") ? part.substring(0, part.length() - 1) : part;
        return Character.toUpperCase(p.charAt(0)) + p.substring(1) + "?";
    }
}
