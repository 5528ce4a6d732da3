package io.d3mas.approval;

import io.d3mas.agent.ReasoningResult;
import io.d3mas.task.SubTask;
import java.util.List;

/**
 * What an {@link Approver} is asked to decide on.
 *
 * @since 0.1.0
 */
public sealed interface Review {

    /** The solve, as in {@code SolveResult.solveId()}: the id to resume it with. */
    String solveId();

    /**
     * A task is about to be split into these sub-tasks.
     *
     * @param depth 0 for the query itself
     */
    record Plan(String solveId, String query, String taskId, String task, int depth, List<SubTask> subTasks)
            implements Review {
        public Plan {
            subTasks = List.copyOf(subTasks);
        }
    }

    /** An agent answered a task; other tasks will build on the answer. */
    record Answer(String solveId, String query, String taskId, String task, String agentId, ReasoningResult result)
            implements Review {}
}
