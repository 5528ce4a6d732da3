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

    Synthesis synthesize(SynthesisRequest request) throws Exception;

    /** A name for the result's list of components. */
    default String name() {
        return io.d3mas.text.Text.displayName(getClass());
    }
}
