package io.d3mas.propagation;

import io.d3mas.graph.EdgeType;
import io.d3mas.graph.NodeType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parameters of message passing (ARCHITECTURE §6). Defaults: L = 3, ε = 1e-4, α = 1 for every edge type,
 * β = 0.5 for every node type.
 *
 * @param iterations L, 1 to {@link #MAX_ITERATIONS}
 * @param epsilon stop when the largest change falls below this; > 0
 * @param alpha weight of each edge type's messages, finite and >= 0; every edge type present
 * @param beta residual mix per node type, in [0, 1]; every node type present
 */
public record PropagationSettings(
        int iterations, double epsilon, Map<EdgeType, Double> alpha, Map<NodeType, Double> beta) {

    /** The most iterations allowed (paper §5.4). */
    public static final int MAX_ITERATIONS = 10;

    public PropagationSettings {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [1, " + MAX_ITERATIONS + "], was " + iterations);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a positive number, was " + epsilon);
        }
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(beta, "beta");
        for (EdgeType t : EdgeType.values()) {
            Double a = alpha.get(t);
            if (a == null || !(a >= 0) || a.isInfinite()) {
                throw new IllegalArgumentException("alpha[" + t + "] must be a finite number >= 0, was " + a);
            }
        }
        for (NodeType t : NodeType.values()) {
            Double b = beta.get(t);
            if (b == null || !(b >= 0 && b <= 1)) {
                throw new IllegalArgumentException("beta[" + t + "] must be in [0, 1], was " + b);
            }
        }
        alpha = Map.copyOf(new EnumMap<>(alpha));
        beta = Map.copyOf(new EnumMap<>(beta));
    }

    /** The defaults. */
    public static PropagationSettings defaults() {
        return uniform(3, 1e-4, 1.0, 0.5);
    }

    /** The same α for every edge type and β for every node type. */
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
