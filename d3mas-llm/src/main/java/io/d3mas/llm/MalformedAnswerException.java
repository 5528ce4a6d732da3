package io.d3mas.llm;

import io.d3mas.metrics.TokenCount;

/**
 * The model answered, but not in the shape asked for, also after it was shown its error once. The message
 * says what was wrong with the last answer; {@link #calls()} includes the repair round.
 *
 * @since 0.1.0
 */
public final class MalformedAnswerException extends LlmException {
    private static final long serialVersionUID = 1L;

    MalformedAnswerException(String message, int calls, TokenCount tokens) {
        super(message, calls, tokens);
    }
}
