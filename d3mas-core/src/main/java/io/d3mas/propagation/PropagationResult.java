package io.d3mas.propagation;

import io.d3mas.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param embeddings node id to propagated embedding, for every node that had one; arrays owned by the result
 * @param maxChangePerIteration the largest L2 change of any embedding, one entry per iteration run
 * @param converged true when the last change fell below ε before the iteration limit
 * @param iterationTimes wall time of each iteration run (empty when the implementation does not measure it)
 * @since 0.1.0
 */
public record PropagationResult(
        Map<String, float[]> embeddings,
        List<Double> maxChangePerIteration,
        boolean converged,
        List<Duration> iterationTimes) {
    public PropagationResult {
        embeddings = Map.copyOf(Objects.requireNonNull(embeddings, "embeddings"));
        maxChangePerIteration = List.copyOf(Objects.requireNonNull(maxChangePerIteration, "maxChangePerIteration"));
        iterationTimes = List.copyOf(Objects.requireNonNull(iterationTimes, "iterationTimes"));
        if (!iterationTimes.isEmpty() && iterationTimes.size() != maxChangePerIteration.size()) {
            throw new InvalidInputException("iterationTimes has " + iterationTimes.size()
                    + " entries but maxChangePerIteration has " + maxChangePerIteration.size()
                    + "; give one time per iteration, or none");
        }
    }

    /** A result without iteration times. */
    public PropagationResult(Map<String, float[]> embeddings, List<Double> maxChangePerIteration, boolean converged) {
        this(embeddings, maxChangePerIteration, converged, List.of());
    }
}
