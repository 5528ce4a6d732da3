package io.d3mas.examples.eval;

import io.d3mas.SolveResult;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.examples.data.Hop;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.trace.ReuseDecision;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@link CoordinationBenchmark}'s sums over items for one method at one θ: redundancy, recall and paragraphs for
 * every method; for solves also answer EM/F1, per-hop EM/F1 against gold hops, calls, reuses and wrong reuses.
 */
final class HopTally {

    int items;
    double redundancy;
    double recall;
    int recallItems;
    long paragraphs;
    int solves;
    double em;
    double f1;
    long agentCalls;
    long callsSaved;
    long reuses;
    long wrongReuses;
    long judgedReuses;
    final Map<Integer, double[]> hops = new TreeMap<>(); // hop -> {em, f1, n}

    void retrieval(Map<String, Set<String>> readBy, Workbench bench) {
        items++;
        redundancy += RedundancyMetrics.memoryRedundancy(readBy);
        paragraphs += readBy.size();
        Double r = bench.supportingRecall(readBy.keySet());
        if (r != null) {
            recall += r;
            recallItems++;
        }
    }

    void solve(SolveResult r, EvalItem item, List<Hop> gold, Workbench bench) {
        // the evaluation's one policy: a record handed over as another agent's conclusion is a read of the receiver
        retrieval(Reads.of(r.graph()).readBy(), bench);
        solves++;
        em += Scoring.exactMatch(r.answer(), item.answers());
        f1 += Scoring.f1(r.answer(), item.answers());
        agentCalls += r.usage().agentCalls();
        callsSaved += r.usage().callsSaved();
        Map<String, Integer> hopOf = hopsByTask(r.graph(), gold);
        for (Map.Entry<String, Integer> e : hopOf.entrySet()) {
            Hop hop = gold.get(e.getValue());
            String answer = answerOf(r.graph(), e.getKey());
            double[] h = hops.computeIfAbsent(e.getValue() + 1, k -> new double[3]);
            h[0] += Scoring.exactMatch(answer, List.of(hop.answer()));
            h[1] += Scoring.f1(answer, List.of(hop.answer()));
            h[2]++;
        }
        for (ReuseDecision d : r.trace().reuses()) {
            if (!d.reused()) {
                continue;
            }
            reuses++;
            Integer a = hopOf.get(d.taskId());
            Integer b = hopOf.get(d.candidateTaskId());
            if (a != null && b != null) {
                judgedReuses++;
                String ga = Scoring.normalize(gold.get(a).answer());
                String gb = Scoring.normalize(gold.get(b).answer());
                if (!ga.equals(gb)) {
                    wrongReuses++;
                }
            }
        }
    }

    String row(String name) {
        String base = String.format(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.2f |",
                name,
                redundancy / Math.max(1, items),
                recall / Math.max(1, recallItems),
                (double) paragraphs / Math.max(1, items));
        if (solves == 0) {
            return base + " | | | | | |";
        }
        StringBuilder perHop = new StringBuilder();
        hops.forEach((hop, h) -> perHop.append(String.format(
                Locale.ROOT, "%s%d: %.2f/%.2f", perHop.length() == 0 ? "" : ", ", hop, h[0] / h[2], h[1] / h[2])));
        return base
                + String.format(
                        Locale.ROOT,
                        " %.3f / %.3f | %s | %.2f | %.2f | %d (%s) |",
                        em / solves,
                        f1 / solves,
                        perHop.length() == 0 ? "–" : perHop,
                        (double) agentCalls / solves,
                        (double) callsSaved / solves,
                        reuses,
                        judgedReuses == 0 ? "not judged" : wrongReuses + " wrong of " + judgedReuses);
    }

    /** Task id to the gold hop (0-based) it replays: the task whose text before filling in is the hop's. */
    static Map<String, Integer> hopsByTask(GraphSnapshot g, List<Hop> hops) {
        Map<String, Integer> out = new HashMap<>();
        if (hops.isEmpty()) {
            return out;
        }
        Map<String, Integer> byText = new HashMap<>();
        for (int i = 0; i < hops.size(); i++) {
            byText.put(GoldDecomposer.subTask(hops.get(i).question(), i).text(), i);
        }
        for (Node task : g.nodes(NodeType.TASK)) {
            Object template = task.attributes().getOrDefault("template", task.content());
            Integer hop = byText.get(String.valueOf(template));
            if (hop != null && !g.predecessors(task.id(), EdgeType.DECOMPOSE).isEmpty()) {
                out.put(task.id(), hop);
            }
        }
        return out;
    }

    /** The answer of a task's last reasoning step (reused steps count), or "". */
    static String answerOf(GraphSnapshot g, String taskId) {
        String answer = "";
        for (String rid : g.successors(taskId, EdgeType.TRIGGER)) {
            Node step = g.node(rid);
            if (!step.attributes().containsKey("supersededBy")) {
                answer = String.valueOf(step.attributes().getOrDefault("answer", ""));
            }
        }
        return answer;
    }
}
