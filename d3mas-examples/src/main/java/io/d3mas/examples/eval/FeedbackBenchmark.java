package io.d3mas.examples.eval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Ablation;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.Args;
import io.d3mas.examples.DemoTeam;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Paragraph;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.propagation.ejml.EjmlMessagePassing;
import io.d3mas.propagation.ejml.PreparedGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Does message passing earn its place in the feedback retrieval (issue 17)? Offline, real BGE, on HotpotQA and
 * MuSiQue. For each item the engine runs its first pass ({@code D3Mas.solve}, offline retrieval agents, no feedback,
 * no propagation) and the benchmark takes the solve's graph. Then every task that ran is treated as weak and
 * retrieves {@code --extra} more paragraphs that the solve does not hold yet, by one query rule per method:
 *
 * <ul>
 *   <li><b>no feedback</b>: the task's own query again (its next paragraphs): the fair baseline at an equal number of
 *       paragraphs;
 *   <li><b>identity</b>: the engine's feedback queries without propagation: the step's conclusion and the task;
 *   <li><b>Rocchio γ</b>: {@code normalize(q + γ · mean(paragraphs the task retrieved))};
 *   <li><b>message passing</b>: the engine's feedback queries, propagated (the step's conclusion and the task) with
 *       the given {@link PropagationSettings}.
 * </ul>
 *
 * Every method ends with the same number of distinct paragraphs per item, so supporting-paragraph recall compares
 * like with like. Items with an even index in their file are the tuning part, odd ones the report part: the search
 * over α per edge type, β per node type and L (seeded, {@code --configs} random settings plus the named ones) and
 * Rocchio's γ pick on the tuning part only; both parts are printed. Also printed: the mean pairwise cosine of the
 * embeddings per node type before and after propagation (over-smoothing).
 *
 * <p>{@code java ... FeedbackBenchmark [--data-dir ../shared/data] [--datasets hotpotqa,musique] [--limit N]
 * [--agents 5] [--k 2] [--extra 2] [--configs 300] [--seed 1]}
 */
public final class FeedbackBenchmark {

    private FeedbackBenchmark() {}

    /** One task that ran: its embedding, its last step, and the records that step retrieved. */
    record Weak(String taskId, String stepId, float[] query, List<String> held, float[] expanded, double confidence) {}

    /** One item's first pass. */
    record Case(
            String dataset,
            boolean tune,
            GraphSnapshot graph,
            PreparedGraph prepared,
            List<Weak> tasks,
            Map<String, float[]> paragraphs,
            Set<String> supporting,
            Set<String> firstPass,
            Map<String, double[]> engine) {}

    /** A feedback query rule: the queries for one weak task, given the propagated embeddings (or none). */
    interface Rule extends BiFunction<Case, Weak, List<float[]>> {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(
                args, Set.of("data-dir", "datasets", "limit", "agents", "k", "extra", "configs", "seed", "threads"));
        Path dir = Path.of(a.getOrDefault("data-dir", "../shared/data"));
        int agents = Integer.parseInt(a.getOrDefault("agents", "5"));
        int k = Integer.parseInt(a.getOrDefault("k", "2"));
        int extra = Integer.parseInt(a.getOrDefault("extra", "2"));
        int configs = Integer.parseInt(a.getOrDefault("configs", "300"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int limit = Integer.parseInt(a.getOrDefault("limit", "" + Integer.MAX_VALUE));
        List<String> names =
                List.of(a.getOrDefault("datasets", "hotpotqa,musique").split(","));

        EjmlMessagePassing mp = EjmlMessagePassing.builder().threads(1).build();
        List<Case> cases = new ArrayList<>();
        long started = System.nanoTime();
        try (BgeEmbeddingModel model = DemoTeam.embeddingModel()) {
            for (String name : names) {
                EvalDataset dataset = EvalDataset.named(name.strip());
                Path file = dataset.defaultPath(dir);
                if (!Files.exists(file)) {
                    System.out.println(dataset.cliName() + " not found at " + file
                            + " (see ../shared/data/*/SOURCE.md);" + " pass --data-dir <dir>. Skipped.");
                    continue;
                }
                List<EvalItem> items = dataset.load(file);
                for (int i = 0; i < Math.min(limit, items.size()); i++) {
                    try (Workbench bench = new Workbench(items.get(i), i, seed, agents, model)) {
                        Case c = firstPass(dataset.cliName(), i % 2 == 0, bench, k, mp, model);
                        if (c != null) {
                            cases.add(c);
                        }
                    }
                }
                System.err.printf(
                        Locale.ROOT,
                        "%s: first passes done, %.0f s%n",
                        dataset.cliName(),
                        (System.nanoTime() - started) / 1e9);
            }
        }
        if (cases.isEmpty()) {
            System.out.println("No data: nothing measured.");
            return;
        }

        Map<String, Rule> fixed = new LinkedHashMap<>();
        fixed.put("no feedback (task query, next paragraphs)", (c, w) -> List.of(w.query()));
        fixed.put("identity (conclusion + task, unpropagated)", (c, w) -> identity(c, w));
        fixed.put("text: embed(task + conclusion)", (c, w) -> List.of(w.expanded()));
        fixed.put("text + task", (c, w) -> List.of(w.expanded(), w.query()));

        // Rocchio: tune γ
        double bestGamma = Double.NaN;
        double bestRocchio = Double.NEGATIVE_INFINITY;
        for (double g : new double[] {0.25, 0.5, 1, 2, 4}) {
            double s = objective(cases, rocchio(g), extra);
            if (s > bestRocchio) {
                bestRocchio = s;
                bestGamma = g;
            }
        }
        double gamma = bestGamma;
        fixed.put(String.format(Locale.ROOT, "Rocchio γ=%.2f (tuned)", gamma), rocchio(gamma));

        // message passing: named settings, then a seeded random search on the tuning part
        Map<String, PropagationSettings> named = new LinkedHashMap<>();
        named.put("uniform α=1, β=0.5, L=3 (the defaults before)", PropagationSettings.uniform(3, 1e-4, 1.0, 0.5));
        named.put("shipped defaults", PropagationSettings.defaults());
        named.put("β=1, L=10 (over-smoothed)", PropagationSettings.uniform(10, 1e-6, 1.0, 1.0));
        Random random = new Random(seed);
        PropagationSettings best = PropagationSettings.defaults();
        double bestScore = Double.NEGATIVE_INFINITY;
        List<PropagationSettings> candidates = new ArrayList<>(named.values());
        for (int i = 0; i < configs; i++) {
            candidates.add(randomSettings(random));
        }
        for (PropagationSettings s : candidates) {
            double score = objective(cases, propagatedRule(mp, s), extra);
            if (score > bestScore) {
                bestScore = score;
                best = s;
            }
        }
        System.err.printf(Locale.ROOT, "search done, %.0f s%n", (System.nanoTime() - started) / 1e9);

        Map<String, Rule> rules = new LinkedHashMap<>(fixed);
        named.forEach((n, s) -> rules.put("message passing, " + n, propagatedRule(mp, s)));
        rules.put("message passing, tuned", propagatedRule(mp, best));

        System.out.printf(
                Locale.ROOT,
                "first pass: %d agents, top-k=%d per task, rule-based decomposition, BGE-small (int8 ONNX), seed %d;"
                        + " feedback adds %d paragraph(s) per task%n",
                agents,
                k,
                seed,
                extra);
        System.out.printf(
                Locale.ROOT,
                "machine: %s, %d cores, %s, Java %s (the numbers are counts, not times)%n",
                CoordinationBenchmark.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.version"));
        System.out.println("tuned: " + describe(best));
        System.out.println("as a weights file (EjmlMessagePassing.readSettings): " + json(best));
        System.out.println("the shipped PropagationSettings.defaults(): " + describe(PropagationSettings.defaults()));
        System.out.println();
        System.out.println(
                "| method | dataset | part | items | paragraphs / item | supporting recall | Δ vs no feedback"
                        + " | items better/worse |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Part p : parts(cases)) {
            List<Case> part = p.cases();
            double[] first = recall(part, (c, w) -> List.of(), 0);
            System.out.printf(
                    Locale.ROOT,
                    "| first pass only | %s | %s | %d | %.2f | %.3f | | |%n",
                    p.dataset(),
                    p.name(),
                    part.size(),
                    first[1],
                    first[0]);
            Rule baseRule = fixed.values().iterator().next();
            double base = recall(part, baseRule, extra)[0];
            for (Map.Entry<String, Rule> e : rules.entrySet()) {
                double[] r = recall(part, e.getValue(), extra);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %d | %.2f | %.3f | %+.3f | %s |%n",
                        e.getKey(),
                        p.dataset(),
                        p.name(),
                        part.size(),
                        r[1],
                        r[0],
                        r[0] - base,
                        winsLosses(part, e.getValue(), baseRule, extra));
            }
        }
        FeedbackChecks.printEngine(cases);
        FeedbackChecks.weakChoice(cases, mp, PropagationSettings.defaults());
        System.out.println();
        System.out.println("Mean pairwise cosine per node type, over the items' graphs (before → after):");
        Map<String, PropagationSettings> smooth = new LinkedHashMap<>(named);
        smooth.put("tuned", best);
        for (Map.Entry<String, PropagationSettings> e : smooth.entrySet()) {
            System.out.println("  " + e.getKey() + ": " + FeedbackChecks.smoothing(cases, mp, e.getValue()));
        }
    }

    /** The cases of one dataset's tuning or report part. */
    record Part(String dataset, boolean tune, List<Case> cases) {
        String name() {
            return tune ? "tune" : "report";
        }
    }

    /** Per dataset, in order, the tuning part then the report part. */
    static List<Part> parts(List<Case> cases) {
        List<Part> out = new ArrayList<>();
        for (String ds : cases.stream().map(Case::dataset).distinct().toList()) {
            for (boolean tune : new boolean[] {true, false}) {
                out.add(new Part(
                        ds,
                        tune,
                        cases.stream()
                                .filter(c -> c.dataset().equals(ds) && c.tune() == tune)
                                .toList()));
            }
        }
        return out;
    }

    /** The first pass of one item: a solve without feedback or propagation, and what its graph holds. */
    static Case firstPass(
            String dataset, boolean tune, Workbench bench, int k, EjmlMessagePassing mp, EmbeddingModel model) {
        EvalItem item = bench.item;
        SolveSettings settings = SolveSettings.builder()
                .topK(k)
                .maxFeedbackRounds(0)
                .ablation(Ablation.NO_MESSAGE_PASSING)
                .build();
        D3Mas team = bench.offlineTeam();
        SolveResult r = team.solve(item.question(), settings);
        GraphSnapshot g = r.graph();
        Map<String, float[]> paragraphs = new LinkedHashMap<>();
        Set<String> supporting = new HashSet<>();
        float[] probe = g.nodes(NodeType.TASK).get(0).embedding();
        for (MemoryHit h : bench.store.search(MemoryQuery.of(probe, 1000, -1))) {
            paragraphs.put(h.record().id(), h.record().embedding());
            Paragraph p = bench.paragraphOf(h.record().id());
            if (p != null && p.supporting()) {
                supporting.add(h.record().id());
            }
        }
        if (supporting.isEmpty()) {
            return null;
        }
        List<Weak> tasks = new ArrayList<>();
        for (Node t : g.nodes(NodeType.TASK)) {
            List<String> steps = g.successors(t.id(), EdgeType.TRIGGER);
            if (steps.isEmpty() || t.embedding() == null) {
                continue;
            }
            String step = steps.get(steps.size() - 1);
            List<String> held = g.successors(step, EdgeType.RETRIEVE).stream()
                    .map(m -> m.substring(2))
                    .toList();
            Node s = g.node(step);
            float[] expanded =
                    model.embed(t.content() + " " + s.content()).content().vector();
            Object confidence = s.attributes().get(io.d3mas.graph.Node.CONFIDENCE);
            tasks.add(new Weak(
                    t.id(), step, t.embedding(), held, expanded, confidence instanceof Number n ? n.doubleValue() : 0));
        }
        Set<String> firstPass = new LinkedHashSet<>();
        g.nodes(NodeType.MEMORY).forEach(m -> firstPass.add(m.id().substring(2)));
        return new Case(
                dataset,
                tune,
                g,
                mp.prepare(g),
                tasks,
                paragraphs,
                supporting,
                firstPass,
                FeedbackChecks.engine(bench, k, supporting));
    }

    private static List<float[]> identity(Case c, Weak w) {
        List<float[]> out = new ArrayList<>();
        float[] conclusion = c.graph().node(w.stepId()).embedding();
        if (conclusion != null) {
            out.add(conclusion);
        }
        out.add(w.query());
        return out;
    }

    private static Rule rocchio(double gamma) {
        return (c, w) -> {
            float[] q = w.query().clone();
            if (!w.held().isEmpty()) {
                for (String id : w.held()) {
                    float[] p = c.paragraphs().get(id);
                    for (int i = 0; i < q.length; i++) {
                        q[i] += (float) (gamma * p[i] / w.held().size());
                    }
                }
            }
            return List.of(Vectors.unit(q));
        };
    }

    /** The engine's feedback queries with propagated embeddings; propagates each case once per settings. */
    private static Rule propagatedRule(EjmlMessagePassing mp, PropagationSettings s) {
        Map<Case, Map<String, float[]>> cache = new java.util.IdentityHashMap<>();
        return (c, w) -> {
            Map<String, float[]> h =
                    cache.computeIfAbsent(c, x -> mp.propagate(x.prepared(), s).embeddings());
            // as the engine: the task's own query, the propagated conclusion, the propagated task
            List<float[]> out = new ArrayList<>();
            out.add(w.query());
            float[] conclusion = h.get(w.stepId());
            if (conclusion != null) {
                out.add(conclusion);
            }
            out.add(h.getOrDefault(w.taskId(), w.query()));
            return out;
        };
    }

    /** Mean recall gain over no feedback on the tuning part, averaged over the datasets. */
    private static double objective(List<Case> cases, Rule rule, int extra) {
        double sum = 0;
        int n = 0;
        for (Part p : parts(cases)) {
            if (p.tune() && !p.cases().isEmpty()) {
                sum += recall(p.cases(), rule, extra)[0];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** {mean supporting recall, mean distinct paragraphs} after each weak task adds {@code extra} paragraphs. */
    static double[] recall(List<Case> cases, Rule rule, int extra) {
        double[] per = perItem(cases, rule, extra);
        double recall = 0;
        double paragraphs = 0;
        for (int i = 0; i < cases.size(); i++) {
            recall += per[2 * i];
            paragraphs += per[2 * i + 1];
        }
        return new double[] {recall / Math.max(1, cases.size()), paragraphs / Math.max(1, cases.size())};
    }

    /** Per item: recall and distinct paragraphs, interleaved. */
    private static double[] perItem(List<Case> cases, Rule rule, int extra) {
        double[] out = new double[2 * cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Set<String> held = new LinkedHashSet<>(c.firstPass());
            if (extra > 0) {
                for (Weak w : c.tasks()) {
                    List<float[]> queries = rule.apply(c, w);
                    List<Map.Entry<String, Double>> ranked = new ArrayList<>();
                    for (Map.Entry<String, float[]> p : c.paragraphs().entrySet()) {
                        if (held.contains(p.getKey())) {
                            continue;
                        }
                        double best = Double.NEGATIVE_INFINITY;
                        for (float[] q : queries) {
                            best = Math.max(best, Vectors.cosine(q, p.getValue()));
                        }
                        ranked.add(Map.entry(p.getKey(), best));
                    }
                    ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed());
                    ranked.stream().limit(extra).forEach(e -> held.add(e.getKey()));
                }
            }
            out[2 * i] = (double) held.stream().filter(c.supporting()::contains).count()
                    / c.supporting().size();
            out[2 * i + 1] = held.size();
        }
        return out;
    }

    /** "wins/losses" of a rule against another, item by item. */
    private static String winsLosses(List<Case> cases, Rule rule, Rule base, int extra) {
        double[] a = perItem(cases, rule, extra);
        double[] b = perItem(cases, base, extra);
        int wins = 0;
        int losses = 0;
        for (int i = 0; i < cases.size(); i++) {
            if (a[2 * i] > b[2 * i] + 1e-9) {
                wins++;
            } else if (a[2 * i] < b[2 * i] - 1e-9) {
                losses++;
            }
        }
        return wins + "/" + losses;
    }

    private static PropagationSettings randomSettings(Random r) {
        double[] alphas = {0, 0.25, 0.5, 1, 2};
        double[] betas = {0, 0.1, 0.25, 0.5, 0.75, 0.9};
        int[] ls = {1, 2, 3, 5};
        Map<EdgeType, Double> alpha = new EnumMap<>(EdgeType.class);
        for (EdgeType t : EdgeType.values()) {
            alpha.put(t, alphas[r.nextInt(alphas.length)]);
        }
        Map<NodeType, Double> beta = new EnumMap<>(NodeType.class);
        for (NodeType t : NodeType.values()) {
            beta.put(t, betas[r.nextInt(betas.length)]);
        }
        return new PropagationSettings(ls[r.nextInt(ls.length)], 1e-4, alpha, beta);
    }

    static String describe(PropagationSettings s) {
        StringBuilder b = new StringBuilder("L=" + s.iterations() + ", α");
        s.alpha().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), e.getValue())));
        b.append(", β");
        s.beta().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), e.getValue())));
        return b.toString();
    }

    static String json(PropagationSettings s) {
        StringBuilder b = new StringBuilder("{\"settings\": {\"iterations\": " + s.iterations() + ", \"epsilon\": "
                + s.epsilon() + ", \"maxMeanCosine\": " + s.maxMeanCosine() + ", \"alpha\": {");
        b.append(String.join(
                ", ",
                s.alpha().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                        .toList()));
        b.append("}, \"beta\": {");
        b.append(String.join(
                ", ",
                s.beta().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> "\"" + e.getKey() + "\": " + e.getValue())
                        .toList()));
        return b.append("}}}").toString();
    }
}
