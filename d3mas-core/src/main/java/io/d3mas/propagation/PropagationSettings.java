package io.d3mas.propagation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.d3mas.InvalidInputException;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.NodeType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of message passing (ARCHITECTURE §6).
 *
 * <p>{@link #defaults()} are the values tuned for the feedback retrieval on HotpotQA and MuSiQue
 * (docs/message-passing.md): L = 5, ε = 1e-4; α: GROUND 1, DECOMPOSE 1, TRIGGER 0.5, RELATE 0.5, DEPEND 0.25,
 * RETRIEVE 0; β: TASK 0, REASONING 0.9, MEMORY 0.5; and the over-smoothing guard at a mean pairwise cosine of
 * 0.99. {@link #uniform} gives the same α and β everywhere, without the guard.
 *
 * @param iterations L, 1 to {@link #MAX_ITERATIONS}
 * @param epsilon stop when the largest change falls below this; > 0
 * @param alpha weight of each edge type's messages, finite and >= 0; every edge type present
 * @param beta residual mix per node type, in [0, 1]; every node type present
 * @param maxMeanCosine the over-smoothing guard, in (0, 1]: when an iteration lifts the mean pairwise cosine of a
 *     node type's embeddings above it (from at most it before propagation), propagation stops and keeps the
 *     iteration before; 1 switches the guard off
 *
 * @since 0.1.0
 */
public record PropagationSettings(
        int iterations, double epsilon, Map<EdgeType, Double> alpha, Map<NodeType, Double> beta, double maxMeanCosine) {

    /** The most iterations allowed (paper §5.4). */
    public static final int MAX_ITERATIONS = 10;

    /** The over-smoothing guard of {@link #defaults()}. */
    public static final double DEFAULT_MAX_MEAN_COSINE = 0.99;

    public PropagationSettings {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new InvalidInputException("iterations must be in [1, " + MAX_ITERATIONS + "], was " + iterations);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new InvalidInputException("epsilon must be a positive number, was " + epsilon);
        }
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(beta, "beta");
        for (EdgeType t : EdgeType.values()) {
            Double a = alpha.get(t);
            if (a == null || !(a >= 0) || a.isInfinite()) {
                throw new InvalidInputException("alpha[" + t + "] must be a finite number >= 0, was " + a);
            }
        }
        for (NodeType t : NodeType.values()) {
            Double b = beta.get(t);
            if (b == null || !(b >= 0 && b <= 1)) {
                throw new InvalidInputException("beta[" + t + "] must be in [0, 1], was " + b);
            }
        }
        if (!(maxMeanCosine > 0 && maxMeanCosine <= 1)) {
            throw new InvalidInputException(
                    "maxMeanCosine must be in (0, 1] (1 switches the over-smoothing guard off), was " + maxMeanCosine);
        }
        alpha = Map.copyOf(new EnumMap<>(alpha));
        beta = Map.copyOf(new EnumMap<>(beta));
    }

    /** Settings without the over-smoothing guard (exactly ARCHITECTURE §6). */
    public PropagationSettings(
            int iterations, double epsilon, Map<EdgeType, Double> alpha, Map<NodeType, Double> beta) {
        this(iterations, epsilon, alpha, beta, 1.0);
    }

    /** Reads settings written before {@code maxMeanCosine} existed as settings without the guard. */
    @JsonCreator
    static PropagationSettings fromJson(
            @JsonProperty("iterations") int iterations,
            @JsonProperty("epsilon") double epsilon,
            @JsonProperty("alpha") Map<EdgeType, Double> alpha,
            @JsonProperty("beta") Map<NodeType, Double> beta,
            @JsonProperty("maxMeanCosine") @Nullable Double maxMeanCosine) {
        return new PropagationSettings(iterations, epsilon, alpha, beta, maxMeanCosine == null ? 1.0 : maxMeanCosine);
    }

    /** The defaults, tuned for the feedback retrieval (see the class comment). */
    public static PropagationSettings defaults() {
        Map<EdgeType, Double> a = new EnumMap<>(EdgeType.class);
        a.put(EdgeType.DECOMPOSE, 1.0);
        a.put(EdgeType.TRIGGER, 0.5);
        a.put(EdgeType.DEPEND, 0.25);
        a.put(EdgeType.RETRIEVE, 0.0);
        a.put(EdgeType.GROUND, 1.0);
        a.put(EdgeType.RELATE, 0.5);
        Map<NodeType, Double> b = new EnumMap<>(NodeType.class);
        b.put(NodeType.TASK, 0.0);
        b.put(NodeType.REASONING, 0.9);
        b.put(NodeType.MEMORY, 0.5);
        return new PropagationSettings(5, 1e-4, a, b, DEFAULT_MAX_MEAN_COSINE);
    }

    /** The same settings with another over-smoothing guard (1 switches it off). */
    public PropagationSettings withMaxMeanCosine(double value) {
        return new PropagationSettings(iterations, epsilon, alpha, beta, value);
    }

    /** The same α for every edge type and β for every node type, without the over-smoothing guard. */
    public static PropagationSettings uniform(int iterations, double epsilon, double alpha, double beta) {
        Map<EdgeType, Double> a = new EnumMap<>(EdgeType.class);
        for (EdgeType t : EdgeType.values()) {
            a.put(t, alpha);
        }
        Map<NodeType, Double> b = new EnumMap<>(NodeType.class);
        for (NodeType t : NodeType.values()) {
            b.put(t, beta);
        }
        return new PropagationSettings(iterations, epsilon, a, b);
    }
}
