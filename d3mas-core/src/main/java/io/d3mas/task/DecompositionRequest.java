package io.d3mas.task;

import io.d3mas.Budget;
import java.util.List;
import java.util.Objects;

/**
 * @param query the user's whole query
 * @param task the task to split
 * @param depth 0 for the query itself
 * @param ancestors the texts of the tasks above, root first
 * @param budget what the solve may still spend; a decomposer that calls an LLM asks it for a permit per call
 */
public record DecompositionRequest(String query, String task, int depth, List<String> ancestors, Budget budget) {
    public DecompositionRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(task, "task");
        ancestors = List.copyOf(Objects.requireNonNull(ancestors, "ancestors"));
        Objects.requireNonNull(budget, "budget");
    }

    /** A request with no spending limit (outside a solve: tests, tools). */
    public DecompositionRequest(String query, String task, int depth, List<String> ancestors) {
        this(query, task, depth, ancestors, Budget.unlimited());
    }
}
