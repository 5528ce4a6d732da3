package io.d3mas.embed;

import java.util.List;
import java.util.Objects;

/**
 * How a {@link BgeEmbeddingModel} runs on this machine: ONNX Runtime's intra-op threads, how many batches run at
 * once, and how big a batch may be; where these came from; and, when they were measured, every setting tried.
 *
 * @param intraOpThreads ONNX Runtime's threads inside one model run (0: ONNX Runtime's own choice)
 * @param workers model runs at once within one {@code embedAll} call
 * @param batchSize most texts in one model run
 * @param maxBatchTokens most tokens (texts × padded length) in one model run
 * @param singleBatchIntraOpThreads intra-op threads of a second session for calls that make one batch, where
 *     that embeds a single text at least 1.5 × as fast as the main session (0: no second session)
 * @param source where the settings came from
 * @param textsPerSecond the chosen setting's measured throughput on the calibration texts (0 when configured)
 * @param trials every batch setting measured, best first, then one text alone on each session measured
 *     ({@code maxBatchTokens} 0); empty when configured
 * @param machine the CPU model and logical cores the measurement is for
 * @since 0.1.0
 */
public record EmbeddingTuning(
        int intraOpThreads,
        int workers,
        int batchSize,
        int maxBatchTokens,
        int singleBatchIntraOpThreads,
        Source source,
        double textsPerSecond,
        List<Trial> trials,
        String machine) {

    public EmbeddingTuning {
        Objects.requireNonNull(source, "source");
        trials = List.copyOf(trials);
        Objects.requireNonNull(machine, "machine");
    }

    /** Where the settings in use came from. */
    public enum Source {
        /** Set on the builder (or auto-tuning turned off): the builder's values. */
        CONFIGURED,
        /** Measured on this machine by this model, just now. */
        CALIBRATED,
        /** Measured earlier on this machine for the same model file, read from the tuning cache. */
        CACHED
    }

    /**
     * One measured setting.
     *
     * @param intraOpThreads ONNX Runtime's intra-op threads
     * @param workers model runs at once
     * @param maxBatchTokens the token budget of one run
     * @param textsPerSecond the best of the measured rounds
     */
    public record Trial(int intraOpThreads, int workers, int maxBatchTokens, double textsPerSecond) {}
}
