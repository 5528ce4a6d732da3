package io.d3mas.agent;

import java.util.Objects;

/**
 * Another reasoning step's conclusion offered to an agent as a premise: the conclusion of a task it depends
 * on, or knowledge that another agent already grounded (handed over instead of retrieved again).
 *
 * @param reasoningNodeId the step that concluded it
 * @param taskText the task that step answered
 * @param agentId the agent that concluded it
 * @param answer the short answer
 * @param conclusion the statement
 * @since 0.1.0
 */
public record Premise(String reasoningNodeId, String taskText, String agentId, String answer, String conclusion) {
    public Premise {
        Objects.requireNonNull(reasoningNodeId, "reasoningNodeId");
        Objects.requireNonNull(taskText, "taskText");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(conclusion, "conclusion");
    }
}
