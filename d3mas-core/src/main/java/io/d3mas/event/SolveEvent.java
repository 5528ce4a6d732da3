package io.d3mas.event;

import io.d3mas.trace.Assignment;
import java.util.List;

/**
 * What happened during a solve. Every event names the solve it belongs to.
 *
 * @since 0.1.0
 */
public sealed interface SolveEvent {

    /** The id of the solve, as in {@code SolveResult.solveId()}. */
    String solveId();

    /** A task was split (or found atomic: no sub-tasks). */
    record Decomposed(String solveId, String taskId, String task, List<String> subTaskIds) implements SolveEvent {
        public Decomposed {
            subTaskIds = List.copyOf(subTaskIds);
        }
    }

    /**
     * An atomic task went to an agent (or stayed with it after its answers were filled in), with the profile
     * similarity that chose it and why; the trace keeps the same record ({@code Trace.assignments()}).
     */
    record Assigned(
            String solveId, String taskId, String agentId, double similarity, Assignment.Reason reason, String detail)
            implements SolveEvent {

        /** The first assignment of a task, by capability. */
        public Assigned(String solveId, String taskId, String agentId, double similarity) {
            this(solveId, taskId, agentId, similarity, Assignment.Reason.CAPABILITY, "");
        }
    }

    /** Memory was retrieved for a task; {@code handedOver} counts knowledge passed on as another agent's conclusion. */
    record Retrieved(String solveId, String taskId, String agentId, List<String> memoryIds, int handedOver)
            implements SolveEvent {
        public Retrieved {
            memoryIds = List.copyOf(memoryIds);
        }
    }

    /** An agent concluded (or an existing conclusion was reused, with no call). */
    record Reasoned(
            String solveId, String taskId, String agentId, String reasoningNodeId, double confidence, boolean reused)
            implements SolveEvent {}

    /**
     * A task was answered (its answer is now the task's, also when a feedback round replaced an earlier one):
     * for showing progress before the final answer.
     *
     * @param task the task's text, with the answers it depends on filled in
     * @param round 0 in the first pass, higher in feedback rounds
     */
    record PartialAnswer(String solveId, String taskId, String task, String agentId, String answer, int round)
            implements SolveEvent {}

    /** One round of message passing and feedback ended. */
    record Iteration(String solveId, int round, List<Double> maxChangePerIteration, int tasksRefined)
            implements SolveEvent {
        public Iteration {
            maxChangePerIteration = List.copyOf(maxChangePerIteration);
        }
    }

    /**
     * An agent's tool call finished: run, reused from an identical earlier call, or failed (since 0.2.0).
     *
     * @param taskId the task the agent was working on
     */
    record ToolCalled(String solveId, String taskId, io.d3mas.tool.ToolCall call) implements SolveEvent {}

    /** A step of an LLM call made for this solve (queued, sent, succeeded, rate-limited, …). */
    record ModelCalled(String solveId, ModelCall call) implements SolveEvent {}

    /** Something did not go as configured, and what the engine did instead (also in the result's warnings). */
    record Warned(String solveId, io.d3mas.SolveWarning warning) implements SolveEvent {}

    /** The solve ended. */
    record Finished(String solveId, String answer, long millis, int warnings) implements SolveEvent {}
}
