package io.d3mas.llm;

import io.d3mas.ModelException;
import io.d3mas.metrics.TokenCount;

/**
 * An LLM call failed for good: a non-retriable error (authentication, a bad request, a missing model), or a
 * retriable one (rate limit, 5xx, timeout, a malformed or empty response) that outlasted the retries. The
 * message says which and how often it was tried; it never holds an API key.
 */
public final class LlmCallException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final int calls;
    private final transient TokenCount tokens;

    LlmCallException(String message, int calls, TokenCount tokens) {
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
