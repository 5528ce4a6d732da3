package io.d3mas.synthesis;

/**
 * Writes the final answer from the conclusions under the root, ranked by relevance (ARCHITECTURE §4 step
 * 8). Must be thread-safe. An exception is recorded as a warning and the best-ranked conclusion's answer
 * is returned instead.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Synthesizer {

    /**
     * Writes the final answer from the ranked conclusions.
     *
     * @return the answer and the reasoning nodes it used (only ids from the request); never null
     * @throws Exception any failure, checked or not: the solve reports it as
     *     {@link io.d3mas.SolveWarning.Code#SYNTHESIZER_FAILED} and answers with the most relevant conclusion (in
     *     strict mode the solve fails with {@link io.d3mas.ComponentFailedException}). {@link io.d3mas.ModelUnavailableException} stops the
     *     solve (no other component on that model could do better); {@link io.d3mas.BudgetExhaustedException} is
     *     a budget stop, not a failure. Respond to interruption: the engine interrupts a call at its deadline or
     *     when the solve ends.
     */
    Synthesis synthesize(SynthesisRequest request) throws Exception;

    /** A name for the result's list of components. */
    default String name() {
        return io.d3mas.internal.text.Text.displayName(getClass());
    }
}
