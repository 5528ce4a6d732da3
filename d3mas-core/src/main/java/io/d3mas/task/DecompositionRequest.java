package io.d3mas.task;

import io.d3mas.Budget;
import java.util.List;
import java.util.Objects;

/**
 * @param query the user's whole query
 * @param task the task to split, with the answers of the tasks it depends on filled in
 * @param depth 0 for the query itself
 * @param ancestors the texts of the tasks above, root first
 * @param feedback empty for the first decomposition; in a feedback round, what the weak attempt at this task
 *     lacked (the agent's stated needs, or why it failed): the engine asks again because answering the task whole
 *     did not work
 * @param budget what the solve may still spend; a decomposer that calls an LLM asks it for a permit per call
 * @since 0.1.0
 */
public record DecompositionRequest(
        String query, String task, int depth, List<String> ancestors, List<String> feedback, Budget budget) {
    public DecompositionRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(task, "task");
        ancestors = List.copyOf(Objects.requireNonNull(ancestors, "ancestors"));
        feedback = List.copyOf(Objects.requireNonNull(feedback, "feedback"));
        Objects.requireNonNull(budget, "budget");
    }

    /** A first decomposition (no feedback). */
    public DecompositionRequest(String query, String task, int depth, List<String> ancestors, Budget budget) {
        this(query, task, depth, ancestors, List.of(), budget);
    }

    /** A request with no spending limit (outside a solve: tests, tools). */
    public DecompositionRequest(String query, String task, int depth, List<String> ancestors) {
        this(query, task, depth, ancestors, List.of(), Budget.unlimited());
    }

    /** Whether this is a feedback round's second look at a task that answering whole did not solve. */
    public boolean isRefinement() {
        return !feedback.isEmpty();
    }
}
