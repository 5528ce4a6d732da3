package io.d3mas.task;

import java.util.List;
import java.util.Objects;

/**
 * @param query the user's whole query
 * @param task the task to split
 * @param depth 0 for the query itself
 * @param ancestors the texts of the tasks above, root first
 */
public record DecompositionRequest(String query, String task, int depth, List<String> ancestors) {
    public DecompositionRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(task, "task");
        ancestors = List.copyOf(Objects.requireNonNull(ancestors, "ancestors"));
    }
}
