package io.d3mas;

/**
 * A model or native resource (embedding model, ONNX session, store) failed or returned unusable output.
 *
 * @since 0.1.0
 */
public class ModelException extends D3MasException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
