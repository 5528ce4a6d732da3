package io.d3mas.examples.eval;

import io.d3mas.examples.data.EvalItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The harness's metrics, each a pure function of the model's output and the item's gold (HumanEval's pass@1
 * also runs the item's tests, in {@link PythonSandbox}).
 *
 * <ul>
 *   <li>multiple choice (MMLU, ARC): the label the output states equals the answer key;
 *   <li>GSM8K: the output's final number equals the gold number;
 *   <li>HotpotQA, MuSiQue: exact match and token F1 after SQuAD normalisation, best over the gold answers;
 *   <li>CommonGen: the share of concepts the sentence uses, inflections allowed;
 *   <li>HumanEval: pass@1, the completion passes the item's tests.
 * </ul>
 */
public final class Scoring {

    /**
     * The score of one output.
     *
     * @param accuracy the dataset's main metric in [0, 1] (exact match for span answers)
     * @param f1 token F1 for span answers, else equal to {@code accuracy}
     * @param extracted what was read from the output as its answer (empty when nothing was)
     */
    public record Score(double accuracy, double f1, String extracted) {}

    private static final Pattern ANSWER_LINE = Pattern.compile("(?i)answer\\s*(?:is)?\\s*[:：]\\s*(.+)");
    private static final Pattern LABEL = Pattern.compile("^\\(?([A-Za-z]|[1-9])\\)?(?:[.):\\s]|$)");
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)answer is\\s*\\(?([A-Za-z]|[1-9])\\)?\\b");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");
    private static final Pattern CODE_BLOCK = Pattern.compile("```(?:python|py)?[ \\t]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");

    private Scoring() {}

    /**
     * Scores an output. A CODE item is scored by running its tests, which needs {@code sandbox}.
     *
     * @throws IllegalStateException for a CODE item when {@code sandbox} is null
     */
    public static Score score(EvalItem item, String output, @Nullable PythonSandbox sandbox) {
        switch (item.kind()) {
            case CHOICE -> {
                String label = choice(output, item.choices()).orElse("");
                double a = label.equals(item.answers().get(0)) ? 1 : 0;
                return new Score(a, a, label);
            }
            case NUMBER -> {
                String n = finalNumber(output).orElse("");
                double a = !n.isEmpty() && sameNumber(n, item.answers().get(0)) ? 1 : 0;
                return new Score(a, a, n);
            }
            case SPAN -> {
                String span = finalAnswer(output);
                return new Score(exactMatch(span, item.answers()), f1(span, item.answers()), span);
            }
            case CONCEPTS -> {
                String sentence = finalAnswer(output);
                double c = conceptCoverage(sentence, item.answers());
                return new Score(c, c, sentence);
            }
            case CODE -> {
                if (sandbox == null) {
                    throw new IllegalStateException("HumanEval is scored by running Python: no python3 was found on"
                            + " the PATH, so item " + item.id() + " cannot be scored; install python3 and run again");
                }
                EvalItem.CodeTask task = item.code();
                String program = program(task, code(output));
                PythonSandbox.Result r = sandbox.run(program);
                double a = r.passed() ? 1 : 0;
                return new Score(a, a, r.summary());
            }
        }
        throw new AssertionError(item.kind());
    }

    /**
     * The answer an output states: the text after its last "Answer:" on that line, else its last non-blank line,
     * without markdown emphasis or a final full stop.
     */
    public static String finalAnswer(String output) {
        String found = null;
        for (String line : output.split("\\R")) {
            Matcher m = ANSWER_LINE.matcher(line);
            if (m.find()) {
                found = m.group(1);
            }
        }
        if (found == null) {
            String[] lines = output.strip().split("\\R");
            found = lines.length == 0 ? "" : lines[lines.length - 1];
        }
        String s = found.replace("**", "").replace("__", "").strip();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    /** The choice label an output picks: a label, an option's text, or "the answer is X"; empty if none. */
    public static Optional<String> choice(String output, List<EvalItem.Choice> choices) {
        String stated = finalAnswer(output);
        Matcher m = LABEL.matcher(stated);
        if (m.find()) {
            Optional<String> l = label(m.group(1), choices);
            if (l.isPresent()) {
                return l;
            }
        }
        String norm = normalize(stated);
        for (EvalItem.Choice c : choices) {
            if (!norm.isEmpty() && normalize(c.text()).equals(norm)) {
                return Optional.of(c.label());
            }
        }
        Matcher is = ANSWER_IS.matcher(output);
        String last = null;
        while (is.find()) {
            last = is.group(1);
        }
        return last == null ? Optional.empty() : label(last, choices);
    }

    private static Optional<String> label(String raw, List<EvalItem.Choice> choices) {
        for (EvalItem.Choice c : choices) {
            if (c.label().equalsIgnoreCase(raw)) {
                return Optional.of(c.label());
            }
        }
        return Optional.empty();
    }

    /** The final number of an output: the last number of its stated answer, else of the whole output. */
    public static Optional<String> finalNumber(String output) {
        String n = lastNumber(finalAnswer(output));
        if (n == null) {
            n = lastNumber(output);
        }
        return Optional.ofNullable(n);
    }

    private static @Nullable String lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last == null ? null : last.replace(",", "");
    }

    /** Whether two decimal numbers are equal ("18", "18.0" and "18.00" are). */
    public static boolean sameNumber(String a, String b) {
        try {
            return new BigDecimal(a.replace(",", "")).compareTo(new BigDecimal(b.replace(",", ""))) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** SQuAD normalisation: lower case, no punctuation, no articles, single spaces. */
    public static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}‘’“”]", " ");
        return ARTICLES.matcher(lower).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    /** 1 when the prediction equals any gold answer after {@link #normalize}, else 0. */
    public static double exactMatch(String prediction, List<String> golds) {
        String p = normalize(prediction);
        return golds.stream().anyMatch(g -> normalize(g).equals(p)) ? 1 : 0;
    }

    /** SQuAD token F1, the best over the gold answers. */
    public static double f1(String prediction, List<String> golds) {
        double best = 0;
        for (String g : golds) {
            best = Math.max(best, f1(prediction, g));
        }
        return best;
    }

    private static double f1(String prediction, String gold) {
        List<String> p = tokens(normalize(prediction));
        List<String> g = tokens(normalize(gold));
        if (p.isEmpty() || g.isEmpty()) {
            return p.equals(g) ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        g.forEach(t -> counts.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / p.size();
        double recall = (double) common / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    /**
     * The share of concepts a sentence uses. A concept counts when a word of the sentence is the concept or a
     * regular inflection of it: -s, -es, -ies, -ed, -d, -ied, -ing, with a dropped final e or a doubled final
     * consonant. Irregular forms (ran, children) do not count.
     */
    public static double conceptCoverage(String sentence, List<String> concepts) {
        if (concepts.isEmpty()) {
            return 0;
        }
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(sentence.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        int covered = 0;
        for (String c : concepts) {
            String concept = c.toLowerCase(Locale.ROOT);
            if (words.stream().anyMatch(w -> inflectionOf(w, concept))) {
                covered++;
            }
        }
        return (double) covered / concepts.size();
    }

    static boolean inflectionOf(String word, String concept) {
        if (word.equals(concept)) {
            return true;
        }
        if (!word.startsWith(concept.substring(0, Math.max(1, concept.length() - 1)))) {
            return false;
        }
        List<String> forms = new ArrayList<>(List.of(
                concept + "s",
                concept + "es",
                concept + "ed",
                concept + "d",
                concept + "ing",
                concept + "er",
                concept + "ers"));
        char last = concept.charAt(concept.length() - 1);
        String stem = concept.substring(0, concept.length() - 1);
        if (last == 'e') {
            forms.add(stem + "ing");
        }
        if (last == 'y') {
            forms.add(stem + "ies");
            forms.add(stem + "ied");
        }
        if ("aeiouy".indexOf(last) < 0) {
            forms.add(concept + last + "ing");
            forms.add(concept + last + "ed");
            forms.add(concept + last + "er");
        }
        return forms.contains(word);
    }

    /** The code of an output: its first fenced block, or the whole output when it has none. */
    public static String code(String output) {
        Matcher m = CODE_BLOCK.matcher(output);
        return m.find() ? m.group(1) : output;
    }

    /**
     * The program HumanEval runs: a completion that defines the entry point whole is used with the prompt's import
     * lines; a completion that is only the body continues the prompt. Then the tests and
     * {@code check(<entry point>)}.
     */
    public static String program(EvalItem.CodeTask task, String completion) {
        StringBuilder p = new StringBuilder();
        if (completion.contains("def " + task.entryPoint() + "(")) {
            for (String line : task.prompt().split("\\R")) {
                if (line.startsWith("import ") || line.startsWith("from ")) {
                    p.append(line).append('\n');
                }
            }
            p.append(completion);
        } else {
            p.append(task.prompt()).append(completion);
        }
        p.append("\n\n")
                .append(task.test())
                .append("\n\ncheck(")
                .append(task.entryPoint())
                .append(")\n");
        return p.toString();
    }
}
