package io.d3mas.examples;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Scheduling benchmark (issue 2): agents whose reasoning sleeps 200 ms; a query that decomposes into 6
 * independent sub-tasks plus one that depends on two of them. The critical path is 2 × 200 ms. Prints the
 * median solve wall time over that bound for the parallel scheduler and for a sequential run
 * (maxConcurrency = 1) in the same process; then the same plan with log-normal agent latencies of the same mean,
 * each solve against its own critical path.
 *
 * <p>Run: {@code mvn -q -DskipTests package exec:java -pl d3mas-examples -am
 * -Dexec.mainClass=io.d3mas.examples.SchedulingBenchmark [-Dexec.args="runs warmups"]} (default 7 runs after 30
 * warm-up solves).
 */
public final class SchedulingBenchmark {

    private static final long SLEEP_MS = 200;

    /**
     * Solves before the measured ones, so that "cold" means the embedding cache, not the JIT: with one warm-up solve
     * the cold parallel median was ~10 ms higher than with 60, as the compiler threads still shared the two cores.
     */
    private static int warmups = 30;

    private SchedulingBenchmark() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        warmups = args.length > 1 ? Integer.parseInt(args[1]) : warmups;
        Agent sleeper = r -> {
            Thread.sleep(SLEEP_MS);
            return new ReasoningResult(
                    "done", "done: " + r.task(), List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
        };
        List<SubTask> plan = new ArrayList<>();
        String[] topics = {
            "rivers of Europe",
            "mountains of Asia",
            "lakes of Africa",
            "deserts of Australia",
            "islands of the Pacific",
            "volcanoes of Iceland"
        };
        for (String t : topics) {
            plan.add(SubTask.of("List the " + t));
        }
        plan.add(new SubTask("Compare {{0}} with {{1}}", List.of(0, 1), true));
        double bound = 2 * SLEEP_MS;
        System.out.printf(
                Locale.ROOT,
                "critical-path bound: %.0f ms (2 x %d ms), %d runs each after %d warm-up solves; machine: %s, %d cores,"
                        + " Java %s%n",
                bound,
                SLEEP_MS,
                runs,
                warmups,
                io.d3mas.examples.eval.CoordinationBenchmark.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        // cold: every text is embedded on every solve; warm: the embedding cache (on by default) answers repeats
        for (boolean cached : new boolean[] {false, true}) {
            try (BgeEmbeddingModel embeddings = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                            .cacheSize(cached ? 10_000 : 0)
                            .build();
                    D3Mas team = team(embeddings, sleeper, plan, topics)) {
                SolveSettings parallel = team.settings();
                SolveSettings sequential =
                        parallel.toBuilder().maxConcurrency(1).build();
                warmUp(team);
                String label = cached ? "embedding cache warm" : "embedding cache off";
                double p = median(team, parallel, runs);
                double s = median(team, sequential, runs);
                System.out.printf(
                        Locale.ROOT,
                        "%-21s parallel (maxConcurrency=%d): median %.0f ms, ratio %.3f%n",
                        label,
                        parallel.maxConcurrency(),
                        p,
                        p / bound);
                System.out.printf(
                        Locale.ROOT,
                        "%-21s sequential (maxConcurrency=1): median %.0f ms, ratio %.3f; parallel is %.2fx faster%n",
                        label,
                        s,
                        s / bound,
                        s / p);
                SolveResult last = team.solve("Survey the geography of the world", parallel);
                System.out.println("  one parallel solve, per step (ms): " + stepMillis(last));
            }
        }
        jittered(runs * 3, plan, topics);
        decompositionWaves(runs);
    }

    /**
     * A decomposer that takes 100 ms a call (an LLM's latency) on a query of three sub-tasks it must look at again:
     * the siblings' calls run at once, against one at a time (the team's calls held to one, as before waves).
     */
    private static void decompositionWaves(int runs) {
        Decomposer slow = r -> {
            Thread.sleep(100);
            return r.depth() == 0
                    ? Decomposition.of(List.of(
                            SubTask.of("List the rivers of Europe"),
                            SubTask.of("List the mountains of Asia"),
                            SubTask.of("List the lakes of Africa")))
                    : Decomposition.atomicTask();
        };
        try (BgeEmbeddingModel embeddings =
                BgeEmbeddingModel.bgeSmallEnV15Quantized().build()) {
            double[] median = new double[2];
            int[] bounds = {1, D3Mas.DEFAULT_MAX_CONCURRENT_CALLS};
            for (int b = 0; b < 2; b++) {
                try (D3Mas team = D3Mas.builder()
                        .embeddingModel(embeddings)
                        .decomposer(slow)
                        .withoutMessagePassing()
                        .maxConcurrentCalls(bounds[b])
                        .agent("geo", "Geography", r -> ReasoningResult.answer("done")
                                .build())
                        .build()) {
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        SolveResult r = team.solve("Survey the geography of the world");
                        ms.add(r.timings().get(Step.DECOMPOSE).toNanos() / 1e6);
                    }
                    Collections.sort(ms);
                    median[b] = ms.get(ms.size() / 2);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "decomposer of 100 ms a call, 3 siblings to look at again: DECOMPOSE median %.0f ms with the"
                            + " siblings at once, %.0f ms one at a time (%.2fx)%n",
                    median[1],
                    median[0],
                    median[0] / median[1]);
        }
    }

    /**
     * The same plan with log-normal agent latencies (σ = 0.5, mean 200 ms), drawn anew for every solve (seeded):
     * each solve's wall time over its own critical path, max(slowest independent task, max(task 0, task 1) + the
     * dependent task).
     */
    private static void jittered(int runs, List<SubTask> plan, String[] topics) {
        double sigma = 0.5;
        double mu = Math.log(SLEEP_MS) - sigma * sigma / 2;
        java.util.Random random = new java.util.Random(24);
        long[] latency = new long[topics.length + 1];
        Agent jitter = r -> {
            int i = topics.length; // the dependent task, "Compare … with …"
            for (int t = 0; t < topics.length; t++) {
                if (r.task().contains(topics[t])) {
                    i = t;
                }
            }
            Thread.sleep(latency[i]);
            return new ReasoningResult(
                    "done", "done: " + r.task(), List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
        };
        for (boolean cached : new boolean[] {false, true}) {
            try (BgeEmbeddingModel embeddings = BgeEmbeddingModel.bgeSmallEnV15Quantized()
                            .cacheSize(cached ? 10_000 : 0)
                            .build();
                    D3Mas team = team(embeddings, jitter, plan, topics)) {
                java.util.Arrays.fill(latency, 1);
                warmUp(team);
                List<Double> ratios = new ArrayList<>();
                double meanPath = 0;
                for (int run = 0; run < runs; run++) {
                    for (int i = 0; i < latency.length; i++) {
                        latency[i] = Math.round(Math.exp(mu + sigma * random.nextGaussian()));
                    }
                    long slowest = 0;
                    for (int i = 0; i < topics.length; i++) {
                        slowest = Math.max(slowest, latency[i]);
                    }
                    double path = Math.max(slowest, Math.max(latency[0], latency[1]) + latency[topics.length]);
                    long start = System.nanoTime();
                    team.solve("Survey the geography of the world", team.settings());
                    ratios.add((System.nanoTime() - start) / 1e6 / path);
                    meanPath += path / runs;
                }
                Collections.sort(ratios);
                System.out.printf(
                        Locale.ROOT,
                        "%-21s jittered (log-normal, mean %d ms, σ %.1f, %d solves): median wall ÷ own critical path"
                                + " %.3f (p90 %.3f); mean critical path %.0f ms%n",
                        cached ? "embedding cache warm" : "embedding cache off",
                        SLEEP_MS,
                        sigma,
                        runs,
                        ratios.get(ratios.size() / 2),
                        ratios.get((int) Math.ceil(ratios.size() * 0.9) - 1),
                        meanPath);
            }
        }
    }

    private static void warmUp(D3Mas team) {
        for (int i = 0; i < warmups; i++) {
            team.solve("warm-up", team.settings());
        }
    }

    private static D3Mas team(BgeEmbeddingModel embeddings, Agent sleeper, List<SubTask> plan, String[] topics) {
        D3Mas.Builder builder = D3Mas.builder()
                .embeddingModel(embeddings)
                .decomposer(r -> r.depth() == 0 ? Decomposition.of(plan) : Decomposition.atomicTask())
                .withoutMessagePassing();
        for (int i = 0; i < topics.length; i++) {
            builder.agent("agent" + i, "Expert in " + topics[i], sleeper);
        }
        return builder.build();
    }

    private static String stepMillis(SolveResult r) {
        StringBuilder sb = new StringBuilder();
        r.timings()
                .forEach((step, d) ->
                        sb.append(step).append('=').append(String.format(Locale.ROOT, "%.1f ", d.toNanos() / 1e6)));
        return sb.toString().trim();
    }

    private static double median(D3Mas team, SolveSettings settings, int runs) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            SolveResult r = team.solve("Survey the geography of the world", settings);
            ms.add((System.nanoTime() - start) / 1e6);
            if (r.usage().agentCalls() != 7) {
                throw new IllegalStateException(
                        "expected 7 agent calls, got " + r.usage().agentCalls() + ": " + r.warnings());
            }
        }
        Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }
}
