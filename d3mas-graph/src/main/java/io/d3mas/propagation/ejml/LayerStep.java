package io.d3mas.propagation.ejml;

import io.d3mas.graph.EdgeType;
import io.d3mas.graph.NodeType;
import java.util.List;

/**
 * The six layer steps of one iteration, in order (ARCHITECTURE §6): the layer each updates and the edges it
 * receives along. {@code FORWARD}: v is the stored source and receives from the target; {@code BACKWARD}: v is
 * the target and receives from the source; {@code EITHER}: an undirected type, a neighbour counts whichever
 * way the edge is stored.
 */
enum LayerStep {
    /** Bottom-up: memory from memory neighbours along RELATE. */
    MEMORY_UP(NodeType.MEMORY, List.of(new Incoming(EdgeType.RELATE, Direction.EITHER))),
    /** Bottom-up: reasoning from the memory it retrieved and is grounded in, and from the steps it depends on. */
    REASONING_UP(
            NodeType.REASONING,
            List.of(
                    new Incoming(EdgeType.RETRIEVE, Direction.FORWARD),
                    new Incoming(EdgeType.GROUND, Direction.EITHER),
                    new Incoming(EdgeType.DEPEND, Direction.FORWARD))),
    /** Bottom-up: a task from the reasoning that answers it and from its child tasks. */
    TASK_UP(
            NodeType.TASK,
            List.of(
                    new Incoming(EdgeType.TRIGGER, Direction.FORWARD),
                    new Incoming(EdgeType.DECOMPOSE, Direction.FORWARD))),
    /** Top-down: a task from its parent. */
    TASK_DOWN(NodeType.TASK, List.of(new Incoming(EdgeType.DECOMPOSE, Direction.BACKWARD))),
    /** Top-down: reasoning from its task. */
    REASONING_DOWN(NodeType.REASONING, List.of(new Incoming(EdgeType.TRIGGER, Direction.BACKWARD))),
    /** Top-down: memory from the reasoning that retrieved it or is grounded in it, and from memory neighbours. */
    MEMORY_DOWN(
            NodeType.MEMORY,
            List.of(
                    new Incoming(EdgeType.RETRIEVE, Direction.BACKWARD),
                    new Incoming(EdgeType.GROUND, Direction.EITHER),
                    new Incoming(EdgeType.RELATE, Direction.EITHER)));

    final NodeType layer;
    final List<Incoming> incoming;

    LayerStep(NodeType layer, List<Incoming> incoming) {
        this.layer = layer;
        this.incoming = incoming;
    }

    enum Direction {
        FORWARD,
        BACKWARD,
        EITHER
    }

    /**
     * Whether this is the layer's second and last step of an iteration: every layer is updated once bottom-up
     * and once top-down, so the change of an iteration is measured when the layer's top-down step writes.
     */
    boolean lastOfLayer() {
        return this == TASK_DOWN || this == REASONING_DOWN || this == MEMORY_DOWN;
    }

    /** Messages along one edge type in one direction. */
    record Incoming(EdgeType type, Direction direction) {

        /** The node type of the senders, for receivers of type {@code layer} (edge endpoints are typed). */
        NodeType senderLayer(NodeType layer) {
            return switch (direction) {
                case FORWARD -> type.targetType();
                case BACKWARD -> type.sourceType();
                case EITHER -> layer == type.sourceType() ? type.targetType() : type.sourceType();
            };
        }
    }
}
