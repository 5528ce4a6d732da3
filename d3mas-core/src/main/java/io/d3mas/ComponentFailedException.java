package io.d3mas;

/**
 * A component failed during a solve in {@linkplain SolveSettings#strict() strict mode}, where the engine does
 * not go on without it. {@link #warning()} says which component and how; {@link #getCause()} is the exception
 * it threw, when it threw one. Without strict mode the same failure is a {@link SolveWarning} in the result.
 *
 * @since 0.1.0
 */
public class ComponentFailedException extends D3MasException {
    private static final long serialVersionUID = 1L;

    private final transient SolveWarning warning;

    public ComponentFailedException(SolveWarning warning) {
        super(warning.component() + " failed (" + warning.code() + "): " + warning.message(), warning.cause());
        this.warning = warning;
    }

    /** Retriable when the component's own failure was (say, an LLM call that outlasted its retries). */
    @Override
    public boolean isRetriable() {
        return warning.cause() instanceof D3MasException d && d.isRetriable();
    }

    /** The failure, as it would have been reported without strict mode. */
    public SolveWarning warning() {
        return warning;
    }
}
