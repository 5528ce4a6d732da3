package io.d3mas;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws, value types and builders included. Unchecked. Subclasses say what
 * the caller can do: {@link InvalidInputException} (fix the input or configuration), {@link ModelException} (a
 * model or native resource failed; {@link ModelUnavailableException}: its credentials were refused),
 * {@link BudgetExhaustedException} (a token, call or time budget is spent), {@link ComponentFailedException} (a
 * component failed in strict mode), {@link SolveInterruptedException}, {@link SolveCancelledException} and
 * {@link SolveSuspendedException} (the solve did not finish, and why).
 *
 * <p>{@link #isRetriable()} splits them in two: retriable failures may succeed if the same call is made again
 * later without changing anything (an LLM call that outlasted its retries on rate limits or server errors);
 * the others need a change first (the input, the configuration, the key, a budget). Retriability is a property
 * of the failure, not of its class, so it is a method rather than two branches of classes.
 *
 * @since 0.1.0
 */
public class D3MasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Whether the same call may succeed if made again later, with nothing changed: true for transient failures
     * (rate limits, server errors, overload) that outlasted the retries; false by default.
     */
    public boolean isRetriable() {
        return false;
    }

    public D3MasException(String message) {
        super(message);
    }

    public D3MasException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
