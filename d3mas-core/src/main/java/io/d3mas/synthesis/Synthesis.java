package io.d3mas.synthesis;

import io.d3mas.metrics.TokenCount;
import java.util.List;
import java.util.Objects;

/**
 * @param answer the final answer
 * @param usedReasoningNodeIds the conclusions it was written from
 * @param tokens tokens spent
 * @param llmCalls LLM calls made
 * @since 0.1.0
 */
public record Synthesis(String answer, List<String> usedReasoningNodeIds, TokenCount tokens, int llmCalls) {
    public Synthesis {
        Objects.requireNonNull(answer, "answer");
        usedReasoningNodeIds = List.copyOf(Objects.requireNonNull(usedReasoningNodeIds, "usedReasoningNodeIds"));
        Objects.requireNonNull(tokens, "tokens");
    }

    /** An answer written without a model. */
    public static Synthesis of(String answer, List<String> usedReasoningNodeIds) {
        return new Synthesis(answer, usedReasoningNodeIds, TokenCount.ZERO, 0);
    }
}
