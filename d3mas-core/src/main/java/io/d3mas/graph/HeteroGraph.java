package io.d3mas.graph;

import io.d3mas.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The mutable D³MAS graph that agents append to during a solve. Thread-safe: every method may be called
 * from any thread; {@link #snapshot()} returns a consistent immutable copy.
 *
 * <p>Edges are a set: adding an edge that is already present does nothing. Nodes can be replaced (same id
 * and type) to record a resolved task text or a propagated embedding; nodes are never removed.
 *
 * @since 0.1.0
 */
public final class HeteroGraph {

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Set<Edge> edges = new LinkedHashSet<>();

    /**
     * Adds a node.
     *
     * @throws InvalidInputException if a node with that id exists
     */
    public synchronized void addNode(Node node) {
        Objects.requireNonNull(node, "node");
        if (nodes.putIfAbsent(node.id(), node) != null) {
            throw new InvalidInputException("a node with id '" + node.id() + "' already exists");
        }
    }

    /**
     * Replaces a node by one with the same id and type.
     *
     * @throws InvalidInputException for an unknown id or a changed type
     */
    public synchronized void replaceNode(Node node) {
        Node old = nodes.get(node.id());
        if (old == null) {
            throw new InvalidInputException("no node with id '" + node.id() + "' to replace");
        }
        if (old.type() != node.type()) {
            throw new InvalidInputException(
                    "node '" + node.id() + "' is a " + old.type() + " and cannot be replaced by a " + node.type());
        }
        nodes.put(node.id(), node);
    }

    /**
     * Adds an edge between existing nodes.
     *
     * @return false if the edge was already present
     * @throws InvalidInputException for an unknown endpoint, or endpoint types the edge type does not
     *     allow (the message names both types)
     */
    public synchronized boolean addEdge(Edge edge) {
        Objects.requireNonNull(edge, "edge");
        Node from = require(edge.from());
        Node to = require(edge.to());
        checkEndpoints(edge, from.type(), to.type());
        return edges.add(edge);
    }

    /** Shorthand for {@code addEdge(new Edge(type, from, to))}. */
    public boolean addEdge(EdgeType type, String from, String to) {
        return addEdge(new Edge(type, from, to));
    }

    /** The node with that id, if present. */
    public synchronized Optional<Node> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** Number of nodes. */
    public synchronized int nodeCount() {
        return nodes.size();
    }

    /** Number of edges. */
    public synchronized int edgeCount() {
        return edges.size();
    }

    /** A consistent immutable copy, nodes in insertion order. */
    public synchronized GraphSnapshot snapshot() {
        return new GraphSnapshot(new ArrayList<>(nodes.values()), new ArrayList<>(edges));
    }

    private Node require(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new InvalidInputException("no node with id '" + id + "' in this graph; add it before its edges");
        }
        return n;
    }

    static void checkEndpoints(Edge edge, NodeType fromType, NodeType toType) {
        if (!edge.type().allows(fromType, toType)) {
            throw new InvalidInputException("a " + edge.type() + " edge must join "
                    + edge.type().sourceType()
                    + " to " + edge.type().targetType() + (edge.type().isUndirected() ? " (either way)" : "")
                    + ", but '" + edge.from() + "' is a " + fromType + " and '" + edge.to() + "' is a " + toType);
        }
    }
}
