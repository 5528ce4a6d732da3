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
 * @param budgetStop empty, or why the solve stopped starting LLM calls (token budget, call budget, deadline)
 *     and what it skipped; the answer was then synthesized from what existed
 * @param agentFailures agent id to the number of its calls that failed in this solve (absent: none failed)
 * @param toolCalls tool calls that ran, failed ones included (since 0.2.0)
 * @param toolCallsSaved tool calls answered with the result of the same call made earlier in the solve, without
 *     running the tool (since 0.2.0)
 * @param toolCallsFailed tool calls that failed: the tool threw or ran too long or the arguments were not a JSON
 *     object; the model was shown the error (since 0.2.0)
 * @since 0.1.0
 */
public record Usage(
        Map<String, TokenCount> tokensByAgent,
        Map<Step, TokenCount> tokensByStep,
        int llmCalls,
        int agentCalls,
        int callsSaved,
        String budgetStop,
        Map<String, Integer> agentFailures,
        int toolCalls,
        int toolCallsSaved,
        int toolCallsFailed) {

    public Usage {
        tokensByAgent = Map.copyOf(Objects.requireNonNull(tokensByAgent, "tokensByAgent"));
        tokensByStep = Map.copyOf(Objects.requireNonNull(tokensByStep, "tokensByStep"));
        Objects.requireNonNull(budgetStop, "budgetStop");
        agentFailures = Map.copyOf(Objects.requireNonNull(agentFailures, "agentFailures"));
        if (toolCalls < 0 || toolCallsSaved < 0 || toolCallsFailed < 0) {
            throw new IllegalArgumentException("tool call counts must be >= 0");
        }
    }

    /** Usage of a solve without tool calls. */
    public Usage(
            Map<String, TokenCount> tokensByAgent,
            Map<Step, TokenCount> tokensByStep,
            int llmCalls,
            int agentCalls,
            int callsSaved,
            String budgetStop,
            Map<String, Integer> agentFailures) {
        this(tokensByAgent, tokensByStep, llmCalls, agentCalls, callsSaved, budgetStop, agentFailures, 0, 0, 0);
    }

    /** Usage of a solve that hit no budget and had no failed agent. */
    public Usage(
            Map<String, TokenCount> tokensByAgent,
            Map<Step, TokenCount> tokensByStep,
            int llmCalls,
            int agentCalls,
            int callsSaved) {
        this(tokensByAgent, tokensByStep, llmCalls, agentCalls, callsSaved, "", Map.of(), 0, 0, 0);
    }

    /** All tokens of the solve. */
    public TokenCount totalTokens() {
        return tokensByStep.values().stream().reduce(TokenCount.ZERO, TokenCount::plus);
    }

    /** Whether a budget or the deadline stopped new LLM calls. */
    public boolean budgetReached() {
        return !budgetStop.isEmpty();
    }
}
