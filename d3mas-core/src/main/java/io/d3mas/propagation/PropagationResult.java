package io.d3mas.propagation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param embeddings node id to propagated embedding, for every node that had one; arrays owned by the result
 * @param maxChangePerIteration the largest L2 change of any embedding, one entry per iteration run
 * @param converged true when the last change fell below ε before the iteration limit
 */
public record PropagationResult(
        Map<String, float[]> embeddings, List<Double> maxChangePerIteration, boolean converged) {
    public PropagationResult {
        embeddings = Map.copyOf(Objects.requireNonNull(embeddings, "embeddings"));
        maxChangePerIteration = List.copyOf(Objects.requireNonNull(maxChangePerIteration, "maxChangePerIteration"));
    }
}
