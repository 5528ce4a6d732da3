package io.d3mas.checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * What a solve has finished so far, saved after each step so that {@code D3Mas.resume(solveId)} can finish it
 * in another JVM without repeating a finished decomposition, agent task or synthesis: their results, each
 * under a key of what was asked (component, agent, round, task).
 *
 * @param solveId the solve's id, as in {@code SolveResult.solveId()}
 * @param query the query, as the solve read it
 * @param steps the finished component calls, in the order they finished
 * @param finished whether the solve ended (then {@code answer} is its answer)
 * @param answer the final answer, or "" while the solve runs
 * @since 0.1.0
 */
public record Checkpoint(String solveId, String query, List<Step> steps, boolean finished, String answer) {

    /** Version of the checkpoint's JSON form. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * One finished component call.
     *
     * @param key what was asked: component, agent, round and task
     * @param result the component's result as JSON
     */
    public record Step(String key, String result) {
        public Step {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(result, "result");
        }
    }

    public Checkpoint {
        Objects.requireNonNull(solveId, "solveId");
        Objects.requireNonNull(query, "query");
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        Objects.requireNonNull(answer, "answer");
    }
}
