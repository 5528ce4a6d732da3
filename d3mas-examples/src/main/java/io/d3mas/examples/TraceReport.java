package io.d3mas.examples;

import io.d3mas.SolveResult;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.Step;
import io.d3mas.trace.Assignment;
import io.d3mas.trace.FeedbackRecord;
import io.d3mas.trace.ReuseDecision;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints a solve for people: the task tree, who did what, what was reused, the metrics. */
public final class TraceReport {

    private TraceReport() {}

    public static void print(SolveResult r, PrintStream out) {
        GraphSnapshot g = r.graph();
        out.println("Answer: " + r.answer());
        out.println("Task tree (task -> agent: conclusion):");
        Node root = g.nodes(NodeType.TASK).get(0);
        printTask(g, root, 1, out);
        long depend = g.edges(EdgeType.DEPEND).size();
        long handed = g.edges(EdgeType.GROUND).size();
        out.printf(
                Locale.ROOT,
                "Graph: %s, %d edges (%d DEPEND, %d GROUND, %d RELATE)%n",
                g.countByType(),
                g.edges().size(),
                depend,
                handed,
                g.edges(EdgeType.RELATE).size());
        out.printf(
                Locale.ROOT,
                "Calls: %d agent calls, %d saved by merging/reuse, %d LLM calls, %d tokens%n",
                r.usage().agentCalls(),
                r.usage().callsSaved(),
                r.usage().llmCalls(),
                r.usage().totalTokens().total());
        if (r.usage().toolCalls() + r.usage().toolCallsSaved() > 0) {
            out.printf(
                    Locale.ROOT,
                    "Tools: %d calls ran, %d saved by reuse, %d failed; tool redundancy %.2f%n",
                    r.usage().toolCalls(),
                    r.usage().toolCallsSaved(),
                    r.usage().toolCallsFailed(),
                    r.metrics().tool());
        }
        RedundancyMetrics m = r.metrics();
        out.printf(
                Locale.ROOT,
                "Redundancy: memory %.2f (of %d nodes), reasoning %.2f (of %d pairs), task %.2f (of %d pairs)%n",
                m.memory(),
                m.memoryNodes(),
                m.reasoning(),
                m.reasoningPairs(),
                m.task(),
                m.taskPairs());
        out.printf(
                Locale.ROOT,
                "Message passing: %s%s%n",
                r.trace().propagation().implementation(),
                propagationRounds(r.trace().propagation().rounds()));
        FeedbackRecord f = r.trace().feedback();
        out.printf(
                Locale.ROOT,
                "Feedback: %d round(s), stopped: %s%s%n",
                f.rounds().size(),
                f.stop(),
                f.detail().isEmpty() ? "" : " (" + f.detail() + ")");
        for (Assignment a : r.trace().assignments()) {
            if (a.reason() != Assignment.Reason.CAPABILITY) {
                out.printf(
                        Locale.ROOT, "Assignment: %s -> %s, %s: %s%n", a.taskId(), a.agentId(), a.reason(), a.detail());
            }
        }
        for (ReuseDecision d : r.trace().reuses()) {
            out.printf(
                    Locale.ROOT,
                    "Reuse: %s of %s ('%s' for '%s', similarity %.3f): %s%n",
                    d.reused() ? "took" : "refused",
                    d.candidateTaskId(),
                    d.candidateTask(),
                    d.task(),
                    d.similarity(),
                    d.reason());
        }
        out.printf(
                Locale.ROOT,
                "Time: %d ms total (decompose %d, execute %d, synthesize %d)%n",
                r.timings().get(Step.TOTAL).toMillis(),
                r.timings().get(Step.DECOMPOSE).toMillis(),
                r.timings().get(Step.EXECUTE).toMillis(),
                r.timings().get(Step.SYNTHESIZE).toMillis());
        for (io.d3mas.SolveWarning w : r.warnings()) {
            out.println("Warning (" + w.component() + "): " + w.message());
        }
    }

    private static void printTask(GraphSnapshot g, Node task, int depth, PrintStream out) {
        String indent = "  ".repeat(depth);
        out.println(indent + task.id() + " " + task.content());
        List<String> steps = g.successors(task.id(), EdgeType.TRIGGER);
        for (String s : steps) {
            Node step = g.node(s);
            if (step.attributes().containsKey("supersededBy")) {
                continue;
            }
            List<String> deps = g.successors(s, EdgeType.DEPEND);
            List<String> memory = g.successors(s, EdgeType.GROUND);
            boolean reused = g.predecessors(s, EdgeType.TRIGGER).size() > 1;
            out.println(indent + "  -> " + step.agentId() + ": " + step.content()
                    + (memory.isEmpty() ? "" : "  [grounded in " + memory + "]")
                    + (deps.isEmpty() ? "" : "  [builds on " + deps + "]")
                    + (reused
                            ? "  [shared by "
                                    + g.predecessors(s, EdgeType.TRIGGER).size() + " tasks]"
                            : ""));
        }
        for (String child : g.successors(task.id(), EdgeType.DECOMPOSE)) {
            printTask(g, g.node(child), depth + 1, out);
        }
    }

    /** "; 1 round of 3 iterations, last change 0.012" instead of the raw lists. */
    static String propagationRounds(List<List<Double>> rounds) {
        if (rounds.isEmpty()) {
            return "";
        }
        StringBuilder b =
                new StringBuilder("; ").append(rounds.size()).append(rounds.size() == 1 ? " round: " : " rounds: ");
        for (int i = 0; i < rounds.size(); i++) {
            List<Double> changes = rounds.get(i);
            b.append(i == 0 ? "" : "; ")
                    .append(changes.size())
                    .append(changes.size() == 1 ? " iteration" : " iterations");
            if (!changes.isEmpty()) {
                b.append(String.format(Locale.ROOT, ", last change %.3g", changes.get(changes.size() - 1)));
            }
        }
        return b.toString();
    }
}
