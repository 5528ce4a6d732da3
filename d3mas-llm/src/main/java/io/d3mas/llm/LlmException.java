package io.d3mas.llm;

import io.d3mas.ModelException;
import io.d3mas.metrics.TokenCount;

/**
 * An LLM component gave up, with what its calls cost. The message never holds an API key: it is redacted
 * with {@link Secrets}.
 *
 * @since 0.1.0
 */
public abstract class LlmException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final int calls;
    private final transient TokenCount tokens;

    LlmException(String message, int calls, TokenCount tokens) {
        super(Secrets.redact(message));
        this.calls = calls;
        this.tokens = tokens;
    }

    /** Calls made before giving up. */
    public int calls() {
        return calls;
    }

    /** Tokens the provider reported for those calls. */
    public TokenCount tokens() {
        return tokens;
    }
}
