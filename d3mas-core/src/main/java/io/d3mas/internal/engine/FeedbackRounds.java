package io.d3mas.internal.engine;

import io.d3mas.Layer;
import io.d3mas.SolveWarning.Code;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.trace.FeedbackRecord;
import io.d3mas.trace.PropagationRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Step 7: message passing, and the feedback rounds. After the first pass: RELATE edges among retrieved memory and
 * one propagation (MESSAGE_PASSING layer). Then, with the FEEDBACK layer on and while some task is weak (no
 * answer, low confidence or unmet needs) and rounds are left, each round refines the weak tasks: a weak task the
 * decomposer now splits (asked once per task, with what the attempt lacked) is replaced by its sub-tasks; the
 * others are retrieved for again, keeping what they had and adding up to topK records, with their stated needs and
 * (when message passing ran, kept the store's dimension and did not over-smooth) their last conclusion's and task's
 * propagated embeddings as extra queries, and a task whose
 * agent gave no conclusion at all goes to the next-best agent that has not tried it; everything that depends on
 * them runs again. Rounds end when no task is weak, when a round improves nothing, when the propagated
 * embeddings of the nodes present in two consecutive rounds moved less than ε, at {@code maxFeedbackRounds}, or at
 * the deadline or budget; the trace says which ({@link FeedbackRecord}).
 */
final class FeedbackRounds {

    private final SolveContext ctx;
    private final @Nullable MessagePassing messagePassing;
    private final String absentReason;
    private final Embedder embedder;
    private final Deducer deducer;
    private final List<List<Double>> propagations = new ArrayList<>();
    private final List<List<PropagationRecord.Smoothing>> smoothing = new ArrayList<>();
    private boolean lastPropagationConverged;
    /** Latest propagated embeddings by node id. */
    private Map<String, float[]> propagated = Map.of();

    private final List<FeedbackRecord.Round> rounds = new ArrayList<>();
    private FeedbackRecord.Stop stop = FeedbackRecord.Stop.SWITCHED_OFF;
    private String stopDetail = "";
    private boolean warnedProjection;

    FeedbackRounds(
            SolveContext ctx,
            @Nullable MessagePassing messagePassing,
            String absentReason,
            Embedder embedder,
            Deducer deducer) {
        this.ctx = ctx;
        this.messagePassing = messagePassing;
        this.absentReason = absentReason;
        this.embedder = embedder;
        this.deducer = deducer;
    }

    void run(boolean inTime, DagRunner runner, TaskExecutor executor, WorkPlan plan, TaskTreeBuilder refiner) {
        if (!inTime) {
            stop(FeedbackRecord.Stop.DEADLINE, "the solve timeout came during the first pass");
            return;
        }
        addRelateEdges();
        propagate();
        if (!ctx.settings.has(Layer.FEEDBACK)) {
            stop(FeedbackRecord.Stop.SWITCHED_OFF, "the FEEDBACK layer is switched off");
            return;
        }
        if (ctx.settings.maxFeedbackRounds() == 0) {
            stop(FeedbackRecord.Stop.SWITCHED_OFF, "maxFeedbackRounds is 0");
            return;
        }
        for (int round = 1; round <= ctx.settings.maxFeedbackRounds(); round++) {
            if (!runRound(round, runner, executor, plan, refiner)) {
                return;
            }
        }
        stop(FeedbackRecord.Stop.MAX_ROUNDS, "maxFeedbackRounds=" + ctx.settings.maxFeedbackRounds() + " rounds ran");
    }

    /** One round; false when the rounds end (the stop reason is set). */
    private boolean runRound(
            int round, DagRunner runner, TaskExecutor executor, WorkPlan plan, TaskTreeBuilder refiner) {
        List<WorkItem> weak = ctx.items.values().stream()
                .filter(w -> w.isWeak(ctx.settings.minConfidence()))
                .toList();
        if (weak.isEmpty()) {
            return stop(
                    FeedbackRecord.Stop.NO_WEAK_TASKS,
                    "every task is answered with confidence >= minConfidence=" + ctx.settings.minConfidence()
                            + " and no unmet needs");
        }
        if (ctx.remainingNanos() <= 0) {
            return stop(FeedbackRecord.Stop.DEADLINE, weak.size() + " weak task(s) left at the solve timeout");
        }
        if (ctx.budgetSpent("feedback round " + round + " (" + weak.size() + " weak task(s))")) {
            return stop(FeedbackRecord.Stop.BUDGET, ctx.budgetStop());
        }
        long start = System.nanoTime();
        Map<String, Double> before = new HashMap<>();
        weak.forEach(w -> before.put(w.task.id, w.outcome == null ? -1 : w.outcome.confidence()));

        // refine: re-decompose where the decomposer now splits the task, else retrieve again
        List<String> split = new ArrayList<>();
        Map<String, List<WorkItem>> replacements = new LinkedHashMap<>();
        List<WorkItem> retry = new ArrayList<>();
        for (WorkItem w : weak) {
            List<TaskInfo> created = refine(w, refiner);
            if (created.isEmpty()) {
                retry.add(w);
            } else {
                split.add(w.task.id);
                replacements.put(w.task.id, plan.replace(w, created, round));
            }
        }
        Map<String, List<float[]>> queries = new HashMap<>();
        for (WorkItem w : retry) {
            queries.put(w.id, feedbackQueries(w));
            executor.router().passOnUnanswered(w, round);
        }
        Set<WorkItem> start1 = new LinkedHashSet<>(retry);
        replacements.values().forEach(start1::addAll);
        Set<WorkItem> rerun = withDependents(start1);
        int r = round;
        retry.forEach(w -> w.retried = true);
        boolean finished;
        try {
            finished = runner.run(rerun, w -> executor.run(w, r, queries.getOrDefault(w.id, List.of())));
        } finally {
            retry.forEach(w -> w.retried = false);
        }
        deducer.deduce();
        ctx.addTime(Step.FEEDBACK, System.nanoTime() - start);
        addRelateEdges();
        Map<String, float[]> previous = propagated;
        List<Double> changes = propagate();
        Double move = changes.isEmpty() || previous.isEmpty() ? null : largestMove(previous, propagated);

        int improved = 0;
        for (WorkItem w : retry) {
            if (w.outcome != null && w.outcome.answered() && w.outcome.confidence() > before.get(w.task.id)) {
                improved++;
            }
        }
        for (Map.Entry<String, List<WorkItem>> e : replacements.entrySet()) {
            if (improvedBySplit(e.getValue(), before.get(e.getKey()))) {
                improved++;
            }
        }
        rounds.add(new FeedbackRecord.Round(
                round, weak.stream().map(w -> w.task.id).toList(), split, rerun.size(), improved, move));
        ctx.emit(new SolveEvent.Iteration(ctx.solveId, round, changes, rerun.size()));
        if (!finished) {
            return stop(FeedbackRecord.Stop.DEADLINE, "the solve timeout came during round " + round);
        }
        if (improved == 0) {
            return stop(
                    FeedbackRecord.Stop.NOT_IMPROVED,
                    "round " + round + " answered none of its " + weak.size() + " weak task(s) better");
        }
        double epsilon = ctx.settings.propagation().epsilon();
        if (move != null && move < epsilon) {
            return stop(
                    FeedbackRecord.Stop.CONVERGED,
                    String.format(
                            Locale.ROOT,
                            "largest move of a propagated embedding since round %d: %.2e < epsilon = %.1e",
                            round - 1,
                            move,
                            epsilon));
        }
        return true;
    }

    /** Asks the decomposer, once per task, whether a weak task splits now; the new tasks, or none. */
    private List<TaskInfo> refine(WorkItem w, TaskTreeBuilder refiner) {
        TaskInfo t = w.task;
        if (!ctx.settings.has(Layer.TASK) || t.refineAsked || !t.isLeaf()) {
            return List.of();
        }
        t.refineAsked = true;
        Outcome o = w.outcome;
        return ctx.timed(Step.DECOMPOSE, () -> refiner.refine(t, o == null ? List.of() : o.needs()));
    }

    /** A split task improved when all its new leaves are answered, each better than the task was. */
    private static boolean improvedBySplit(List<WorkItem> leaves, double before) {
        return !leaves.isEmpty()
                && leaves.stream()
                        .allMatch(x -> x.outcome != null && x.outcome.answered() && x.outcome.confidence() > before);
    }

    private boolean stop(FeedbackRecord.Stop why, String detail) {
        stop = why;
        stopDetail = detail;
        return false;
    }

    /**
     * The largest L2 distance between a node's embeddings in two rounds, over the nodes present in both with the
     * same dimension; 0 when they share none. A round adds reasoning steps: they are new, so they cannot have moved.
     */
    static double largestMove(Map<String, float[]> before, Map<String, float[]> after) {
        double max = 0;
        for (Map.Entry<String, float[]> e : after.entrySet()) {
            float[] b = before.get(e.getKey());
            if (b != null && b.length == e.getValue().length) {
                double s = 0;
                for (int i = 0; i < b.length; i++) {
                    double d = e.getValue()[i] - b[i];
                    s += d * d;
                }
                max = Math.max(max, Math.sqrt(s));
            }
        }
        return max;
    }

    /** The propagated embedding of a node, or null when message passing did not give it one. */
    float @Nullable [] propagated(String nodeId) {
        return propagated.get(nodeId);
    }

    PropagationRecord record() {
        if (!ctx.settings.has(Layer.MESSAGE_PASSING)) {
            return PropagationRecord.off("the MESSAGE_PASSING layer is switched off");
        }
        if (messagePassing == null) {
            return PropagationRecord.off(absentReason);
        }
        if (propagations.isEmpty()) {
            return PropagationRecord.off("it did not run (solve deadline or failure, see warnings)");
        }
        return new PropagationRecord(
                true,
                messagePassing.name(),
                ctx.settings.propagation(),
                propagations,
                lastPropagationConverged,
                smoothing);
    }

    FeedbackRecord feedback() {
        return new FeedbackRecord(rounds, stop, stopDetail);
    }

    /**
     * Extra queries for a weak task, besides its task's own: its last conclusion and its task as propagated, when
     * message passing gave them a vector of the store's dimension (a projection does not); and its stated needs.
     * Without propagation the conclusion is not a query: as embedded, it found fewer supporting paragraphs than the
     * task's own next hits (docs/message-passing.md).
     */
    private List<float[]> feedbackQueries(WorkItem w) {
        List<float[]> out = new ArrayList<>();
        String last = w.reasoningNodes.isEmpty() ? null : w.reasoningNodes.get(w.reasoningNodes.size() - 1);
        float[] reasoning = last == null ? null : inStoreDimension(last);
        if (reasoning != null) {
            out.add(reasoning);
        }
        float[] task = inStoreDimension(w.task.id);
        if (task != null) {
            out.add(task);
        }
        Outcome o = w.outcome;
        if (o != null && !o.needs().isEmpty()) {
            out.addAll(ctx.timed(Step.RETRIEVE, () -> embedder.embedAll(o.needs())));
        }
        return out;
    }

    private float @Nullable [] inStoreDimension(String nodeId) {
        float[] h = propagated.get(nodeId);
        if (h == null || h.length == embedder.dimension()) {
            return h;
        }
        if (!warnedProjection) {
            warnedProjection = true;
            ctx.warn(
                    Code.MESSAGE_PASSING_FAILED,
                    "messagePassing",
                    "message passing " + (messagePassing == null ? "" : messagePassing.name()) + " projects embeddings"
                            + " to dimension " + h.length + ", but memory is searched in dimension "
                            + embedder.dimension()
                            + ": feedback retrieval uses the unpropagated embeddings");
        }
        return null;
    }

    private Set<WorkItem> withDependents(Set<WorkItem> start) {
        Set<String> ids = new LinkedHashSet<>();
        start.forEach(w -> ids.add(w.id));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WorkItem w : ctx.items.values()) {
                if (!ids.contains(w.id) && w.prerequisites.stream().anyMatch(ids::contains)) {
                    ids.add(w.id);
                    grew = true;
                }
            }
        }
        // keep the scheduler's order
        Set<WorkItem> ordered = new LinkedHashSet<>();
        ctx.items.values().stream().filter(w -> ids.contains(w.id)).forEach(ordered::add);
        return ordered;
    }

    /** RELATE edges between retrieved memory nodes at least {@code relateThreshold} similar. */
    private void addRelateEdges() {
        List<Node> memory = ctx.graph.snapshot().nodes(NodeType.MEMORY);
        for (int i = 0; i < memory.size(); i++) {
            for (int j = i + 1; j < memory.size(); j++) {
                float[] a = memory.get(i).embedding();
                float[] b = memory.get(j).embedding();
                if (a != null
                        && b != null
                        && a.length == b.length
                        && Vectors.cosine(a, b) >= ctx.settings.relateThreshold()) {
                    ctx.graph.addEdge(
                            EdgeType.RELATE, memory.get(i).id(), memory.get(j).id());
                }
            }
        }
    }

    private List<Double> propagate() {
        if (!ctx.settings.has(Layer.MESSAGE_PASSING) || messagePassing == null) {
            return List.of();
        }
        GraphSnapshot snapshot = ctx.graph.snapshot();
        PropagationResult result;
        try {
            result = ctx.timed(Step.PROPAGATE, () -> messagePassing.propagate(snapshot, ctx.settings.propagation()));
        } catch (RuntimeException e) {
            ctx.warn(
                    Code.MESSAGE_PASSING_FAILED,
                    "messagePassing",
                    "message passing " + messagePassing.name() + " failed: " + e + "; continuing without it",
                    e);
            return List.of();
        }
        List<PropagationRecord.Smoothing> measured = OverSmoothing.measure(
                snapshot, result.embeddings(), ctx.settings.propagation().maxMeanCosine());
        smoothing.add(measured);
        propagations.add(result.maxChangePerIteration());
        lastPropagationConverged = result.converged();
        List<PropagationRecord.Smoothing> collapsed =
                measured.stream().filter(PropagationRecord.Smoothing::collapsed).toList();
        if (!collapsed.isEmpty()) {
            ctx.warn(
                    Code.OVER_SMOOTHED,
                    "messagePassing",
                    "message passing " + messagePassing.name() + " over-smoothed the embeddings ("
                            + collapsed.stream()
                                    .map(x -> String.format(
                                            Locale.ROOT,
                                            "%s mean pairwise cosine %.3f -> %.3f",
                                            x.type(),
                                            x.before(),
                                            x.after()))
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + ", above maxMeanCosine="
                            + ctx.settings.propagation().maxMeanCosine()
                            + "); this propagation is not used");
            return result.maxChangePerIteration();
        }
        Map<String, float[]> merged = new LinkedHashMap<>(propagated);
        merged.putAll(result.embeddings());
        propagated = merged;
        return result.maxChangePerIteration();
    }

    /** Writes the propagated embeddings into the graph, for the trace. */
    void applyToGraph() {
        propagated.forEach((id, h) -> ctx.graph.node(id).ifPresent(n -> ctx.graph.replaceNode(n.withEmbedding(h))));
    }
}
