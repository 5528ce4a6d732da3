package io.d3mas.trace;

import io.d3mas.InvalidInputException;
import java.util.Objects;

/**
 * One assignment of an atomic task to an agent (step 3), or a later change of it, with the reason. A task's
 * assignments in trace order tell its whole story: the first is always {@link Reason#CAPABILITY}; the last names
 * the agent that holds the task at the end (the TASK node's {@code agentId}).
 *
 * @param taskId the task
 * @param agentId the agent it went to (or stayed with)
 * @param similarity the cosine similarity of the agent's profile and the task that decided it
 * @param reason why
 * @param detail what a user needs to audit it: the similarities compared, the failure, the reused task
 * @param round 0 for the first pass, the feedback round otherwise
 * @since 0.1.0
 */
public record Assignment(String taskId, String agentId, double similarity, Reason reason, String detail, int round) {

    /** Why a task went to an agent. */
    public enum Reason {
        /** The most similar profile (paper eq. 5), ties to the less loaded agent. */
        CAPABILITY,
        /** The answers the task depends on were filled in and another agent now matches it best. */
        FILLED_IN,
        /**
         * The answers were filled in and another agent matches the filled-in text best, but the task's own
         * operation (its text before filling in) is the assigned agent's, so it stayed.
         */
        KEPT_FOR_OPERATION,
        /** The agent's call failed; the task went to the next-best agent. */
        AGENT_FAILED,
        /** The agent failed {@code maxAgentFailures} times in this solve; its tasks go to the next-best agents. */
        AGENT_EXCLUDED,
        /** The task reused another task's conclusion; it is credited to the agent that concluded it. */
        REUSED,
        /**
         * The agent answered without a conclusion; in a feedback round the task goes to the next-best agent that
         * has not tried it yet.
         */
        NO_ANSWER
    }

    public Assignment {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (round < 0) {
            throw new InvalidInputException("round must be >= 0, was " + round);
        }
    }
}
