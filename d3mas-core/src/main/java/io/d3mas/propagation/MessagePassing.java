package io.d3mas.propagation;

import io.d3mas.graph.GraphSnapshot;

/**
 * Type-aware hierarchical message passing (paper eq. 10, ARCHITECTURE §6). d3mas-graph provides the EJML
 * implementation and registers it for {@link java.util.ServiceLoader}; without one on the class path the
 * engine runs without message passing and says so in the trace.
 *
 * <p>Must be thread-safe and deterministic for a given graph.
 *
 * @since 0.1.0
 */
public interface MessagePassing {

    /**
     * Propagates embeddings over a snapshot. Nodes without an embedding neither send nor receive.
     *
     * @return the new embedding of every node that has one, and the largest change per iteration
     * @throws io.d3mas.InvalidInputException for mixed dimensions or non-finite values, naming the node. This or any
     *     other unchecked exception is reported as {@link io.d3mas.SolveWarning.Code#MESSAGE_PASSING_FAILED} and
     *     the feedback round goes on without propagation (in strict mode the solve fails with
     *     {@link io.d3mas.ComponentFailedException}).
     */
    PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings);

    /** A name for the trace. */
    default String name() {
        return io.d3mas.internal.text.Text.displayName(getClass());
    }
}
