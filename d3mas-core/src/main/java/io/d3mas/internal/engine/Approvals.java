package io.d3mas.internal.engine;

import io.d3mas.SolveSuspendedException;
import io.d3mas.SolveWarning.Code;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.approval.Approval;
import io.d3mas.approval.Approver;
import io.d3mas.approval.Review;
import io.d3mas.task.SubTask;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Puts plans and (when asked for) answers before the {@link Approver}, and keeps its decisions in the
 * checkpoint so that a resumed solve does not ask again. A suspension is not kept: the resumed solve asks there.
 */
final class Approvals {

    private final SolveContext ctx;
    private final @Nullable Approver approver;
    private final boolean answers;

    Approvals(SolveContext ctx, @Nullable Approver approver, boolean answers) {
        this.ctx = ctx;
        this.approver = approver;
        this.answers = answers;
    }

    /**
     * The sub-tasks to use: as proposed, edited, or none when the plan is rejected.
     *
     * @throws SolveSuspendedException when the approver suspends the solve
     */
    List<SubTask> plan(TaskInfo task, List<SubTask> proposed, String key) {
        if (approver == null || proposed.isEmpty()) {
            return proposed;
        }
        Approval a = decide(
                new Review.Plan(ctx.solveId, ctx.query, task.id, task.text, task.depth, proposed),
                key,
                "the decomposition of task " + task.id);
        return switch (a.decision()) {
            case APPROVE -> proposed;
            case EDIT -> a.subTasks() == null ? proposed : a.subTasks();
            case REJECT -> {
                ctx.warn(
                        Code.APPROVAL_REJECTED,
                        "approver",
                        "the approver rejected the decomposition of task " + task.id + " ('" + task.text + "'): "
                                + a.reason() + "; the task is answered whole");
                yield List.of();
            }
            case SUSPEND -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * The answer to keep: the agent's, an edited one, or null when it is rejected.
     *
     * @throws SolveSuspendedException when the approver suspends the solve
     */
    @Nullable
    ReasoningResult answer(String taskId, String task, String agentId, ReasoningResult result, String key) {
        if (approver == null || !answers || !result.answered()) {
            return result;
        }
        Approval a = decide(
                new Review.Answer(ctx.solveId, ctx.query, taskId, task, agentId, result),
                key,
                "agent '" + agentId + "''s answer to task " + taskId);
        return switch (a.decision()) {
            case APPROVE -> result;
            case EDIT ->
                a.answer() == null
                        ? result
                        : new ReasoningResult(
                                a.answer(),
                                a.answer(),
                                result.premises(),
                                result.confidence(),
                                List.of(),
                                result.usedMemoryIds(),
                                result.tokens(),
                                result.llmCalls());
            case REJECT -> null;
            case SUSPEND -> throw new IllegalStateException("unreachable");
        };
    }

    private Approval decide(Review review, String key, String what) {
        String approvalKey = key + "\u001f/approval";
        Approval kept = ctx.journal.replay(approvalKey, Approval.class);
        if (kept != null) {
            return kept;
        }
        Approval a;
        try {
            a = approver.review(review);
            if (a == null) {
                throw new IllegalStateException("the approver returned null");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ctx.cancelled(e);
        } catch (Exception e) {
            ctx.warn(
                    Code.APPROVER_FAILED,
                    "approver",
                    "the approver failed on " + what + " (" + e + "); taken as a rejection",
                    e);
            return Approval.reject("the approver failed: " + e);
        }
        if (a.decision() == Approval.Decision.SUSPEND) {
            if (!ctx.journal.active()) {
                ctx.warn(
                        Code.APPROVER_FAILED,
                        "approver",
                        "the approver suspended the solve at " + what + " (" + a.reason() + "), but the team has no"
                                + " checkpoint store to resume from: taken as a rejection; build it with .checkpoints(store)");
                return Approval.reject(a.reason());
            }
            throw new SolveSuspendedException(
                    ctx.solveId,
                    "solve " + ctx.solveId + " is suspended for a decision on " + what + ": " + a.reason()
                            + "; resume it with D3Mas.resume(\"" + ctx.solveId + "\")");
        }
        ctx.journal.record(approvalKey, a);
        return a;
    }
}
