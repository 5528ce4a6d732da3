package io.d3mas.graph;

import io.d3mas.InvalidInputException;
import java.util.Objects;

/**
 * A typed edge between two nodes, identified by their ids. An immutable value: the graph that holds it
 * checks that the endpoint types fit {@link EdgeType#allows}.
 *
 * @since 0.1.0
 */
public record Edge(EdgeType type, String from, String to) {

    public Edge {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new InvalidInputException("an edge must join two different nodes, both ends were '" + from + "'");
        }
    }

    /** Whether this edge touches {@code nodeId} at either end. */
    public boolean touches(String nodeId) {
        return from.equals(nodeId) || to.equals(nodeId);
    }
}
