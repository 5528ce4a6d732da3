package io.d3mas.internal;

import io.d3mas.Budget;
import io.d3mas.metrics.TokenCount;
import org.jspecify.annotations.Nullable;

/**
 * The engine's side of {@link Budget}: per-call scopes and settling what a component reported. Not public on
 * {@code Budget}, which every agent reaches through its request: an agent should not open scopes or settle
 * usage. {@code Budget} registers the operations when it is loaded. Internal, not API.
 */
public final class BudgetAccess {

    /** What the engine does with a budget beyond what components may do. */
    public interface Ops {
        Budget scope(Budget budget);

        void settle(Budget scope, TokenCount reported, int reportedCalls);

        TokenCount scopeTokens(Budget scope);

        int scopeCalls(Budget scope);
    }

    private static volatile @Nullable Ops ops;

    private BudgetAccess() {}

    /**
     * Called once, by {@code Budget} when it is loaded.
     *
     * @throws IllegalStateException when called again
     */
    public static void register(Ops operations) {
        synchronized (BudgetAccess.class) {
            if (ops != null) {
                throw new IllegalStateException("the budget operations are registered already");
            }
            ops = operations;
        }
    }

    /** A view for one component call, sharing the budget's limits and counters (see {@code Budget}). */
    public static Budget scope(Budget budget) {
        return ops().scope(budget);
    }

    /** Counts what a component reported beyond what went through the scope's permits. */
    public static void settle(Budget scope, TokenCount reported, int reportedCalls) {
        ops().settle(scope, reported, reportedCalls);
    }

    /** Tokens of the calls finished through the scope's permits. */
    public static TokenCount scopeTokens(Budget scope) {
        return ops().scopeTokens(scope);
    }

    /** Calls started through the scope's permits. */
    public static int scopeCalls(Budget scope) {
        return ops().scopeCalls(scope);
    }

    private static Ops ops() {
        Ops o = ops;
        if (o == null) {
            Budget.unlimited(); // loads Budget, which registers
            o = ops;
        }
        if (o == null) {
            throw new IllegalStateException("Budget did not register its operations");
        }
        return o;
    }
}
