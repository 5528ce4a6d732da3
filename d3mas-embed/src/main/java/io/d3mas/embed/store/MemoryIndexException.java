package io.d3mas.embed.store;

import io.d3mas.D3MasException;

/**
 * A memory index directory holds something the store cannot use: foreign, corrupted, another dimension.
 *
 * @since 0.1.0
 */
public final class MemoryIndexException extends D3MasException {

    private static final long serialVersionUID = 1L;

    public MemoryIndexException(String message) {
        super(message);
    }

    public MemoryIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
