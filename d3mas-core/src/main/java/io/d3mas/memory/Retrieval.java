package io.d3mas.memory;

import java.util.Objects;

/**
 * One line of the retrieval ledger: an agent brought a memory record into a solve for a task.
 *
 * @param recordId the memory record
 * @param agentId the agent that retrieved it
 * @param taskId the task it was retrieved for
 * @param reasoningNodeId the reasoning step that received it (its RETRIEVE edge starts there)
 * @since 0.1.0
 */
public record Retrieval(String recordId, String agentId, String taskId, String reasoningNodeId) {
    public Retrieval {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(reasoningNodeId, "reasoningNodeId");
    }
}
