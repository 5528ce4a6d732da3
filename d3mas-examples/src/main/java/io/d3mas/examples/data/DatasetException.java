package io.d3mas.examples.data;

/** A dataset file that is missing or not in the format its loader reads; the message says which and why. */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
