package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveSuspendedException;
import io.d3mas.SolveWarning;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.metrics.Step;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One call of an agent for a task, with everything around it: the checkpoint (a resumed solve does not ask
 * again), the task timeout and solve deadline, the span, the tokens a failed call still spent, and the
 * approver's decision on the answer.
 */
final class AgentCall {

    private final SolveContext ctx;
    private final ExecutorService executor;

    AgentCall(SolveContext ctx, ExecutorService executor) {
        this.ctx = ctx;
        this.executor = executor;
    }

    /**
     * The member's answer to the request: from the checkpoint when a resumed solve recorded it, else from the
     * agent within the task timeout and the solve deadline, as the approver decides.
     *
     * @throws Failed when the agent failed, timed out, returned null or its answer was rejected
     * @throws OverBudget when the budget stopped its LLM call
     * @throws Cancelled when the solve was interrupted, timed out or must stop
     */
    ReasoningResult call(TeamMember m, ReasoningRequest request) {
        ctx.agentCalls.incrementAndGet();
        String key = ctx.journal.key("reason", m.id(), Integer.toString(request.round()), request.task());
        ReasoningResult replayed = ctx.journal.replay(key, ReasoningResult.class);
        if (replayed != null) {
            return approved(m, request, replayed, key); // finished before the solve stopped: not asked again
        }
        long limit = Math.min(ctx.settings.taskTimeout().toNanos(), ctx.remainingNanos());
        if (limit <= 0) {
            throw new Cancelled();
        }
        long start = System.nanoTime();
        Telemetry.Activity span = ctx.telemetry.agentTask(m.id(), request.taskId(), request.task(), request.round());
        Future<ReasoningResult> f;
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            f = executor.submit(ctx.telemetry.wrap(() -> {
                started.complete(null);
                return m.agent().reason(request);
            }));
        } catch (RuntimeException e) {
            span.failed(e);
            span.close();
            throw e;
        }
        try {
            // waiting for one of the team's call threads is not the agent's time: taskTimeout starts with the call
            started.get(ctx.remainingNanos(), TimeUnit.NANOSECONDS);
            limit = Math.min(ctx.settings.taskTimeout().toNanos(), ctx.remainingNanos());
            ReasoningResult r = f.get(Math.max(limit, 0), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new Failed("agent '" + m.id() + "' returned null for task " + request.taskId());
            }
            ctx.journal.record(key, r);
            return approved(m, request, r, key);
        } catch (TimeoutException e) {
            f.cancel(true);
            countSpent(m, request.budget());
            if (ctx.remainingNanos() <= 0) {
                throw new Cancelled();
            }
            throw new Failed("agent '" + m.id() + "' did not answer task " + request.taskId() + " within "
                    + ctx.settings.taskTimeout() + " (taskTimeout)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            countSpent(m, request.budget());
            if (cause instanceof BudgetExhaustedException b) {
                throw new OverBudget(b.getMessage());
            }
            if (cause instanceof ModelUnavailableException u) {
                // no other agent on this model could do better: the scheduler stops the solve
                ctx.stop(u);
                throw new Cancelled();
            }
            throw new Failed(
                    "agent '" + m.id() + "' failed on task " + request.taskId() + ": " + cause,
                    cause,
                    SolveWarning.Code.AGENT_FAILED);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new Cancelled();
        } catch (RuntimeException e) {
            span.failed(e);
            throw e;
        } finally {
            span.close();
            ctx.addTime(Step.REASON, System.nanoTime() - start);
        }
    }

    /** The answer as the approver decided; a rejected one fails like an agent that could not answer. */
    private ReasoningResult approved(TeamMember m, ReasoningRequest request, ReasoningResult r, String key) {
        ReasoningResult kept;
        try {
            kept = ctx.approvals.answer(request.taskId(), request.task(), m.id(), r, key);
        } catch (SolveSuspendedException e) {
            ctx.stop(e);
            throw new Cancelled();
        }
        if (kept == null) {
            throw new Failed(
                    "the approver rejected agent '" + m.id() + "''s answer to task " + request.taskId(),
                    null,
                    SolveWarning.Code.APPROVAL_REJECTED);
        }
        return kept;
    }

    /** An agent call that failed still spent what went through its budget permits. */
    private void countSpent(TeamMember m, Budget scope) {
        ctx.addTokens(Step.REASON, m.id(), BudgetAccess.scopeTokens(scope), BudgetAccess.scopeCalls(scope));
    }

    /** The agent call failed; the message says how. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** AGENT_FAILED, or APPROVAL_REJECTED when the approver turned the answer down. */
        final SolveWarning.Code code;

        Failed(String message) {
            this(message, null, SolveWarning.Code.AGENT_FAILED);
        }

        Failed(String message, @Nullable Throwable cause, SolveWarning.Code code) {
            super(message, cause, false, false);
            this.code = code;
        }
    }

    /** The agent did not start an LLM call: the budget is spent. Not the agent's failure. */
    static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget(String message) {
            super(message, null, false, false);
        }
    }

    /** The solve was interrupted or ran out of time while this item ran. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }
}
