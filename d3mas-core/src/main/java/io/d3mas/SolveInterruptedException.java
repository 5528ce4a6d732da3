package io.d3mas;

/**
 * The thread that called {@code solve} was interrupted. Running agent calls were cancelled and the
 * thread's interrupt flag is set again.
 *
 * @since 0.1.0
 */
public class SolveInterruptedException extends D3MasException {
    private static final long serialVersionUID = 1L;

    public SolveInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
