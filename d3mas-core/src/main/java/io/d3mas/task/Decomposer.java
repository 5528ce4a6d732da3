package io.d3mas.task;

/**
 * Splits a task into sub-tasks (paper eq. 3–4). The engine calls it recursively on every non-atomic
 * sub-task until the depth or size limits stop it, merges near-duplicate sub-tasks, and breaks dependency
 * cycles (reported as warnings, never followed).
 *
 * <p>A sub-task's text may refer to the answer of a sibling it depends on with {@code {{i}}} (i = the
 * sibling's 0-based index): the engine fills it in when that sibling is answered, so one sub-answer feeds
 * the next ("Which river flows through {{0}}?").
 *
 * <p>Must be thread-safe; an exception is recorded as a warning and the task is treated as atomic.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Decomposer {

    /**
     * @return {@link Decomposition#atomicTask()} when the task needs no split, else the sub-tasks
     */
    Decomposition decompose(DecompositionRequest request) throws Exception;

    /** A name for the result's list of components. */
    default String name() {
        return io.d3mas.text.Text.displayName(getClass());
    }
}
