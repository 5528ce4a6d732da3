package io.d3mas;

/**
 * The solve was cancelled because its {@link D3Mas} instance was closed while it ran. Running agent calls were
 * cancelled; nothing of the solve is returned. Solve again on an open instance.
 *
 * @since 0.1.0
 */
public class SolveCancelledException extends D3MasException {
    private static final long serialVersionUID = 1L;

    public SolveCancelledException(String message) {
        super(message);
    }

    public SolveCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
