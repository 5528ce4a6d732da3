package io.d3mas.propagation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.HeteroGraph;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MessagePassing} must have. Extend it (d3mas-core's test-jar). */
public abstract class MessagePassingContractTest {

    protected abstract MessagePassing messagePassing();

    private static Node node(String id, NodeType type, float... embedding) {
        return Node.of(id, type, id, embedding.length == 0 ? null : embedding, "geo", Provenance.of("geo", ""));
    }

    /** A small graph of all three layers, with one node that has no embedding. */
    protected static HeteroGraph graph() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("t0", NodeType.TASK, 1, 0, 0));
        g.addNode(node("t1", NodeType.TASK, 0.8f, 0.6f, 0));
        g.addNode(node("r0", NodeType.REASONING, 0, 1, 0));
        g.addNode(node("m0", NodeType.MEMORY, 0, 0.6f, 0.8f));
        g.addNode(node("m1", NodeType.MEMORY, 0, 0, 1));
        g.addNode(node("m2", NodeType.MEMORY));
        g.addEdge(EdgeType.DECOMPOSE, "t0", "t1");
        g.addEdge(EdgeType.TRIGGER, "t1", "r0");
        g.addEdge(EdgeType.RETRIEVE, "r0", "m0");
        g.addEdge(EdgeType.GROUND, "r0", "m0");
        g.addEdge(EdgeType.RELATE, "m0", "m1");
        g.addEdge(EdgeType.RELATE, "m1", "m2");
        return g;
    }

    @Test
    void should_return_a_finite_vector_of_the_same_dimension_for_every_node_that_has_one() {
        PropagationResult r = messagePassing().propagate(graph().snapshot(), PropagationSettings.defaults());
        assertNotNull(r);
        assertEquals(Set.of("t0", "t1", "r0", "m0", "m1"), r.embeddings().keySet());
        for (Map.Entry<String, float[]> e : r.embeddings().entrySet()) {
            assertEquals(3, e.getValue().length, e.getKey());
            for (float v : e.getValue()) {
                assertTrue(Float.isFinite(v), e.getKey() + " has a non-finite value");
            }
        }
        assertFalse(r.maxChangePerIteration().isEmpty(), "no iteration ran on a graph with edges");
        assertTrue(r.maxChangePerIteration().stream().allMatch(c -> c >= 0 && Double.isFinite(c)));
    }

    @Test
    void should_leave_the_snapshot_as_it_was_and_give_the_same_result_twice() {
        GraphSnapshot snapshot = graph().snapshot();
        float[] before = snapshot.node("m0").embedding().clone();
        PropagationResult first = messagePassing().propagate(snapshot, PropagationSettings.defaults());
        PropagationResult second = messagePassing().propagate(snapshot, PropagationSettings.defaults());
        assertArrayEquals(before, snapshot.node("m0").embedding(), "the input snapshot changed");
        for (String id : first.embeddings().keySet()) {
            assertArrayEquals(first.embeddings().get(id), second.embeddings().get(id), 1e-6f, id);
        }
    }

    @Test
    void should_refuse_mixed_dimensions_naming_the_node() {
        HeteroGraph g = graph();
        g.addNode(node("odd", NodeType.MEMORY, 1, 0));
        g.addEdge(EdgeType.RELATE, "m1", "odd");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> messagePassing()
                .propagate(g.snapshot(), PropagationSettings.defaults()));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
    }
}
