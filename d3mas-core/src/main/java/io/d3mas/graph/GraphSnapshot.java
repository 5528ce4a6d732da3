package io.d3mas.graph;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.d3mas.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, thread-safe view of a D³MAS graph with a fixed node order (the order in which nodes were
 * added). Message passing, metrics and the trace work on snapshots.
 *
 * @since 0.1.0
 */
public final class GraphSnapshot {

    private final List<Node> nodes;
    private final List<Edge> edges;
    private final Map<String, Integer> indexById;
    /** Per edge, the node index of its from and to ends (looked up once, here). */
    private final int[] edgeFrom;

    private final int[] edgeTo;

    /**
     * Builds a snapshot, checking that ids are unique, that every edge joins existing nodes and that
     * endpoint types fit the edge type.
     *
     * @throws InvalidInputException naming the offending node or edge
     */
    @JsonCreator
    public GraphSnapshot(@JsonProperty("nodes") List<Node> nodes, @JsonProperty("edges") List<Edge> edges) {
        this.nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        this.edges = List.copyOf(Objects.requireNonNull(edges, "edges"));
        Map<String, Integer> index = new HashMap<>(this.nodes.size() * 2);
        for (int i = 0; i < this.nodes.size(); i++) {
            if (index.put(this.nodes.get(i).id(), i) != null) {
                throw new InvalidInputException(
                        "duplicate node id '" + this.nodes.get(i).id() + "'");
            }
        }
        this.indexById = Collections.unmodifiableMap(index);
        this.edgeFrom = new int[this.edges.size()];
        this.edgeTo = new int[this.edges.size()];
        for (int i = 0; i < this.edges.size(); i++) {
            Edge e = this.edges.get(i);
            edgeFrom[i] = indexOf(e.from());
            edgeTo[i] = indexOf(e.to());
            HeteroGraph.checkEndpoints(
                    e,
                    this.nodes.get(edgeFrom[i]).type(),
                    this.nodes.get(edgeTo[i]).type());
        }
    }

    /** An empty snapshot. */
    public static GraphSnapshot empty() {
        return new GraphSnapshot(List.of(), List.of());
    }

    @JsonProperty
    public List<Node> nodes() {
        return nodes;
    }

    @JsonProperty
    public List<Edge> edges() {
        return edges;
    }

    /** Number of nodes. */
    @JsonIgnore
    public int size() {
        return nodes.size();
    }

    /** The position of a node in {@link #nodes()}. @throws InvalidInputException for an unknown id */
    public int indexOf(String id) {
        Integer i = indexById.get(id);
        if (i == null) {
            throw new InvalidInputException("no node with id '" + id + "' in this graph");
        }
        return i;
    }

    /**
     * The index in {@link #nodes()} of the {@code from} end of {@code edges().get(edge)}, without a lookup by id.
     *
     * @throws IndexOutOfBoundsException for an edge index outside {@code [0, edges().size())}
     */
    public int fromIndex(int edge) {
        return edgeFrom[edge];
    }

    /**
     * The index in {@link #nodes()} of the {@code to} end of {@code edges().get(edge)}, without a lookup by id.
     *
     * @throws IndexOutOfBoundsException for an edge index outside {@code [0, edges().size())}
     */
    public int toIndex(int edge) {
        return edgeTo[edge];
    }

    /** The node with that id. @throws InvalidInputException for an unknown id */
    public Node node(String id) {
        return nodes.get(indexOf(id));
    }

    /** The node with that id, if present. */
    public Optional<Node> findNode(String id) {
        Integer i = indexById.get(id);
        return i == null ? Optional.empty() : Optional.of(nodes.get(i));
    }

    /** Nodes of one type, in graph order. */
    public List<Node> nodes(NodeType type) {
        List<Node> out = new ArrayList<>();
        for (Node n : nodes) {
            if (n.type() == type) {
                out.add(n);
            }
        }
        return out;
    }

    /** Edges of one type, in insertion order. */
    public List<Edge> edges(EdgeType type) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.type() == type) {
                out.add(e);
            }
        }
        return out;
    }

    /** Ids of nodes reached from {@code id} along outgoing edges of {@code type}. */
    public List<String> successors(String id, EdgeType type) {
        indexOf(id);
        List<String> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.type() == type && e.from().equals(id)) {
                out.add(e.to());
            }
        }
        return out;
    }

    /** Ids of nodes with an edge of {@code type} into {@code id}. */
    public List<String> predecessors(String id, EdgeType type) {
        indexOf(id);
        List<String> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.type() == type && e.to().equals(id)) {
                out.add(e.from());
            }
        }
        return out;
    }

    /** Node counts per type. */
    public Map<NodeType, Integer> countByType() {
        Map<NodeType, Integer> counts = new EnumMap<>(NodeType.class);
        for (NodeType t : NodeType.values()) {
            counts.put(t, 0);
        }
        nodes.forEach(n -> counts.merge(n.type(), 1, Integer::sum));
        return counts;
    }

    /** A snapshot with the same topology and the embeddings replaced where {@code embeddings} has an entry. */
    public GraphSnapshot withEmbeddings(Map<String, float[]> embeddings) {
        List<Node> updated = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            float[] h = embeddings.get(n.id());
            updated.add(h == null ? n : n.withEmbedding(h));
        }
        return new GraphSnapshot(updated, edges);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GraphSnapshot g && nodes.equals(g.nodes) && edges.equals(g.edges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodes, edges);
    }

    @Override
    public String toString() {
        return "GraphSnapshot" + countByType() + ", " + edges.size() + " edges";
    }
}
