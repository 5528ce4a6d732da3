package io.d3mas.synthesis;

import java.util.Objects;

/**
 * A conclusion offered to the synthesizer.
 *
 * @param reasoningNodeId its REASONING node
 * @param taskId the task it answers
 * @param taskText that task's text
 * @param agentId the agent that concluded it
 * @param answer the short answer
 * @param conclusion the statement
 * @param confidence the agent's confidence
 * @param relevance cosine similarity of the conclusion to the (propagated) root task
 * @param terminal true when no other task depends on this task: its answer is part of the final answer
 * @since 0.1.0
 */
public record RankedConclusion(
        String reasoningNodeId,
        String taskId,
        String taskText,
        String agentId,
        String answer,
        String conclusion,
        double confidence,
        double relevance,
        boolean terminal) {
    public RankedConclusion {
        Objects.requireNonNull(reasoningNodeId, "reasoningNodeId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(taskText, "taskText");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(conclusion, "conclusion");
    }
}
