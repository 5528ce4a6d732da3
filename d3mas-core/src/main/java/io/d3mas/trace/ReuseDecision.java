package io.d3mas.trace;

import java.util.Objects;

/**
 * One decision of step 6's reuse: whether a task took the conclusion of another, already answered task instead
 * of calling an agent. Every candidate that was similar enough to be considered is recorded, reused or not, so
 * that a user can audit why an answer was (or was not) reused.
 *
 * @param taskId the task that looked for a conclusion to reuse
 * @param task its text, with the answers it depends on filled in
 * @param candidateTaskId the answered task whose conclusion was considered
 * @param candidateTask that task's text
 * @param reasoningNodeId the candidate's reasoning step
 * @param similarity cosine similarity of the two tasks' embeddings (1 for the same text)
 * @param reused whether the conclusion was taken
 * @param reason why: "the same question", or what made the two differ ("asks for a person, the other for a novel",
 *     "the other task is one of its prerequisites", …)
 *
 * @since 0.1.0
 */
public record ReuseDecision(
        String taskId,
        String task,
        String candidateTaskId,
        String candidateTask,
        String reasoningNodeId,
        double similarity,
        boolean reused,
        String reason) {

    public ReuseDecision {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(candidateTaskId, "candidateTaskId");
        Objects.requireNonNull(candidateTask, "candidateTask");
        Objects.requireNonNull(reasoningNodeId, "reasoningNodeId");
        Objects.requireNonNull(reason, "reason");
    }
}
