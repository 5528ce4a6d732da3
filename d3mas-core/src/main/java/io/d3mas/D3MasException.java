package io.d3mas;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws. Unchecked. Subclasses say what the caller can do:
 * {@link InvalidInputException} (fix the input or configuration), {@link ModelException} (a model or
 * native resource failed), {@link SolveInterruptedException} (the calling thread was interrupted).
 *
 * @since 0.1.0
 */
public class D3MasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public D3MasException(String message) {
        super(message);
    }

    public D3MasException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
