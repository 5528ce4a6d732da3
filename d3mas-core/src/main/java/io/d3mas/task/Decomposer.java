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
 * <p>Must be thread-safe: concurrent solves call it at once, and so does one solve for sibling tasks (the calls of
 * one level of the task tree run in parallel). An exception is recorded as a warning and the task is treated as
 * atomic.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Decomposer {

    /**
     * @return {@link Decomposition#atomicTask()} when the task needs no split, else the sub-tasks; never null
     * @throws Exception any failure, checked or not: the solve reports it as
     *     {@link io.d3mas.SolveWarning.Code#DECOMPOSER_FAILED} and answers the task whole (in strict mode the solve
     *     fails with {@link io.d3mas.ComponentFailedException}). {@link io.d3mas.ModelUnavailableException} stops the
     *     solve (no other component on that model could do better); {@link io.d3mas.BudgetExhaustedException} is
     *     a budget stop, not a failure. Respond to interruption: the engine interrupts a call at its deadline or
     *     when the solve ends.
     */
    Decomposition decompose(DecompositionRequest request) throws Exception;

    /** A name for the result's list of components. */
    default String name() {
        return io.d3mas.internal.text.Text.displayName(getClass());
    }
}
