package io.d3mas;

import io.d3mas.event.ModelCall;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.metrics.TokenCount;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What one solve may still spend: tokens, LLM calls and time. The engine makes one per solve from
 * {@link SolveSettings#tokenBudget()}, {@link SolveSettings#llmCallBudget()} and
 * {@link SolveSettings#solveTimeout()}, and hands a scope of it (its own counters, the same limits) to every component call
 * (in {@code DecompositionRequest}, {@code ReasoningRequest} and {@code SynthesisRequest}).
 *
 * <p>A component that calls an LLM asks for a {@link Permit} before each call with {@link #tryStart(long)}
 * and reports what the call used with {@link Permit#finish(TokenCount)}. A call starts only while
 * {@code spent + in flight + estimate ≤ tokenBudget} and fewer than {@code llmCallBudget} calls have started,
 * so concurrent calls cannot overshoot the call budget at all, and the token budget only by the amount the
 * estimates were short. Components that do not ask (user code) are still stopped between calls: the engine
 * counts what their results report and starts no new component call once the budget is spent.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Budget {

    static {
        BudgetAccess.register(new BudgetAccess.Ops() {
            @Override
            public Budget scope(Budget budget) {
                return budget.scope();
            }

            @Override
            public void settle(Budget scope, TokenCount reported, int reportedCalls) {
                scope.settle(reported, reportedCalls);
            }

            @Override
            public TokenCount scopeTokens(Budget scope) {
                return scope.scopeTokens();
            }

            @Override
            public int scopeCalls(Budget scope) {
                return scope.scopeCalls();
            }
        });
    }

    /** Why a call may not start. */
    public enum Limit {
        TOKENS,
        LLM_CALLS,
        DEADLINE
    }

    private final @Nullable Budget root;
    private final long maxTokens;
    private final int maxCalls;
    private final long deadlineNanos;
    private final boolean hasDeadline;
    private final @Nullable Consumer<ModelCall> observer;
    // root counters
    private final AtomicLong spent = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    // what went through this scope's permits
    private final AtomicLong scopeTokens = new AtomicLong();
    private final AtomicLong scopeInput = new AtomicLong();
    private final AtomicLong scopeOutput = new AtomicLong();
    private final AtomicInteger scopeCalls = new AtomicInteger();

    private Budget(
            @Nullable Budget root,
            long maxTokens,
            int maxCalls,
            long deadlineNanos,
            boolean hasDeadline,
            @Nullable Consumer<ModelCall> observer) {
        this.root = root;
        this.maxTokens = maxTokens;
        this.maxCalls = maxCalls;
        this.deadlineNanos = deadlineNanos;
        this.hasDeadline = hasDeadline;
        this.observer = observer;
    }

    /** No limit on tokens, calls or time: for components called outside a solve (tests, tools). */
    public static Budget unlimited() {
        return new Budget(null, Long.MAX_VALUE, Integer.MAX_VALUE, 0, false, null);
    }

    /**
     * A budget for one solve.
     *
     * @param maxTokens at most this many tokens (input + output); 0 = no limit
     * @param maxCalls at most this many LLM calls; 0 = no limit
     * @param timeLeft the time the solve has; null = no deadline; longer than {@link SolveSettings#MAX_TIMEOUT} is
     *     taken as that
     */
    public static Budget of(long maxTokens, int maxCalls, @Nullable Duration timeLeft) {
        if (maxTokens < 0 || maxCalls < 0) {
            throw new InvalidInputException("budget limits must be >= 0 (0 = no limit), were maxTokens=" + maxTokens
                    + ", maxCalls=" + maxCalls);
        }
        return new Budget(
                null,
                maxTokens == 0 ? Long.MAX_VALUE : maxTokens,
                maxCalls == 0 ? Integer.MAX_VALUE : maxCalls,
                timeLeft == null
                        ? 0
                        : System.nanoTime()
                                + (timeLeft.compareTo(SolveSettings.MAX_TIMEOUT) > 0
                                                ? SolveSettings.MAX_TIMEOUT
                                                : timeLeft)
                                        .toNanos(),
                timeLeft != null,
                null);
    }

    /**
     * The same budget (limits, deadline) with an observer of the model calls made under it: LLM clients
     * {@linkplain #report report} each step of their calls, and the engine turns them into
     * {@link io.d3mas.event.SolveEvent.ModelCalled} events. Only on a fresh budget, before any call.
     *
     * @throws IllegalStateException on a scope, or on a budget that has started calls
     */
    public Budget observedBy(Consumer<ModelCall> observer) {
        Objects.requireNonNull(observer, "observer");
        if (root != null || calls.get() > 0) {
            throw new IllegalStateException("observe a fresh budget, before any call and not a scope");
        }
        return new Budget(null, maxTokens, maxCalls, deadlineNanos, hasDeadline, observer);
    }

    /** Reports a step of a model call to the observer, if any; an observer that throws is ignored. */
    public void report(ModelCall call) {
        Consumer<ModelCall> o = top().observer;
        if (o != null) {
            try {
                o.accept(call);
            } catch (RuntimeException ignored) {
                // an observer must not fail the call it observes
            }
        }
    }

    /**
     * A view for one component call: it shares this budget's limits and counters and also remembers what went
     * through its own permits, so {@link #settle} can count what the component reported beyond that.
     */
    Budget scope() {
        return new Budget(top(), maxTokens, maxCalls, deadlineNanos, hasDeadline, null);
    }

    /**
     * Asks to start one LLM call.
     *
     * @param estimatedTokens what the call will probably use (prompt estimate + the most output asked for)
     * @return a permit to finish when the call ends
     * @throws BudgetExhaustedException when the call would go over a limit or the deadline has passed
     */
    public Permit tryStart(long estimatedTokens) {
        Budget top = top();
        long estimate = Math.max(0, estimatedTokens);
        if (hasDeadline && remaining().isZero()) {
            throw new BudgetExhaustedException(Limit.DEADLINE, "the solve deadline has passed");
        }
        while (true) {
            int c = top.calls.get();
            if (c >= maxCalls) {
                throw new BudgetExhaustedException(
                        Limit.LLM_CALLS, "the LLM-call budget of " + maxCalls + " calls is spent");
            }
            if (top.calls.compareAndSet(c, c + 1)) {
                break;
            }
        }
        while (true) {
            long r = top.reserved.get();
            long committed = top.spent.get();
            if (maxTokens != Long.MAX_VALUE && committed + r + estimate > maxTokens) {
                top.calls.decrementAndGet();
                throw new BudgetExhaustedException(
                        Limit.TOKENS,
                        "the token budget of " + maxTokens + " tokens is spent or too small for the next call ("
                                + committed + " spent, " + r + " in flight, about " + estimate + " needed)");
            }
            if (top.reserved.compareAndSet(r, r + estimate)) {
                break;
            }
        }
        scopeCalls.incrementAndGet();
        return new Permit(this, estimate);
    }

    /**
     * Counts what a component reported beyond what went through this scope's permits (a component that does
     * not use permits has all of its usage counted here). Called by the engine after each component call.
     */
    void settle(TokenCount reported, int reportedCalls) {
        Budget top = top();
        long extraTokens = reported.total() - scopeTokens.get();
        int extraCalls = reportedCalls - scopeCalls.get();
        if (extraTokens > 0) {
            top.spent.addAndGet(extraTokens);
            scopeTokens.addAndGet(extraTokens);
        }
        if (extraCalls > 0) {
            top.calls.addAndGet(extraCalls);
            scopeCalls.addAndGet(extraCalls);
        }
    }

    /** Tokens of the calls finished through this scope's permits (what a component spent, even if it then failed). */
    TokenCount scopeTokens() {
        return new TokenCount(scopeInput.get(), scopeOutput.get());
    }

    /** Calls started through this scope's permits. */
    int scopeCalls() {
        return scopeCalls.get();
    }

    /** The limit that is reached, or null while calls may still start. */
    public @Nullable Limit reached() {
        Budget top = top();
        if (top.calls.get() >= maxCalls) {
            return Limit.LLM_CALLS;
        }
        if (top.spent.get() >= maxTokens) {
            return Limit.TOKENS;
        }
        if (hasDeadline && remaining().isZero()) {
            return Limit.DEADLINE;
        }
        return null;
    }

    /** Time left before the deadline; a very long duration when there is none. */
    public Duration remaining() {
        if (!hasDeadline) {
            return Duration.ofNanos(Long.MAX_VALUE);
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Tokens counted so far in the whole solve. */
    public long tokensSpent() {
        return top().spent.get();
    }

    /** LLM calls started so far in the whole solve. */
    public int callsStarted() {
        return top().calls.get();
    }

    /** The token limit; {@link Long#MAX_VALUE} when there is none. */
    public long maxTokens() {
        return maxTokens;
    }

    /** The LLM-call limit; {@link Integer#MAX_VALUE} when there is none. */
    public int maxCalls() {
        return maxCalls;
    }

    private Budget top() {
        return root == null ? this : root;
    }

    @Override
    public String toString() {
        Budget top = top();
        return "Budget[tokens " + top.spent.get() + "/" + (maxTokens == Long.MAX_VALUE ? "-" : maxTokens) + ", calls "
                + top.calls.get() + "/" + (maxCalls == Integer.MAX_VALUE ? "-" : maxCalls) + "]";
    }

    /** One started LLM call. Finish it exactly once, also when the call failed. */
    public static final class Permit {
        private final Budget scope;
        private final long estimate;
        private final AtomicInteger finished = new AtomicInteger();

        private Permit(Budget scope, long estimate) {
            this.scope = scope;
            this.estimate = estimate;
        }

        /** Ends the call: releases the estimate and counts what it used (zero for a call that failed). */
        public void finish(TokenCount used) {
            if (!finished.compareAndSet(0, 1)) {
                return;
            }
            Budget top = scope.top();
            top.reserved.addAndGet(-estimate);
            top.spent.addAndGet(used.total());
            scope.scopeTokens.addAndGet(used.total());
            scope.scopeInput.addAndGet(used.input());
            scope.scopeOutput.addAndGet(used.output());
        }
    }
}
