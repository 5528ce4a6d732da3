package io.d3mas.graph;

import static io.d3mas.graph.NodeType.MEMORY;
import static io.d3mas.graph.NodeType.REASONING;
import static io.d3mas.graph.NodeType.TASK;

/**
 * The six edge types of the D³MAS graph (paper eq. 2), with the endpoint types each allows as data.
 *
 * <p>{@link #GROUND} and {@link #RELATE} are undirected: an edge may be stored in either direction and
 * counts both ways in message passing.
 *
 * @since 0.1.0
 */
public enum EdgeType {
    /** Parent task to sub-task. */
    DECOMPOSE(TASK, TASK, false),
    /** A task to the reasoning step that answers it. */
    TRIGGER(TASK, REASONING, false),
    /** A reasoning step to the step whose conclusion it uses as a premise (paper eq. 7). */
    DEPEND(REASONING, REASONING, false),
    /** A reasoning step to the knowledge it asked for. */
    RETRIEVE(REASONING, MEMORY, false),
    /** A reasoning step and the knowledge its conclusion rests on, both ways. */
    GROUND(REASONING, MEMORY, true),
    /** Two semantically related pieces of knowledge, within or across agents. */
    RELATE(MEMORY, MEMORY, true);

    private final NodeType source;
    private final NodeType target;
    private final boolean undirected;

    EdgeType(NodeType source, NodeType target, boolean undirected) {
        this.source = source;
        this.target = target;
        this.undirected = undirected;
    }

    /** The node type at the tail of a directed edge of this type. */
    public NodeType sourceType() {
        return source;
    }

    /** The node type at the head of a directed edge of this type. */
    public NodeType targetType() {
        return target;
    }

    /** Whether an edge of this type counts in both directions (GROUND, RELATE). */
    public boolean isUndirected() {
        return undirected;
    }

    /** Whether an edge of this type may join a node of type {@code from} to one of type {@code to}. */
    public boolean allows(NodeType from, NodeType to) {
        return (from == source && to == target) || (undirected && from == target && to == source);
    }
}
