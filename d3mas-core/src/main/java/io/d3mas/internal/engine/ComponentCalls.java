package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.SolveInterruptedException;
import io.d3mas.SolveWarning.Code;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.metrics.Step;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Calls of the decomposer and the synthesizer: within the solve's deadline, charged and reported alike. */
final class ComponentCalls {

    private ComponentCalls() {}

    /** A component call that the solve deadline cut off; the call was cancelled (its thread interrupted). */
    static final class PastDeadline extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PastDeadline() {
            super("the solveTimeout passed", null, false, false);
        }
    }

    /**
     * Runs a component call (decomposer, synthesizer) on the team's threads within what is left of the solve.
     *
     * @throws PastDeadline when the deadline comes first: the call is cancelled
     * @throws io.d3mas.SolveCancelledException when the team is closed meanwhile
     * @throws SolveInterruptedException when the calling thread is interrupted
     * @throws Exception what the call threw
     */
    static <T> T withinDeadline(SolveContext ctx, Callable<T> call) throws Exception {
        return await(ctx, start(ctx, call));
    }

    /**
     * Starts a component call on the team's threads, to {@link #await} later: calls started one after another run
     * at the same time.
     *
     * @throws PastDeadline when the deadline has passed: nothing is started
     * @throws io.d3mas.SolveCancelledException when the team is closed
     */
    static <T> Future<T> start(SolveContext ctx, Callable<T> call) {
        if (ctx.remainingNanos() <= 0) {
            throw new PastDeadline();
        }
        try {
            return ctx.threads.calls().submit(ctx.telemetry.wrap(call));
        } catch (RejectedExecutionException e) {
            throw ctx.cancelled(e);
        }
    }

    /** Waits for a {@linkplain #start started} call within what is left of the solve; see {@link #withinDeadline}. */
    static <T> T await(SolveContext ctx, Future<T> f) throws Exception {
        while (true) {
            long left = ctx.remainingNanos();
            if (left <= 0) {
                f.cancel(true);
                throw new PastDeadline();
            }
            try {
                return f.get(Math.min(left, SolveContext.CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (ctx.threads.isShutdown()) {
                    f.cancel(true);
                    throw ctx.cancelled(null);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception x) {
                    throw x;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (CancellationException e) {
                throw ctx.cancelled(e);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new SolveInterruptedException("solve " + ctx.solveId + " was interrupted", e);
            }
        }
    }

    /** Charges the solve what went through a component call's budget scope (also when the call failed). */
    static void charge(SolveContext ctx, Step step, Budget scope) {
        ctx.addTokens(step, null, BudgetAccess.scopeTokens(scope), BudgetAccess.scopeCalls(scope));
    }

    /** A component call threw: charge its scope, keep an interrupt, and warn with the exception as the cause. */
    static void failed(
            SolveContext ctx, Step step, Budget scope, Code code, String component, String message, Exception e) {
        charge(ctx, step, scope);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        ctx.warn(code, component, message, e);
    }
}
