package io.d3mas.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * What a solve spent. Offline components report zero tokens and zero LLM calls.
 *
 * @param tokensByAgent tokens per agent id (reasoning calls)
 * @param tokensByStep tokens per step (decomposition, reasoning, synthesis)
 * @param llmCalls LLM calls made, as the components reported them
 * @param agentCalls agent invocations made
 * @param callsSaved agent invocations avoided: merged duplicate sub-tasks and reused conclusions
 */
public record Usage(
        Map<String, TokenCount> tokensByAgent,
        Map<Step, TokenCount> tokensByStep,
        int llmCalls,
        int agentCalls,
        int callsSaved) {

    public Usage {
        tokensByAgent = Map.copyOf(Objects.requireNonNull(tokensByAgent, "tokensByAgent"));
        tokensByStep = Map.copyOf(Objects.requireNonNull(tokensByStep, "tokensByStep"));
    }

    /** All tokens of the solve. */
    public TokenCount totalTokens() {
        return tokensByStep.values().stream().reduce(TokenCount.ZERO, TokenCount::plus);
    }
}
