package io.d3mas.examples.eval;

import io.d3mas.Ablation;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.examples.eval.FeedbackBenchmark.Case;
import io.d3mas.examples.eval.FeedbackBenchmark.Part;
import io.d3mas.examples.eval.FeedbackBenchmark.Weak;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.propagation.ejml.EjmlMessagePassing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The checks {@link FeedbackBenchmark} prints besides its recall table: the engine's own feedback round end to end,
 * how well each score picks the items that need more retrieval, and over-smoothing per node type.
 */
final class FeedbackChecks {

    private FeedbackChecks() {}

    /** The engine's own feedback round, end to end. */
    static final Map<String, SolveSettings> ENGINE = engineVariants();

    private static Map<String, SolveSettings> engineVariants() {
        // θ = 0: every retrieval returns its full k, so every variant reads the same number of paragraphs
        SolveSettings.Builder forced =
                SolveSettings.builder().minConfidence(1.0).maxFeedbackRounds(1).threshold(0.0);
        Map<String, SolveSettings> out = new LinkedHashMap<>();
        out.put(
                "engine: no feedback (first pass)",
                forced.build().toBuilder().maxFeedbackRounds(0).build());
        out.put(
                "engine: feedback without message passing (the task's next hits)",
                forced.build().toBuilder().ablation(Ablation.NO_MESSAGE_PASSING).build());
        out.put("engine: feedback, message passing, shipped defaults", forced.build());
        out.put(
                "engine: feedback, message passing, uniform α=1, β=0.5, L=3",
                forced.build().toBuilder()
                        .propagation(PropagationSettings.uniform(3, 1e-4, 1.0, 0.5))
                        .build());
        return out;
    }

    /** Per engine variant: {supporting recall, distinct paragraphs, agent calls}. */
    static Map<String, double[]> engine(Workbench bench, int k, Set<String> supporting) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, SolveSettings> e : ENGINE.entrySet()) {
            SolveResult r = bench.offlineTeam()
                    .solve(
                            bench.item.question(),
                            e.getValue().toBuilder().topK(k).build());
            Set<String> read = new HashSet<>();
            r.retrievals().forEach(x -> read.add(x.recordId()));
            long found = read.stream().filter(supporting::contains).count();
            out.put(e.getKey(), new double[] {
                (double) found / supporting.size(), read.size(), r.usage().agentCalls()
            });
        }
        return out;
    }

    static void printEngine(List<Case> cases) {
        System.out.println();
        System.out.println("The engine end to end (D3Mas.solve, every task weak: minConfidence 1, one feedback round,"
                + " θ = 0 so that every retrieval returns its k):");
        System.out.println();
        System.out.println(
                "| method | dataset | part | items | paragraphs / item | supporting recall | agent calls / item |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Part p : FeedbackBenchmark.parts(cases)) {
            List<Case> part = p.cases();
            for (String name : ENGINE.keySet()) {
                double[] sum = new double[3];
                for (Case c : part) {
                    double[] v = c.engine().get(name);
                    for (int i = 0; i < 3; i++) {
                        sum[i] += v[i] / part.size();
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %d | %.2f | %.3f | %.2f |%n",
                        name,
                        p.dataset(),
                        p.name(),
                        part.size(),
                        sum[1],
                        sum[0],
                        sum[2]);
            }
        }
    }

    /**
     * Which tasks are weak: how well each score ranks the items whose first pass missed a supporting paragraph
     * below those that did not (AUC; 0.5 is chance). An item's score is its lowest task's.
     */
    static void weakChoice(List<Case> cases, EjmlMessagePassing mp, PropagationSettings s) {
        Map<String, BiFunction<Case, Map<String, float[]>, Double>> scores = new LinkedHashMap<>();
        scores.put(
                "the agent's confidence",
                (c, h) -> c.tasks().stream().mapToDouble(Weak::confidence).min().orElse(0));
        scores.put("cos(task, conclusion), unpropagated", (c, h) -> c.tasks().stream()
                .mapToDouble(w -> align(w.query(), c.graph().node(w.stepId()).embedding()))
                .min()
                .orElse(0));
        scores.put("cos(task, conclusion), propagated", (c, h) -> c.tasks().stream()
                .mapToDouble(w -> align(h.get(w.taskId()), h.get(w.stepId())))
                .min()
                .orElse(0));
        System.out.println();
        System.out.println("Choosing the weak tasks: AUC of each score for the items whose first pass missed a"
                + " supporting paragraph (lower score = weaker; 0.5 = chance):");
        System.out.println();
        System.out.println("| score | dataset | part | items missing / all | AUC |");
        System.out.println("|---|---|---|---|---|");
        for (Part p : FeedbackBenchmark.parts(cases)) {
            List<Case> part =
                    p.cases().stream().filter(c -> !c.tasks().isEmpty()).toList();
            List<Map<String, float[]>> propagated = part.stream()
                    .map(c -> mp.propagate(c.prepared(), s).embeddings())
                    .toList();
            for (Map.Entry<String, BiFunction<Case, Map<String, float[]>, Double>> e : scores.entrySet()) {
                List<Double> missed = new ArrayList<>();
                List<Double> complete = new ArrayList<>();
                for (int i = 0; i < part.size(); i++) {
                    Case c = part.get(i);
                    double score = e.getValue().apply(c, propagated.get(i));
                    boolean all = c.firstPass().containsAll(c.supporting());
                    (all ? complete : missed).add(score);
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %d / %d | %.3f |%n",
                        e.getKey(),
                        p.dataset(),
                        p.name(),
                        missed.size(),
                        part.size(),
                        auc(missed, complete));
            }
        }
    }

    private static double align(float[] a, float[] b) {
        return a == null || b == null ? 0 : Vectors.cosine(a, b);
    }

    /** P(a missed item scores below a complete one), ties counting half. */
    static double auc(List<Double> missed, List<Double> complete) {
        double sum = 0;
        for (double m : missed) {
            for (double c : complete) {
                sum += m < c ? 1 : m == c ? 0.5 : 0;
            }
        }
        return missed.isEmpty() || complete.isEmpty() ? Double.NaN : sum / ((double) missed.size() * complete.size());
    }

    /** Mean pairwise cosine per node type, averaged over the cases, before and after propagation. */
    static String smoothing(List<Case> cases, EjmlMessagePassing mp, PropagationSettings s) {
        StringBuilder out = new StringBuilder();
        for (NodeType type : NodeType.values()) {
            double before = 0;
            double after = 0;
            int n = 0;
            for (Case c : cases) {
                List<Node> nodes = c.graph().nodes(type).stream()
                        .filter(x -> x.embedding() != null)
                        .toList();
                if (nodes.size() < 2) {
                    continue;
                }
                PropagationResult r = mp.propagate(c.prepared(), s);
                before += Vectors.meanPairwiseCosine(
                        nodes.stream().map(Node::embedding).toList());
                after += Vectors.meanPairwiseCosine(
                        nodes.stream().map(x -> r.embeddings().get(x.id())).toList());
                n++;
            }
            out.append(String.format(Locale.ROOT, "%s %.3f → %.3f (%d graphs); ", type, before / n, after / n, n));
        }
        return out.toString();
    }
}
