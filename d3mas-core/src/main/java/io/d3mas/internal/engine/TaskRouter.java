package io.d3mas.internal.engine;

import io.d3mas.Layer;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.Node;
import io.d3mas.metrics.Vectors;
import io.d3mas.trace.Assignment;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who takes a task, and why: every assignment and change of assignment of a work item goes through here, into the
 * trace ({@code Trace.assignments()}) and to the listeners ({@link SolveEvent.Assigned}). One instance per solve;
 * thread-safe (the assigner books under its own lock; an item is changed only by the thread running it).
 */
final class TaskRouter {

    /**
     * How much better the assigned agent must match a task's operation (its text before answers are filled in)
     * than the agent that best matches the filled-in text, for the task to stay where it is.
     */
    static final double OPERATION_MARGIN = 0.05;

    private final SolveContext ctx;
    private final Map<String, TeamMember> team = new LinkedHashMap<>();
    private final Assigner assigner;

    TaskRouter(SolveContext ctx, List<TeamMember> members, Assigner assigner) {
        this.ctx = ctx;
        this.assigner = assigner;
        members.forEach(m -> team.put(m.id(), m));
    }

    /**
     * The filled-in text may suit another agent better ("Which river flows through Vienna?"). The task moves unless
     * its own operation, the text before filling in, is clearly the assigned agent's ("… of {{0}} times two" stays
     * with the arithmetic agent even when "Paris" makes the filled-in text a geography question): an operation is
     * never handed to an agent that ranks lower on it by more than {@link #OPERATION_MARGIN}. Either way the
     * decision is recorded with its similarities.
     */
    void reassignFilledIn(WorkItem w, float[] filled, int round) {
        Assigner.Choice best = assigner.assign(filled, ctx.excludedAgents);
        if (best == null) {
            return;
        }
        TeamMember current = team.get(w.agentId);
        if (best.member().id().equals(w.agentId)) {
            assigner.release(best.member().id());
            return;
        }
        float[] template = w.task.templateEmbedding;
        double currentOnTemplate = template == null ? 0 : Vectors.cosine(current.profileEmbedding(), template);
        double bestOnTemplate =
                template == null ? 0 : Vectors.cosine(best.member().profileEmbedding(), template);
        double currentOnFilled = Vectors.cosine(current.profileEmbedding(), filled);
        String detail = String.format(
                Locale.ROOT,
                "filled in as '%s': '%s' matches it best (%.3f, '%s' %.3f); on the task's operation '%s': '%s' %.3f,"
                        + " '%s' %.3f",
                w.task.text,
                best.member().id(),
                best.similarity(),
                current.id(),
                currentOnFilled,
                w.task.template,
                current.id(),
                currentOnTemplate,
                best.member().id(),
                bestOnTemplate);
        w.keptForOperation = currentOnTemplate - bestOnTemplate > OPERATION_MARGIN;
        if (w.keptForOperation) {
            assigner.release(best.member().id());
            record(
                    w,
                    new Assigner.Choice(current, currentOnFilled),
                    Assignment.Reason.KEPT_FOR_OPERATION,
                    detail,
                    round);
        } else {
            assigner.release(w.agentId);
            assign(w, best, Assignment.Reason.FILLED_IN, detail, round);
        }
    }

    void assign(WorkItem w, Assigner.Choice c, Assignment.Reason reason, String detail, int round) {
        w.agentId = c.member().id();
        w.assignedSimilarity = c.similarity();
        record(w, c, reason, detail, round);
        if (ctx.settings.has(Layer.TASK)) {
            ctx.graph
                    .node(w.task.id)
                    .ifPresent(old -> ctx.graph.replaceNode(new Node(
                            old.id(),
                            old.type(),
                            old.content(),
                            old.embedding(),
                            w.agentId,
                            old.provenance(),
                            old.attributes())));
        }
    }

    /** Adds an assignment decision to the trace and tells the listeners. */
    private void record(WorkItem w, Assigner.Choice c, Assignment.Reason reason, String detail, int round) {
        ctx.assignments.add(new Assignment(w.task.id, c.member().id(), c.similarity(), reason, detail, round));
        ctx.emit(new SolveEvent.Assigned(ctx.solveId, w.task.id, c.member().id(), c.similarity(), reason, detail));
    }

    /**
     * Feedback for a task whose agent concluded nothing (its profile matched, its knowledge or skills did not): the
     * next-best agent that has not tried it takes it. A task answered weakly stays with its agent, and so does one
     * whose memory the ledger deferred to another running task (this round hands it that task's conclusion) or one
     * kept with its agent for its operation (another agent would drop the operation, as before issue 16).
     */
    void passOnUnanswered(WorkItem w, int round) {
        Outcome o = w.outcome;
        if (o == null || o.answered() || !ctx.settings.has(Layer.TASK) || w.deferred || w.keptForOperation) {
            // deferred: the ledger held memory back from it; the holder's conclusion now comes to it. Kept for its
            // operation: no other agent can do that; only a split (re-decomposition) can help it
            return;
        }
        Set<String> skip = new HashSet<>(w.triedAgents);
        skip.add(w.agentId);
        skip.addAll(ctx.excludedAgents);
        Assigner.Choice next = assigner.assign(w.task.embedding, skip);
        if (next == null) {
            return;
        }
        String before = w.agentId;
        assigner.release(before);
        assign(
                w,
                next,
                Assignment.Reason.NO_ANSWER,
                "agent '" + before + "' concluded nothing"
                        + (o.needs().isEmpty() ? "" : "; it needs: " + String.join("; ", o.needs())),
                round);
    }
}
