package io.d3mas.examples.eval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Ablation;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.Args;
import io.d3mas.examples.DemoTeam;
import io.d3mas.examples.baselines.TeamTalk;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Hop;
import io.d3mas.graph.Node;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.Retrieval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the coordination layer buys on multi-hop data, offline, against fair baselines (issue 16). Each item's
 * paragraphs are dealt to the agents as in the evaluation harness ({@link Workbench}); every method searches the
 * same store with real BGE embeddings:
 *
 * <ul>
 *   <li><b>D³MAS</b>: {@code D3Mas.solve} with offline retrieval agents, the rule-based decomposer or the dataset's
 *       gold decomposition replayed ({@code --decomposition gold}, MuSiQue);
 *   <li><b>same sub-tasks, no hand-over</b>: the same solve with {@link Ablation#NO_HAND_OVER}: the same
 *       decomposition, assignment, reasoning and feedback, but every task retrieves its top-k on its own;
 *   <li><b>every agent on its own</b>: each agent retrieves top-k for the question and its profile, without
 *       coordination (the harness's independent baseline, kept as a secondary row);
 *   <li><b>one retriever, D³MAS's paragraph count</b>: top-N for the question with no θ, N = the distinct
 *       paragraphs D³MAS read for that item, hand-overs included (recall at an equal paragraph budget);
 *   <li><b>one retriever, top-k above θ</b>.
 * </ul>
 *
 * Reads follow the evaluation's one memory-access policy ({@link Reads}): a record the ledger handed over as another
 * agent's conclusion counts as read by the receiving agent.
 *
 * <p>Rows: memory redundancy (mean per item), supporting-paragraph recall, distinct paragraphs per item; for the
 * solves also answer EM/F1, per-hop EM/F1 against the gold hop answers, agent calls, calls saved by reuse and
 * merging, reuses, and wrong reuses (the two tasks' gold answers differ). {@code --part tune} takes the items with
 * an even index in the file, {@code report} the odd ones: tune a threshold on one part, report on the other.
 * {@code --thresholds} runs the whole comparison at each θ (a calibration sweep).
 *
 * <p>{@code java ... CoordinationBenchmark [--dataset hotpotqa|musique] [--data <file>] [--decomposition
 * rules|gold] [--part all|tune|report] [--limit N] [--agents 5] [--k 5] [--thresholds 0.65] [--seed 1]
 * [--explain N]}; {@code --explain N} prints, for the first N D³MAS solves with memory redundancy, which steps of
 * which agents retrieved the same record, and every assignment.
 */
public final class CoordinationBenchmark {

    private CoordinationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(
                args,
                Set.of(
                        "dataset",
                        "data",
                        "decomposition",
                        "part",
                        "limit",
                        "agents",
                        "k",
                        "thresholds",
                        "seed",
                        "explain"));
        EvalDataset dataset = EvalDataset.named(a.getOrDefault("dataset", "hotpotqa"));
        if (!dataset.multiHop()) {
            throw new IllegalArgumentException(
                    "--dataset must be hotpotqa, hotpotqa-train or musique, was " + dataset.cliName());
        }
        Path file = Path.of(a.getOrDefault(
                "data", dataset.defaultPath(Path.of("../shared/data")).toString()));
        if (!Files.exists(file)) {
            System.out.println(dataset.cliName() + " not found at " + file + " (see ../shared/data/*/SOURCE.md); pass"
                    + " --data <file> to run this benchmark. Nothing measured.");
            return;
        }
        boolean gold = a.getOrDefault("decomposition", dataset == EvalDataset.MUSIQUE ? "gold" : "rules")
                .equals("gold");
        String part = a.getOrDefault("part", "all");
        if (!Set.of("all", "tune", "report").contains(part)) {
            throw new IllegalArgumentException("--part must be all, tune or report, was " + part);
        }
        int agents = Integer.parseInt(a.getOrDefault("agents", "5"));
        int k = Integer.parseInt(a.getOrDefault("k", "5"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        List<Double> thresholds = Arrays.stream(
                        a.getOrDefault("thresholds", "0.65").split(","))
                .map(String::strip)
                .map(Double::parseDouble)
                .toList();
        int explain = Integer.parseInt(a.getOrDefault("explain", "0"));
        int[] explained = {0};
        List<EvalItem> all = dataset.load(file);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (part.equals("all") || (i % 2 == 0) == part.equals("tune")) {
                indices.add(i);
            }
        }
        int limit = Math.min(indices.size(), Integer.parseInt(a.getOrDefault("limit", "" + indices.size())));
        if (gold && all.stream().anyMatch(i -> i.decomposition().isEmpty())) {
            throw new IllegalArgumentException("--decomposition gold needs items with a gold decomposition (musique)");
        }

        Map<Double, Map<String, HopTally>> byThreshold = new LinkedHashMap<>();
        long started = System.nanoTime();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel()) {
            for (int n = 0; n < limit; n++) {
                int index = indices.get(n);
                EvalItem item = all.get(index);
                try (Workbench bench = new Workbench(item, index, seed, agents, model)) {
                    D3Mas team = gold ? bench.offlineGoldTeam() : bench.offlineTeam();
                    for (double theta : thresholds) {
                        run(
                                item,
                                gold ? item.decomposition() : List.of(),
                                bench,
                                team,
                                model,
                                k,
                                theta,
                                byThreshold.computeIfAbsent(theta, t -> tallies()),
                                explain > explained[0] ? explained : null);
                    }
                }
                if ((n + 1) % 25 == 0 || n + 1 == limit) {
                    System.err.printf(
                            Locale.ROOT, "%d/%d items, %.0f s%n", n + 1, limit, (System.nanoTime() - started) / 1e9);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%s %s, part %s: %d items, %d agents, k=%d, %s decomposition, BGE-small (int8 ONNX), seed %d%n",
                dataset.cliName(),
                file.getFileName(),
                part,
                limit,
                agents,
                k,
                gold ? "gold" : "rule-based",
                seed);
        System.out.printf(
                Locale.ROOT,
                "machine: %s, %d cores, %s, Java %s (the numbers are counts, not times)%n",
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
        for (Map.Entry<Double, Map<String, HopTally>> e : byThreshold.entrySet()) {
            System.out.printf(Locale.ROOT, "%nθ = %.2f%n%n", e.getKey());
            System.out.println("| method | memory redundancy | supporting recall | paragraphs / item | answer EM / F1"
                    + " | per-hop EM/F1 | agent calls | calls saved | reuses |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            e.getValue().forEach((name, t) -> System.out.println(t.row(name)));
            HopTally d = e.getValue().get(D3MAS);
            HopTally same = e.getValue().get(SAME_SUB_TASKS);
            System.out.printf(
                    Locale.ROOT,
                    "%nRATIO memory redundancy D³MAS / same sub-tasks = %.2f; recall %+.3f%n",
                    d.redundancy / Math.max(1e-12, same.redundancy),
                    d.recall / Math.max(1, d.recallItems) - same.recall / Math.max(1, same.recallItems));
        }
    }

    static final String D3MAS = "D³MAS";
    static final String SAME_SUB_TASKS = "same sub-tasks, no ledger, no hand-over";
    static final String EVERY_AGENT = "every agent on its own (question + profile)";

    private static Map<String, HopTally> tallies() {
        Map<String, HopTally> t = new LinkedHashMap<>();
        for (String name : List.of(
                D3MAS,
                SAME_SUB_TASKS,
                EVERY_AGENT,
                "one retriever, D³MAS's paragraph count, no θ",
                "one retriever, top-k above θ")) {
            t.put(name, new HopTally());
        }
        return t;
    }

    private static void run(
            EvalItem item,
            List<Hop> gold,
            Workbench bench,
            D3Mas team,
            EmbeddingModel model,
            int k,
            double theta,
            Map<String, HopTally> t,
            int @Nullable [] explained) {
        SolveSettings settings =
                team.settings().toBuilder().topK(k).threshold(theta).build();
        SolveResult full = team.solve(item.question(), settings);
        t.get(D3MAS).solve(full, item, gold, bench);
        if (explained != null && full.metrics().memory() > 0) {
            explained[0]++;
            explain(item, full);
        }
        SolveResult alone = team.solve(
                item.question(),
                settings.toBuilder().ablation(Ablation.NO_HAND_OVER).build());
        t.get(SAME_SUB_TASKS).solve(alone, item, gold, bench);

        float[] q = model.embed(item.question()).content().vector();
        Map<String, Set<String>> everyone = new HashMap<>();
        for (var agent : bench.agents) {
            float[] own = model.embed(TeamTalk.agentQuery(item.question(), agent))
                    .content()
                    .vector();
            for (MemoryHit h : bench.store.search(MemoryQuery.of(own, k, theta))) {
                everyone.computeIfAbsent(h.record().id(), x -> new HashSet<>()).add(agent.id());
            }
        }
        t.get(EVERY_AGENT).retrieval(everyone, bench);
        int n = Math.max(1, Reads.of(full.graph()).readBy().size());
        t.get("one retriever, D³MAS's paragraph count, no θ").retrieval(once(bench, q, n, -1), bench);
        t.get("one retriever, top-k above θ").retrieval(once(bench, q, k, theta), bench);
    }

    /** Prints, for one solve, every memory record two agents retrieved: by which steps, tasks and agents. */
    private static void explain(EvalItem item, SolveResult r) {
        Map<String, List<Retrieval>> byRecord = new LinkedHashMap<>();
        r.retrievals().forEach(x -> byRecord.computeIfAbsent(x.recordId(), y -> new ArrayList<>())
                .add(x));
        System.out.println("EXPLAIN " + item.id() + ": " + item.question());
        byRecord.forEach((record, lines) -> {
            if (lines.stream().map(Retrieval::agentId).distinct().count() > 1) {
                for (Retrieval x : lines) {
                    Node step = r.graph().node(x.reasoningNodeId());
                    System.out.printf(
                            Locale.ROOT,
                            "  %s <- %s %s round %s task %s '%s'%n",
                            record,
                            x.reasoningNodeId(),
                            x.agentId(),
                            step.attributes().get(io.d3mas.graph.Node.ROUND),
                            x.taskId(),
                            r.graph().node(x.taskId()).content());
                }
            }
        });
        r.trace().assignments().forEach(a -> System.out.println("  " + a));
    }

    private static Map<String, Set<String>> once(Workbench bench, float[] q, int k, double theta) {
        Map<String, Set<String>> out = new HashMap<>();
        for (MemoryHit h : bench.store.search(MemoryQuery.of(q, k, theta))) {
            out.computeIfAbsent(h.record().id(), x -> new HashSet<>()).add("retriever");
        }
        return out;
    }

    /** The machine a benchmark ran on, for its report: CPU model, cores, Java. */
    public static String machine() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version();
    }

    /** The CPU model from /proc/cpuinfo, for benchmark reports. */
    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("CPU model unknown");
        } catch (java.io.IOException | RuntimeException e) {
            return "CPU model unknown";
        }
    }
}
