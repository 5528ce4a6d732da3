package io.d3mas;

/**
 * A model can serve no call of this solve, and retrying or asking another agent on it would only repeat the
 * failure: its provider refused the credentials (HTTP 401 or 403). A component throws it from its first failed
 * call; the engine stops the solve and {@link D3Mas#solve} throws it, so a bad key costs one request and gives
 * one error. Fix the configuration (the API key, its permissions) and solve again.
 *
 * @since 0.1.0
 */
public class ModelUnavailableException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
