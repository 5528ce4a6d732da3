package io.d3mas.examples.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A headline comparison: D³MAS against one of the strongest simple alternatives on one metric, as paired per-item
 * differences (each item's value averaged over the repeats both methods have), with a 95 % percentile-bootstrap
 * interval of the mean difference (10,000 resamples, fixed seed, so the same rows give the same interval).
 *
 * @param method the D³MAS method
 * @param reference the alternative
 * @param why what the alternative stands for
 * @param metric accuracy, tokens, memoryRedundancy or recallAtK
 * @param lowerIsBetter whether a negative difference favours {@code method}
 * @param items items both methods have without error
 * @param mean the method's mean over those items
 * @param referenceMean the alternative's
 * @param difference mean of method − reference
 * @param low the interval's lower end
 * @param high its upper end
 * @param better items where the method is better
 * @param worse items where it is worse
 */
public record Paired(
        String method,
        String reference,
        String why,
        String metric,
        boolean lowerIsBetter,
        int items,
        double mean,
        double referenceMean,
        double difference,
        double low,
        double high,
        int better,
        int worse) {

    private static final int RESAMPLES = 10_000;
    private static final Set<String> ONE_AGENT =
            Set.of("single", "cot", "cot-sc", "retrieval-single", "retrieval-single-wide");

    /** Whether the interval excludes 0: the data favour one side at the 95 % level. */
    public boolean decided() {
        return low > 0 || high < 0;
    }

    /** The alternatives each D³MAS method is compared with, and what each stands for. */
    static Map<String, String> referencesOf(String method) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(method + "-no-hand-over", "the same sub-tasks without coordination");
        if (method.startsWith("retrieval-")) {
            out.put("retrieval-single-wide", "one retriever with as many results (equal paragraph budget)");
            out.put("retrieval-independent", "every agent retrieving on its own");
        } else {
            for (String b : List.of("single", "cot", "cot-sc", "chain", "star", "debate", "agentic-supervisor")) {
                out.put(b, "baseline " + b);
            }
        }
        return out;
    }

    /** The comparisons the rows allow, for every D³MAS method run against every alternative run. */
    static List<Paired> headline(List<ResultRow> rows, int topK) {
        Map<String, List<ResultRow>> byMethod = new LinkedHashMap<>();
        rows.forEach(r ->
                byMethod.computeIfAbsent(r.method(), m -> new ArrayList<>()).add(r));
        List<Paired> out = new ArrayList<>();
        for (String ours : List.of("d3mas", "d3mas-gold", "retrieval-d3mas", "retrieval-d3mas-gold")) {
            if (!byMethod.containsKey(ours)) {
                continue;
            }
            boolean llm = !ours.startsWith("retrieval-");
            for (Map.Entry<String, String> ref : referencesOf(ours).entrySet()) {
                List<ResultRow> theirs = byMethod.get(ref.getKey());
                if (theirs == null) {
                    continue;
                }
                List<String> metrics = new ArrayList<>(llm ? List.of("accuracy", "tokens") : List.of());
                if (!ONE_AGENT.contains(ref.getKey())) {
                    metrics.add("memoryRedundancy");
                }
                if (byMethod.get(ours).stream().anyMatch(r -> r.supportingTotal() > 0)) {
                    metrics.add("recallAtK");
                }
                for (String metric : metrics) {
                    Paired p = compare(
                            ours,
                            byMethod.get(ours),
                            ref.getKey(),
                            theirs,
                            ref.getValue(),
                            metric,
                            value(metric, topK));
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    private static Function<ResultRow, @Nullable Double> value(String metric, int topK) {
        return switch (metric) {
            case "accuracy" -> r -> r.accuracy() == null ? 0.0 : r.accuracy();
            case "tokens" -> r -> r.failed() ? null : (double) r.tokens();
            case "memoryRedundancy" -> r -> r.failed() ? null : r.memoryRedundancy();
            case "recallAtK" -> r -> r.failed() ? null : r.recallAt(topK);
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    static @Nullable Paired compare(
            String ours,
            List<ResultRow> mine,
            String reference,
            List<ResultRow> theirs,
            String why,
            String metric,
            Function<ResultRow, @Nullable Double> value) {
        Map<String, double[]> a = perItem(mine, value);
        Map<String, double[]> b = perItem(theirs, value);
        List<double[]> pairs = new ArrayList<>();
        a.forEach((item, sum) -> {
            double[] other = b.get(item);
            if (other != null) {
                pairs.add(new double[] {sum[0] / sum[1], other[0] / other[1]});
            }
        });
        if (pairs.isEmpty()) {
            return null;
        }
        boolean lower = !metric.equals("accuracy") && !metric.equals("recallAtK");
        double[] diffs = pairs.stream().mapToDouble(p -> p[0] - p[1]).toArray();
        double[] ci = bootstrap(diffs);
        int better = 0;
        int worse = 0;
        for (double d : diffs) {
            if (Math.abs(d) > 1e-12) {
                if ((d < 0) == lower) {
                    better++;
                } else {
                    worse++;
                }
            }
        }
        return new Paired(
                ours,
                reference,
                why,
                metric,
                lower,
                diffs.length,
                pairs.stream().mapToDouble(p -> p[0]).average().orElse(0),
                pairs.stream().mapToDouble(p -> p[1]).average().orElse(0),
                Arrays.stream(diffs).average().orElse(0),
                ci[0],
                ci[1],
                better,
                worse);
    }

    /** Item id → {sum of values, count} over the repeats with a value. */
    private static Map<String, double[]> perItem(List<ResultRow> rows, Function<ResultRow, @Nullable Double> value) {
        Map<String, double[]> out = new HashMap<>();
        for (ResultRow r : rows) {
            Double v = value.apply(r);
            if (v != null) {
                double[] s = out.computeIfAbsent(r.itemId(), k -> new double[2]);
                s[0] += v;
                s[1]++;
            }
        }
        return out;
    }

    /** The 2.5th and 97.5th percentiles of the mean of {@code diffs} over bootstrap resamples. */
    static double[] bootstrap(double[] diffs) {
        Random random = new Random(20_261_128L);
        double[] means = new double[RESAMPLES];
        for (int s = 0; s < RESAMPLES; s++) {
            double sum = 0;
            for (int i = 0; i < diffs.length; i++) {
                sum += diffs[random.nextInt(diffs.length)];
            }
            means[s] = sum / diffs.length;
        }
        Arrays.sort(means);
        return new double[] {means[(int) (0.025 * RESAMPLES)], means[(int) (0.975 * RESAMPLES) - 1]};
    }
}
