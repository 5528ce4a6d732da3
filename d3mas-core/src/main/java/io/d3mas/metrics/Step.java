package io.d3mas.metrics;

/**
 * The steps of one solve (ARCHITECTURE §4), for timings and token accounting.
 *
 * @since 0.1.0
 */
public enum Step {
    /** Embedding the query as the root task (zero with the task layer on: the query is then embedded with its first sub-tasks, under DECOMPOSE). */
    ROOT,
    DECOMPOSE,
    ASSIGN,
    /** Retrieval from memory; timed as the sum over tasks (they run in parallel). */
    RETRIEVE,
    /** Agent calls; timed as the sum over tasks (they run in parallel). */
    REASON,
    /** Wall time of running the task DAG (retrieval and reasoning of all tasks, in parallel). */
    EXECUTE,
    /** Message passing, summed over rounds. */
    PROPAGATE,
    /** Feedback rounds: second retrieval and re-reasoning of weak tasks, wall time. */
    FEEDBACK,
    SYNTHESIZE,
    /** The whole solve, wall time. */
    TOTAL
}
