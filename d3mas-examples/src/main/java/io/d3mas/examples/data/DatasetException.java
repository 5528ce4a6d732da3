package io.d3mas.examples.data;

/**
 * A dataset file that is missing or not in the format its loader reads; the message says which file, line and
 * field, and what to pass instead.
 */
public final class DatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
