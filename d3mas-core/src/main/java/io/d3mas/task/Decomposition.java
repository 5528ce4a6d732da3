package io.d3mas.task;

import io.d3mas.InvalidInputException;
import io.d3mas.metrics.TokenCount;
import java.util.List;
import java.util.Objects;

/**
 * A decomposer's answer: either "atomic" (no split) or one or more sub-tasks.
 *
 * @param subTasks empty exactly when {@code atomic}
 * @param atomic the task is answered as it is
 * @param tokens tokens spent deciding
 * @param llmCalls LLM calls made deciding
 * @since 0.1.0
 */
public record Decomposition(List<SubTask> subTasks, boolean atomic, TokenCount tokens, int llmCalls) {

    public Decomposition {
        subTasks = List.copyOf(Objects.requireNonNull(subTasks, "subTasks"));
        Objects.requireNonNull(tokens, "tokens");
        if (atomic && !subTasks.isEmpty()) {
            throw new InvalidInputException("an atomic decomposition has no sub-tasks, got " + subTasks.size());
        }
        if (!atomic && subTasks.isEmpty()) {
            throw new InvalidInputException(
                    "a decomposition needs at least one sub-task; return Decomposition.atomicTask() to keep a task whole");
        }
    }

    /** The task needs no split. */
    public static Decomposition atomicTask() {
        return new Decomposition(List.of(), true, TokenCount.ZERO, 0);
    }

    /** A split into these sub-tasks. */
    public static Decomposition of(List<SubTask> subTasks) {
        return new Decomposition(subTasks, false, TokenCount.ZERO, 0);
    }
}
