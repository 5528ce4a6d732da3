package io.d3mas.examples.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * What a run measured, per method, from its rows: {@code results.json}.
 *
 * <p>Accuracy is the mean over the method's items; an item on which the method failed (error row) counts as 0,
 * so failing does not raise a method's score. Tokens, calls and redundancy are means over the items without
 * error; latency is the median and 95th percentile over them.
 *
 * @param method the method's name
 * @param description what it is
 * @param items items with a row (each counted once, whatever its repeats)
 * @param errors rows recording a failure (one per failed repeat)
 * @param budgetStops rows where the token budget (or a failed call) stopped planned calls
 * @param accuracy mean accuracy, null for methods that answer nothing
 * @param f1 mean token F1 (span datasets), null as accuracy
 * @param tokens mean tokens per item
 * @param inputTokens mean prompt tokens per item
 * @param outputTokens mean completion tokens per item
 * @param calls mean LLM calls per item
 * @param latencyMedianMs median wall time per item
 * @param latencyP95Ms 95th percentile
 * @param memoryRedundancy mean memory redundancy
 * @param reasoningRedundancy mean reasoning redundancy
 * @param taskRedundancy mean task redundancy
 * @param supportingRecall mean supporting-paragraph recall, null where no item labels it
 * @param byGroup accuracy per group (MMLU subject, MuSiQue hop type); empty when items have none
 * @param paragraphs mean distinct memory records read per item
 * @param recallAtBudget mean recall of the supporting paragraphs within the first B distinct paragraphs read, for
 *     B = 1, 2, … {@link #MAX_BUDGET} (index B − 1); empty where no item labels supporting paragraphs
 * @param repeats the repeats with rows
 * @param acrossRepeats per metric (accuracy, tokens, memoryRedundancy, recallAtK), the spread of the per-repeat
 *     means; empty for a single repeat
 */
public record Summary(
        String method,
        String description,
        int items,
        int errors,
        int budgetStops,
        @Nullable Double accuracy,
        @Nullable Double f1,
        double tokens,
        double inputTokens,
        double outputTokens,
        double calls,
        double latencyMedianMs,
        double latencyP95Ms,
        double memoryRedundancy,
        double reasoningRedundancy,
        double taskRedundancy,
        @Nullable Double supportingRecall,
        Map<String, Double> byGroup,
        double paragraphs,
        List<Double> recallAtBudget,
        int repeats,
        Map<String, Spread> acrossRepeats) {

    /** The largest paragraph budget recall is reported at. */
    static final int MAX_BUDGET = 20;

    /**
     * The spread of one metric's per-repeat means.
     *
     * @param mean the mean of the repeats' means
     * @param sd their sample standard deviation (0 for one repeat)
     * @param min the lowest
     * @param max the highest
     * @param n repeats
     */
    public record Spread(double mean, double sd, double min, double max, int n) {
        static Spread of(List<Double> values) {
            double mean =
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double ss =
                    values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Spread(
                    mean,
                    values.size() < 2 ? 0 : Math.sqrt(ss / (values.size() - 1)),
                    values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    values.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    values.size());
        }
    }

    /** One summary per method, in the settings' method order, for the methods that have rows. */
    static List<Summary> of(EvalSettings settings, List<ResultRow> rows) {
        List<Summary> out = new ArrayList<>();
        for (EvalMethod m : settings.methods()) {
            List<ResultRow> mine =
                    rows.stream().filter(r -> r.method().equals(m.cliName())).toList();
            if (!mine.isEmpty()) {
                out.add(of(m, mine, settings.topK()));
            }
        }
        return out;
    }

    /** The metrics whose spread across repeats is reported, by name. */
    static Map<String, ToDoubleFunction<List<ResultRow>>> repeatedMetrics(EvalMethod m, int topK) {
        Map<String, ToDoubleFunction<List<ResultRow>>> out = new java.util.LinkedHashMap<>();
        if (m.needsLlm()) {
            out.put("accuracy", rs -> rs.stream()
                    .mapToDouble(r -> value(r.accuracy()))
                    .average()
                    .orElse(0));
            out.put("tokens", rs -> mean(ok(rs), ResultRow::tokens));
        }
        out.put("memoryRedundancy", rs -> mean(ok(rs), ResultRow::memoryRedundancy));
        out.put("recallAtK", rs -> ok(rs).stream()
                .map(r -> r.recallAt(topK))
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0));
        return out;
    }

    private static List<ResultRow> ok(List<ResultRow> rows) {
        return rows.stream().filter(r -> !r.failed()).toList();
    }

    static Summary of(EvalMethod m, List<ResultRow> rows, int topK) {
        List<ResultRow> ok = rows.stream().filter(r -> !r.failed()).toList();
        int errors = rows.size() - ok.size();
        Double accuracy = null;
        Double f1 = null;
        Map<String, Double> byGroup = new TreeMap<>();
        if (m.needsLlm()) {
            accuracy = rows.stream()
                    .mapToDouble(r -> value(r.accuracy()))
                    .average()
                    .orElse(0);
            f1 = rows.stream().mapToDouble(r -> value(r.f1())).average().orElse(0);
            Map<String, double[]> sums = new TreeMap<>();
            for (ResultRow r : rows) {
                if (!r.group().isEmpty()) {
                    double[] s = sums.computeIfAbsent(r.group(), g -> new double[2]);
                    s[0] += value(r.accuracy());
                    s[1]++;
                }
            }
            sums.forEach((g, s) -> byGroup.put(g, s[0] / s[1]));
        }
        List<Double> recalls = ok.stream()
                .map(ResultRow::supportingRecall)
                .filter(v -> v != null)
                .toList();
        List<Double> recallAt = new ArrayList<>();
        List<ResultRow> labelled =
                ok.stream().filter(r -> r.supportingTotal() > 0).toList();
        if (!labelled.isEmpty()) {
            for (int b = 1; b <= MAX_BUDGET; b++) {
                int budget = b;
                recallAt.add(labelled.stream()
                        .mapToDouble(r -> r.recallAt(budget))
                        .average()
                        .orElse(0));
            }
        }
        Map<Integer, List<ResultRow>> byRepeat = new TreeMap<>();
        rows.forEach(r ->
                byRepeat.computeIfAbsent(r.repeat(), x -> new ArrayList<>()).add(r));
        Map<String, Spread> spreads = new java.util.LinkedHashMap<>();
        if (byRepeat.size() > 1) {
            repeatedMetrics(m, topK)
                    .forEach((name, f) -> spreads.put(
                            name,
                            Spread.of(byRepeat.values().stream()
                                    .map(rs -> f.applyAsDouble(rs))
                                    .toList())));
        }
        List<Double> latencies =
                new ArrayList<>(ok.stream().map(r -> (double) r.latencyMs()).toList());
        Collections.sort(latencies);
        return new Summary(
                m.cliName(),
                m.description(),
                (int) rows.stream().map(ResultRow::itemId).distinct().count(),
                errors,
                (int) ok.stream().filter(r -> !r.stopped().isEmpty()).count(),
                accuracy,
                f1,
                mean(ok, r -> r.tokens()),
                mean(ok, r -> r.inputTokens()),
                mean(ok, r -> r.outputTokens()),
                mean(ok, r -> r.calls()),
                percentile(latencies, 0.5),
                percentile(latencies, 0.95),
                mean(ok, ResultRow::memoryRedundancy),
                mean(ok, ResultRow::reasoningRedundancy),
                mean(ok, ResultRow::taskRedundancy),
                recalls.isEmpty()
                        ? null
                        : recalls.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElse(0),
                byGroup,
                mean(ok, ResultRow::memoryNodes),
                recallAt,
                byRepeat.size(),
                spreads);
    }

    private static double value(@Nullable Double d) {
        return d == null ? 0 : d;
    }

    private static double mean(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).average().orElse(0);
    }

    /** The nearest-rank percentile of sorted values; 0 for none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        if (p == 0.5 && sorted.size() % 2 == 0) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /**
     * Writes {@code results.json}: the settings, the item count, one summary per method and the headline paired
     * comparisons.
     */
    static void write(Path file, EvalSettings settings, int items, List<Summary> summaries, List<Paired> comparisons) {
        ObjectNode root = ResultsFile.JSON.createObjectNode();
        root.set("settings", ResultsFile.JSON.valueToTree(settings.identity()));
        ArrayNode methods = root.putArray("methodsRequested");
        settings.methods().forEach(m -> methods.add(m.cliName()));
        root.put("limit", settings.limit());
        root.put("items", items);
        root.put("repeats", settings.repeats());
        root.put("recallBudget", settings.topK());
        root.set("methods", ResultsFile.JSON.valueToTree(summaries));
        root.set("comparisons", ResultsFile.JSON.valueToTree(comparisons));
        try {
            Files.writeString(
                    file, ResultsFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
