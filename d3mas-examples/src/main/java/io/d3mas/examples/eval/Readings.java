package io.d3mas.examples.eval;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The one-line readings under the report's charts: what the numbers say, from the numbers. */
final class Readings {

    private Readings() {}

    static String recall(List<Summary> summaries, int topK) {
        List<Summary> with =
                summaries.stream().filter(s -> !s.recallAtBudget().isEmpty()).toList();
        Summary best =
                with.stream().max(Comparator.comparingDouble(s -> at(s, topK))).orElseThrow();
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "Higher is better. At an equal budget of %d paragraphs, %s finds the most supporting paragraphs (%.3f)",
                topK,
                best.method(),
                at(best, topK)));
        Optional<Summary> ours = d3mas(with);
        if (ours.isPresent() && ours.get() != best) {
            out.append(String.format(Locale.ROOT, "; %s finds %.3f", ours.get().method(), at(ours.get(), topK)));
        }
        return out.append(". A line that stops rising has read all it retrieves (θ cut it short).")
                .toString();
    }

    static String redundancy(List<Summary> summaries) {
        String what = "Lower is better: the share of records read by two or more agents (memory), of conclusion pairs"
                + " and of task pairs above cosine 0.85 (reasoning, task).";
        Optional<Summary> ours = d3mas(summaries);
        if (ours.isEmpty()) {
            return what;
        }
        String same =
                ours.get().method().startsWith("retrieval-") ? "retrieval-d3mas-no-hand-over" : "d3mas-no-hand-over";
        Optional<Summary> ref =
                summaries.stream().filter(s -> s.method().equals(same)).findFirst();
        if (ref.isEmpty()) {
            return what;
        }
        double a = ours.get().memoryRedundancy();
        double b = ref.get().memoryRedundancy();
        return what
                + String.format(
                        Locale.ROOT,
                        " %s's memory redundancy is %.3f against %.3f for the same sub-tasks without coordination%s.",
                        ours.get().method(),
                        a,
                        b,
                        b > 0 ? String.format(Locale.ROOT, " (%.2f ×)", a / b) : "");
    }

    static String accuracy(List<Summary> scored) {
        Summary best = scored.stream()
                .max(Comparator.comparingDouble(s -> s.accuracy() == null ? 0 : s.accuracy()))
                .orElseThrow();
        Summary cheapest =
                scored.stream().min(Comparator.comparingDouble(Summary::tokens)).orElseThrow();
        return String.format(
                Locale.ROOT,
                "Up and to the left is better. %s is the most accurate (%.3f at %.0f tokens per item); %s spends the"
                        + " least (%.0f tokens, accuracy %.3f).",
                best.method(),
                best.accuracy(),
                best.tokens(),
                cheapest.method(),
                cheapest.tokens(),
                cheapest.accuracy());
    }

    static String latency(List<Summary> summaries) {
        Summary fastest = summaries.stream()
                .min(Comparator.comparingDouble(Summary::latencyMedianMs))
                .orElseThrow();
        Summary slowest = summaries.stream()
                .max(Comparator.comparingDouble(Summary::latencyMedianMs))
                .orElseThrow();
        return String.format(
                Locale.ROOT,
                "Lower is better; wall time per item, including the harness's own work. Medians run from %.0f ms (%s)"
                        + " to %.0f ms (%s).",
                fastest.latencyMedianMs(),
                fastest.method(),
                slowest.latencyMedianMs(),
                slowest.method());
    }

    private static double at(Summary s, int budget) {
        return s.recallAtBudget().get(Math.min(budget, s.recallAtBudget().size()) - 1);
    }

    private static Optional<Summary> d3mas(List<Summary> summaries) {
        for (String name : List.of("d3mas", "retrieval-d3mas", "d3mas-gold", "retrieval-d3mas-gold")) {
            Optional<Summary> s =
                    summaries.stream().filter(x -> x.method().equals(name)).findFirst();
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }
}
