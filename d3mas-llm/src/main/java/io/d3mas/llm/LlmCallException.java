package io.d3mas.llm;

import io.d3mas.metrics.TokenCount;

/**
 * An LLM call failed for good: a non-retriable error (authentication, a bad request, a missing model), or a
 * retriable one (rate limit, 5xx, timeout, a malformed or empty response) that outlasted the retries. The
 * message says which and how often it was tried.
 *
 * @since 0.1.0
 */
public final class LlmCallException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    LlmCallException(String message, int calls, TokenCount tokens, boolean retriable) {
        super(message, calls, tokens);
        this.retriable = retriable;
    }

    /**
     * True when the error was transient (rate limit, 5xx, timeout, malformed response, the retry budget) and only
     * the retries ran out; false for an error that the same request would meet again (a bad request, a missing
     * model).
     */
    @Override
    public boolean isRetriable() {
        return retriable;
    }
}
