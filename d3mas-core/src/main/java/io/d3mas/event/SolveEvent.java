package io.d3mas.event;

import java.util.List;

/** What happened during a solve. Every event names the solve it belongs to. */
public sealed interface SolveEvent {

    /** The id of the solve, as in {@code SolveResult.solveId()}. */
    String solveId();

    /** A task was split (or found atomic: no sub-tasks). */
    record Decomposed(String solveId, String taskId, String task, List<String> subTaskIds) implements SolveEvent {
        public Decomposed {
            subTaskIds = List.copyOf(subTaskIds);
        }
    }

    /** An atomic task went to an agent, with the profile similarity that chose it. */
    record Assigned(String solveId, String taskId, String agentId, double similarity) implements SolveEvent {}

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

    /** One round of message passing and feedback ended. */
    record Iteration(String solveId, int round, List<Double> maxChangePerIteration, int tasksRefined)
            implements SolveEvent {
        public Iteration {
            maxChangePerIteration = List.copyOf(maxChangePerIteration);
        }
    }

    /** The solve ended. */
    record Finished(String solveId, String answer, long millis, int warnings) implements SolveEvent {}
}
