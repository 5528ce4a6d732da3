package io.d3mas.agent;

import io.d3mas.metrics.TokenCount;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline calculator: answers one arithmetic operation on two quantities, "What is 11 million times two?" →
 * "22 million", keeping the first quantity's scale and unit. Operations: times, multiplied by, divided by, plus,
 * minus; numbers in digits (with separators) or as words up to twelve. Anything else it does not answer and says
 * what it needs, so the engine's feedback can split the task (a value to look up first). Exact: confidence 1 when
 * it answers. No model, no tokens. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ArithmeticAgent implements Agent {

    private static final String NUMBER =
            "\\d[\\d,]*(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";
    private static final Pattern QUESTION = Pattern.compile(
            "^(?:what is|what's|how much is|calculate|compute)\\s+(" + NUMBER + ")\\s*((?:[a-z]+\\s+){0,2}?)"
                    + "(times|multiplied by|divided by|plus|minus)\\s+(" + NUMBER + ")\\s*([a-z]+\\s*){0,2}\\??$",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> WORDS = Map.ofEntries(
            Map.entry("one", 1),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9),
            Map.entry("ten", 10),
            Map.entry("eleven", 11),
            Map.entry("twelve", 12));

    /** What a task it cannot compute lacks, in its {@code needs}. */
    static final String NEEDS =
            "an arithmetic question on known numbers: a number, an operation (times, divided by, plus, minus) and a number";

    @Override
    public ReasoningResult reason(ReasoningRequest request) {
        Optional<String> result = compute(request.task().strip());
        if (result.isEmpty()) {
            return ReasoningResult.unanswered(List.of(NEEDS));
        }
        String task = request.task().strip();
        String statement = task.replaceFirst("(?i)^(what is|what's|how much is|calculate|compute)\\s+", "")
                .replaceFirst("\\s*\\?$", "");
        List<String> premises = new ArrayList<>();
        for (Premise p : request.premises()) {
            if (!p.answer().isBlank() && task.contains(p.answer())) {
                premises.add(p.conclusion()); // the looked-up value it computes with
            }
        }
        return new ReasoningResult(
                result.get(),
                statement + " is " + result.get() + ".",
                premises,
                1.0,
                List.of(),
                List.of(),
                TokenCount.ZERO,
                0);
    }

    /** The result with the first quantity's scale and unit, or empty when the text is not one operation. */
    static Optional<String> compute(String task) {
        Matcher m = QUESTION.matcher(task);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal a = number(m.group(1));
        BigDecimal b = number(m.group(4));
        String op = m.group(3).toLowerCase(Locale.ROOT);
        BigDecimal r;
        switch (op) {
            case "times", "multiplied by" -> r = a.multiply(b);
            case "plus" -> r = a.add(b);
            case "minus" -> r = a.subtract(b);
            default -> {
                if (b.signum() == 0) {
                    return Optional.empty();
                }
                r = a.divide(b, MathContext.DECIMAL64);
            }
        }
        String unit = m.group(2).strip();
        String value = r.stripTrailingZeros().toPlainString();
        return Optional.of(unit.isEmpty() ? value : value + " " + unit);
    }

    private static BigDecimal number(String word) {
        Integer w = WORDS.get(word.toLowerCase(Locale.ROOT));
        return w != null ? BigDecimal.valueOf(w) : new BigDecimal(word.replace(",", ""));
    }
}
