package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceLayoutTest {

    /** A solve-shaped random trace: a decomposition tree, steps per task, memory per step, and cross links. */
    static GraphSnapshot trace(int tasks, int memories, long seed) {
        Random r = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        Set<Edge> edges = new LinkedHashSet<>();
        for (int t = 0; t < tasks; t++) {
            nodes.add(node("t" + t, NodeType.TASK, "agent" + (t % 4)));
            if (t > 0) {
                edges.add(new Edge(EdgeType.DECOMPOSE, "t" + r.nextInt(t), "t" + t));
            }
        }
        int steps = 0;
        for (int t = 0; t < tasks; t++) {
            for (int k = 0; k <= r.nextInt(2); k++) {
                String s = "r" + steps++;
                nodes.add(node(s, NodeType.REASONING, "agent" + (t % 4)));
                edges.add(new Edge(EdgeType.TRIGGER, "t" + t, s));
            }
        }
        for (int m = 0; m < memories; m++) {
            nodes.add(node(Node.memoryNodeId("k" + m), NodeType.MEMORY, "agent" + (m % 4)));
        }
        for (int s = 0; s < steps; s++) {
            for (int k = 0; k < 3; k++) {
                String m = Node.memoryNodeId("k" + r.nextInt(memories));
                edges.add(new Edge(EdgeType.RETRIEVE, "r" + s, m));
                if (k == 0) {
                    edges.add(new Edge(EdgeType.GROUND, "r" + s, m));
                }
            }
            if (s > 0 && r.nextBoolean()) {
                edges.add(new Edge(EdgeType.DEPEND, "r" + s, "r" + r.nextInt(s)));
            }
        }
        for (int m = 1; m < memories; m += 3) {
            edges.add(new Edge(EdgeType.RELATE, Node.memoryNodeId("k" + m), Node.memoryNodeId("k" + (m - 1))));
        }
        return new GraphSnapshot(nodes, new ArrayList<>(edges));
    }

    private static Node node(String id, NodeType type, String agent) {
        return new Node(id, type, "content of " + id, null, agent, Provenance.of(agent, "test"), java.util.Map.of());
    }

    @ParameterizedTest
    @CsvSource({"6, 10, 1", "8, 20, 2", "20, 40, 3", "40, 70, 4"})
    void noEdgeRunsThroughANodeItDoesNotConnect(int tasks, int memories, long seed) {
        GraphSnapshot g = trace(tasks, memories, seed);
        assertTrue(
                g.edges().size() >= 64 || tasks < 20,
                "the larger traces are dense: " + g.edges().size());
        TraceLayout layout = TraceLayout.of(g);
        assertEquals(g.nodes().size(), layout.boxes.size());
        assertEquals(g.edges().size(), layout.routes.size());
        for (TraceLayout.Route route : layout.routes) {
            List<double[]> p = route.points();
            for (int i = 1; i < p.size(); i++) {
                double[] a = p.get(i - 1);
                double[] b = p.get(i);
                assertTrue(a[0] == b[0] || a[1] == b[1], "orthogonal segments");
                for (TraceLayout.Box box : layout.boxes.values()) {
                    boolean endpoint = box.id().equals(route.edge().from()) && i == 1
                            || box.id().equals(route.edge().to()) && i == p.size() - 1;
                    if (!endpoint) {
                        assertFalse(
                                box.crossedBy(a[0], a[1], b[0], b[1]),
                                route.edge() + " segment " + i + " runs through " + box.id());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"6, 10, 1", "40, 70, 4"})
    void layersAreBandsTopToBottomAndStepsFollowTheirTasks(int tasks, int memories, long seed) {
        GraphSnapshot g = trace(tasks, memories, seed);
        TraceLayout layout = TraceLayout.of(g);
        DoubleSummaryStatistics task = ys(g, layout, NodeType.TASK);
        DoubleSummaryStatistics step = ys(g, layout, NodeType.REASONING);
        DoubleSummaryStatistics memory = ys(g, layout, NodeType.MEMORY);
        assertTrue(
                task.getMax() < step.getMin() && step.getMax() < memory.getMin(),
                "task band, then reasoning, then memory");
        assertEquals(3, layout.bands.size());
        // a task placed before another has its steps placed before the other's
        List<Edge> triggers = new ArrayList<>(g.edges(EdgeType.TRIGGER));
        triggers.sort(Comparator.comparingInt(e -> place(layout, e.from())));
        for (int i = 1; i < triggers.size(); i++) {
            assertTrue(place(layout, triggers.get(i - 1).to())
                    < place(layout, triggers.get(i).to()));
        }
    }

    private static DoubleSummaryStatistics ys(GraphSnapshot g, TraceLayout layout, NodeType type) {
        return g.nodes(type).stream()
                .mapToDouble(n -> layout.boxes.get(n.id()).cy())
                .summaryStatistics();
    }

    private static int place(TraceLayout layout, String id) {
        TraceLayout.Box b = layout.boxes.get(id);
        return b.row() * TraceLayout.PER_ROW + b.col();
    }
}
