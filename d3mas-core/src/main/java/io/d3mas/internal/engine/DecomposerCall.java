package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveCancelledException;
import io.d3mas.SolveInterruptedException;
import io.d3mas.SolveWarning.Code;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.metrics.Step;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.DecompositionRequest;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * The decomposer calls of one solve, in two halves so that the calls of one level of the task tree run at once:
 * {@link #start} submits a call to the team's call threads (or replays it from the checkpoint journal), and
 * {@link #finish} waits for it and reads it.
 */
final class DecomposerCall {

    private final SolveContext ctx;
    private final Decomposer decomposer;

    DecomposerCall(SolveContext ctx, Decomposer decomposer) {
        this.ctx = ctx;
        this.decomposer = decomposer;
    }

    /** One call: started (or replayed from the checkpoint, or refused by the budget), to finish. */
    record Call(
            @Nullable DecompositionRequest request,
            @Nullable Budget scope,
            String key,
            @Nullable Decomposition replayed,
            @Nullable Future<Decomposition> running,
            @Nullable RuntimeException notStarted) {}

    /** Starts the call for {@code task} (its {@code ancestors}' texts, root first), or replays or refuses it. */
    Call start(TaskInfo task, List<String> ancestors, List<String> feedback) {
        if (ctx.budgetSpent("decomposition of " + task.id)) {
            return new Call(null, null, "", null, null, null);
        }
        Budget scope = BudgetAccess.scope(ctx.budget);
        DecompositionRequest request =
                new DecompositionRequest(ctx.query, task.text, task.depth, ancestors, feedback, scope);
        String key = ctx.journal.key("decompose", Integer.toString(task.depth), task.text, String.join("\n", feedback));
        Decomposition replayed = ctx.journal.replay(key, Decomposition.class);
        if (replayed != null) {
            return new Call(request, scope, key, replayed, null, null);
        }
        try {
            return new Call(
                    request, scope, key, null, ComponentCalls.start(ctx, () -> decomposer.decompose(request)), null);
        } catch (ComponentCalls.PastDeadline e) {
            return new Call(request, scope, key, null, null, e);
        }
    }

    /**
     * Waits for the call and reads it: records it in the checkpoint journal, counts its tokens, asks the approver;
     * a failure, a timeout or a refused budget is a warning and no sub-tasks (the task is answered whole).
     */
    List<SubTask> finish(TaskInfo task, Call call) {
        if (call.request() == null || call.scope() == null) {
            return List.of(); // the budget was spent before the call
        }
        Decomposition d;
        Budget scope = call.scope();
        String key = call.key();
        try {
            if (call.notStarted() != null) {
                throw call.notStarted();
            }
            d = call.replayed() != null ? call.replayed() : ComponentCalls.await(ctx, call.running());
        } catch (SolveCancelledException | SolveInterruptedException | ModelUnavailableException e) {
            throw e;
        } catch (ComponentCalls.PastDeadline e) {
            ComponentCalls.charge(ctx, Step.DECOMPOSE, scope);
            ctx.warn(
                    Code.DECOMPOSER_FAILED,
                    "decomposer",
                    "decomposer " + decomposer.name() + " did not finish task " + task.id + " within the solveTimeout ("
                            + ctx.settings.solveTimeout() + "); abandoned, the task is answered whole");
            return List.of();
        } catch (BudgetExhaustedException e) {
            ComponentCalls.charge(ctx, Step.DECOMPOSE, scope);
            ctx.budgetStopped(e.getMessage(), "decomposition of " + task.id);
            return List.of();
        } catch (Exception e) {
            ComponentCalls.failed(
                    ctx,
                    Step.DECOMPOSE,
                    scope,
                    Code.DECOMPOSER_FAILED,
                    "decomposer",
                    "decomposer " + decomposer.name() + " failed on task " + task.id + " ('" + task.text + "'): " + e
                            + "; the task is answered whole",
                    e);
            return List.of();
        }
        if (d == null) {
            ctx.warn(
                    Code.DECOMPOSER_FAILED,
                    "decomposer",
                    "decomposer " + decomposer.name() + " returned null for task " + task.id
                            + "; return Decomposition.atomicTask() to keep a task whole");
            return List.of();
        }
        ctx.journal.record(key, d);
        BudgetAccess.settle(scope, d.tokens(), d.llmCalls());
        ctx.addTokens(Step.DECOMPOSE, null, d.tokens(), d.llmCalls());
        return ctx.approvals.plan(task, d.subTasks(), key);
    }
}
