package io.d3mas.trace;

import io.d3mas.graph.NodeType;
import io.d3mas.propagation.PropagationSettings;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What message passing did in a solve.
 *
 * @param ran whether it ran at all
 * @param implementation the implementation's name, or why it did not run ("off: …")
 * @param settings the parameters used; null when it did not run
 * @param rounds the largest change per iteration, one list per round
 * @param converged whether the last round converged below ε
 * @param smoothing per propagation, the mean pairwise cosine of each node type's embeddings before and after it
 *     (over-smoothing shows as values near 1 after); empty in traces written before it was recorded
 *
 * @since 0.1.0
 */
public record PropagationRecord(
        boolean ran,
        String implementation,
        @Nullable PropagationSettings settings,
        List<List<Double>> rounds,
        boolean converged,
        List<List<Smoothing>> smoothing) {

    public PropagationRecord {
        Objects.requireNonNull(implementation, "implementation");
        rounds = rounds.stream().map(List::copyOf).toList();
        smoothing = smoothing == null
                ? List.of()
                : smoothing.stream().map(List::copyOf).toList();
    }

    /** A record without smoothing numbers. */
    public PropagationRecord(
            boolean ran,
            String implementation,
            @Nullable PropagationSettings settings,
            List<List<Double>> rounds,
            boolean converged) {
        this(ran, implementation, settings, rounds, converged, List.of());
    }

    /**
     * How alike one node type's embeddings are, before and after one propagation.
     *
     * @param type the node type
     * @param nodes how many of its nodes have an embedding (two or more non-zero ones)
     * @param before mean pairwise cosine of the embeddings it propagated
     * @param after the same after propagation
     * @param collapsed true when propagation lifted it above {@code maxMeanCosine} from at most that: the engine
     *     did not use this propagation
     */
    public record Smoothing(NodeType type, int nodes, double before, double after, boolean collapsed) {
        public Smoothing {
            Objects.requireNonNull(type, "type");
        }
    }

    /** Message passing did not run, for this reason. */
    public static PropagationRecord off(String reason) {
        return new PropagationRecord(false, "off: " + reason, null, List.of(), false, List.of());
    }
}
