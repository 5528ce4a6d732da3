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

    LlmCallException(String message, int calls, TokenCount tokens) {
        super(message, calls, tokens);
    }
}
