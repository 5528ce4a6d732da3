package io.d3mas.internal.engine;

import io.d3mas.internal.text.Text;
import io.d3mas.metrics.Vectors;
import io.d3mas.trace.ReuseDecision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Step 6's reuse: finds an answered task whose conclusion answers this one, so that no agent is called. A
 * candidate must be similar (the same text, or embeddings at least {@code reuseThreshold} similar), ask the same
 * thing ({@link QuestionShape}: the same kind of answer, the same names and numbers), and be unrelated to the task
 * in the task DAG: never one of its prerequisites or dependents, direct or transitive, nor an ancestor or
 * descendant in the task tree (a bridge question and its own first hop are similar, but the first hop's answer
 * is not the bridge question's). Every candidate that passes the similarity test is recorded with the decision.
 */
final class ReuseFinder {

    private final SolveContext ctx;

    ReuseFinder(SolveContext ctx) {
        this.ctx = ctx;
    }

    /** The item whose outcome {@code w} reuses, or null; records the decisions. */
    @Nullable
    WorkItem find(WorkItem w) {
        String key = Text.normalize(w.task.text);
        QuestionShape shape = QuestionShape.of(w.task.text);
        Set<String> related = null;
        List<ReuseDecision> candidates = new ArrayList<>();
        WorkItem best = null;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (WorkItem o : ctx.items.values()) {
            Outcome out = o.outcome;
            if (o == w
                    || out == null
                    || !out.answered()
                    || out.reused()
                    || out.confidence() < ctx.settings.minConfidence()) {
                continue;
            }
            double sim =
                    Text.normalize(o.task.text).equals(key) ? 1.0 : Vectors.cosine(o.task.embedding, w.task.embedding);
            if (sim < ctx.settings.reuseThreshold()) {
                continue;
            }
            if (related == null) {
                related = related(w);
            }
            String why = related.contains(o.id)
                    ? "the other task is " + relation(w, o) + " this one; its answer is not this one's"
                    : shape.differenceFrom(QuestionShape.of(o.task.text)).orElse(null);
            candidates.add(decision(w, o, sim, false, why == null ? "" : why));
            if (why == null && sim > bestSim) {
                best = o;
                bestSim = sim;
            }
        }
        for (ReuseDecision d : candidates) {
            boolean chosen = best != null && d.candidateTaskId().equals(best.task.id);
            String reason = chosen
                    ? "the same question"
                    : d.reason().isEmpty() ? "the same question, but a more similar task was reused" : d.reason();
            ctx.reuses.add(new ReuseDecision(
                    d.taskId(),
                    d.task(),
                    d.candidateTaskId(),
                    d.candidateTask(),
                    d.reasoningNodeId(),
                    d.similarity(),
                    chosen,
                    reason));
        }
        return best;
    }

    private static ReuseDecision decision(WorkItem w, WorkItem o, double sim, boolean reused, String reason) {
        Outcome out = o.outcome;
        return new ReuseDecision(
                w.task.id,
                w.task.text,
                o.task.id,
                o.task.text,
                out == null || out.reasoningNodeId() == null ? "" : out.reasoningNodeId(),
                sim,
                reused,
                reason);
    }

    private String relation(WorkItem w, WorkItem o) {
        if (closure(w).contains(o.id)) {
            return "a prerequisite of";
        }
        if (closure(o).contains(w.id)) {
            return "a dependent of";
        }
        return "an ancestor or descendant of";
    }

    /** Items that {@code w} must not reuse: its prerequisites and dependents (transitively), tree relatives. */
    private Set<String> related(WorkItem w) {
        Set<String> out = new HashSet<>(closure(w));
        for (WorkItem o : ctx.items.values()) {
            if (closure(o).contains(w.id)
                    || lineage(w.task).contains(o.task.id)
                    || lineage(o.task).contains(w.task.id)) {
                out.add(o.id);
            }
        }
        return out;
    }

    /** The prerequisites of an item, transitively. */
    private Set<String> closure(WorkItem w) {
        return reach(w.prerequisites, id -> {
            WorkItem p = ctx.items.get(id);
            return p == null ? Set.of() : p.prerequisites;
        });
    }

    /** The ancestors of a task in the task tree. */
    private Set<String> lineage(TaskInfo task) {
        return reach(task.parents, id -> {
            TaskInfo t = ctx.tasks.get(id);
            return t == null ? List.of() : t.parents;
        });
    }

    /** Every id reachable from {@code start} by {@code next}, {@code start} included. */
    private static Set<String> reach(Collection<String> start, Function<String, Collection<String>> next) {
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (out.add(id)) {
                todo.addAll(next.apply(id));
            }
        }
        return out;
    }
}
