package io.d3mas.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HeteroGraphTest {

    private static Node node(String id, NodeType type) {
        return Node.of(id, type, "content of " + id, new float[] {1, 0}, null, Provenance.QUERY);
    }

    @Test
    void should_reject_edge_when_endpoint_types_do_not_match() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("t", NodeType.TASK));
        g.addNode(node("m", NodeType.MEMORY));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> g.addEdge(EdgeType.TRIGGER, "t", "m"));
        assertTrue(e.getMessage().contains("TASK") && e.getMessage().contains("MEMORY"), e.getMessage());
        assertTrue(e.getMessage().contains("REASONING"), "names the expected type: " + e.getMessage());
    }

    @Test
    void should_accept_undirected_edges_stored_either_way() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("r", NodeType.REASONING));
        g.addNode(node("m", NodeType.MEMORY));
        assertTrue(g.addEdge(EdgeType.GROUND, "r", "m"));
        assertTrue(g.addEdge(EdgeType.GROUND, "m", "r"));
        assertThrows(InvalidInputException.class, () -> g.addEdge(EdgeType.RETRIEVE, "m", "r"));
    }

    @Test
    void should_allow_every_declared_endpoint_pair_and_no_other() {
        for (EdgeType e : EdgeType.values()) {
            for (NodeType from : NodeType.values()) {
                for (NodeType to : NodeType.values()) {
                    boolean declared = (from == e.sourceType() && to == e.targetType())
                            || (e.isUndirected() && from == e.targetType() && to == e.sourceType());
                    assertEquals(declared, e.allows(from, to), e + " " + from + "->" + to);
                }
            }
        }
    }

    @Test
    void should_reject_unknown_endpoint_and_duplicate_node() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("t", NodeType.TASK));
        assertThrows(InvalidInputException.class, () -> g.addNode(node("t", NodeType.TASK)));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> g.addEdge(EdgeType.DECOMPOSE, "t", "nope"));
        assertTrue(e.getMessage().contains("nope"));
    }

    @Test
    void should_ignore_an_edge_added_twice() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("a", NodeType.TASK));
        g.addNode(node("b", NodeType.TASK));
        assertTrue(g.addEdge(EdgeType.DECOMPOSE, "a", "b"));
        assertFalse(g.addEdge(EdgeType.DECOMPOSE, "a", "b"));
        assertEquals(1, g.edgeCount());
    }

    @Test
    void should_keep_snapshot_unchanged_when_graph_grows() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("a", NodeType.TASK));
        GraphSnapshot s = g.snapshot();
        g.addNode(node("b", NodeType.TASK));
        assertEquals(1, s.size());
        assertThrows(UnsupportedOperationException.class, () -> s.nodes().add(node("c", NodeType.TASK)));
        assertEquals(
                List.of("a", "b"), g.snapshot().nodes().stream().map(Node::id).toList());
    }

    @Test
    void should_give_each_edge_the_node_indexes_of_its_ends() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("a", NodeType.TASK));
        g.addNode(node("b", NodeType.TASK));
        g.addNode(node("c", NodeType.TASK));
        g.addEdge(EdgeType.DECOMPOSE, "c", "a");
        g.addEdge(EdgeType.DECOMPOSE, "a", "b");
        GraphSnapshot s = g.snapshot();
        assertEquals(List.of(2, 0), List.of(s.fromIndex(0), s.toIndex(0)));
        assertEquals(List.of(0, 1), List.of(s.fromIndex(1), s.toIndex(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> s.fromIndex(2));
    }

    @Test
    void should_reject_replacing_a_node_with_another_type() {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("a", NodeType.TASK));
        assertThrows(InvalidInputException.class, () -> g.replaceNode(node("a", NodeType.MEMORY)));
    }

    @Test
    void should_keep_every_node_and_edge_when_appended_concurrently() throws Exception {
        HeteroGraph g = new HeteroGraph();
        g.addNode(node("root", NodeType.TASK));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    String id = "t" + thread + "-" + i;
                    g.addNode(node(id, NodeType.TASK));
                    g.addEdge(EdgeType.DECOMPOSE, "root", id);
                    g.snapshot();
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(4001, g.nodeCount());
        assertEquals(4000, g.edgeCount());
        assertEquals(4000, g.snapshot().successors("root", EdgeType.DECOMPOSE).size());
    }
}
