package io.d3mas;

/**
 * Bad input or configuration: the message names the value and says what to fix. Not retriable.
 *
 * @since 0.1.0
 */
public class InvalidInputException extends D3MasException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
