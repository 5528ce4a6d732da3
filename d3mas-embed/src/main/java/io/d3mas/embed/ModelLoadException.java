package io.d3mas.embed;

import io.d3mas.ModelException;

/**
 * An embedding model could not be loaded: a file is missing or unreadable, the ONNX graph or the tokenizer is
 * corrupt, or the model does not have the inputs and outputs an encoder needs. The message names the file or
 * what was found.
 *
 * @since 0.1.0
 */
public class ModelLoadException extends ModelException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
