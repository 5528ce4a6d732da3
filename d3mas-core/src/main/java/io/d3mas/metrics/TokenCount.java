package io.d3mas.metrics;

import dev.langchain4j.model.output.TokenUsage;
import io.d3mas.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Prompt (input) and completion (output) tokens as a provider reports them.
 *
 * @param input prompt tokens, at least 0
 * @param output completion tokens, at least 0
 * @since 0.1.0
 */
public record TokenCount(long input, long output) {

    public static final TokenCount ZERO = new TokenCount(0, 0);

    public TokenCount {
        if (input < 0 || output < 0) {
            throw new InvalidInputException("token counts must be >= 0, were input=" + input + ", output=" + output);
        }
    }

    /** From langchain4j's usage; null counts (a provider that reports none) count as 0. */
    public static TokenCount from(@Nullable TokenUsage usage) {
        if (usage == null) {
            return ZERO;
        }
        Integer in = usage.inputTokenCount();
        Integer out = usage.outputTokenCount();
        return new TokenCount(in == null ? 0 : in, out == null ? 0 : out);
    }

    public TokenCount plus(TokenCount other) {
        return new TokenCount(input + other.input, output + other.output);
    }

    /** input + output. */
    public long total() {
        return input + output;
    }
}
