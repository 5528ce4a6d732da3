package io.d3mas.llm;

import io.d3mas.ModelException;
import io.d3mas.metrics.TokenCount;

/**
 * The model answered, but not in the shape asked for, also after it was shown its error once. The message
 * says what was wrong with the last answer.
 */
public final class MalformedAnswerException extends ModelException {
    private static final long serialVersionUID = 1L;

    private final int calls;
    private final transient TokenCount tokens;

    MalformedAnswerException(String message, int calls, TokenCount tokens) {
        super(Secrets.redact(message));
        this.calls = calls;
        this.tokens = tokens;
    }

    /** Calls made, the repair round included. */
    public int calls() {
        return calls;
    }

    /** Tokens those calls cost. */
    public TokenCount tokens() {
        return tokens;
    }
}
