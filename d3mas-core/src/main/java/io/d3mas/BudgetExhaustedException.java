package io.d3mas;

/**
 * A component did not start an LLM call because the solve's token or call budget is spent or its deadline
 * has passed. The engine does not count this as a failure of the agent: it stops starting new calls and
 * synthesizes from what exists.
 *
 * @since 0.1.0
 */
public final class BudgetExhaustedException extends D3MasException {
    private static final long serialVersionUID = 1L;

    private final Budget.Limit limit;

    public BudgetExhaustedException(Budget.Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** Which limit stopped the call. */
    public Budget.Limit limit() {
        return limit;
    }
}
