package io.d3mas.examples;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the trace viewer draws each node and edge: a layered layout on a grid, so that no edge runs through a node
 * it does not connect.
 *
 * <p>The task, reasoning and memory layers are bands of rows, top to bottom. Within them nodes follow the solve's
 * flow: tasks in decomposition order (depth first), each task's reasoning steps under it in the same order, each
 * memory node in the order of the first step that retrieved it. Nodes sit at the centres of grid cells; edges run
 * orthogonally through the empty channels between rows and the empty gaps between columns, and only enter a cell at
 * the node they connect. Parallel edges take lanes a few pixels apart within a channel, so a dense trace (64 edges
 * and more) keeps its edges apart.
 */
final class TraceLayout {

    static final int COL = 76;
    static final int ROW = 88;
    static final int PAD = 24;
    static final int PER_ROW = 16;
    static final double HALF_W = 14;
    static final double HALF_H = 13;
    private static final int LANES = 7;
    private static final double LANE = 2.5;

    /** A node's cell: its centre and its grid position. */
    record Box(String id, double cx, double cy, int col, int row) {
        /** Whether the axis-aligned segment from (x1, y1) to (x2, y2) passes through this node's shape. */
        boolean crossedBy(double x1, double y1, double x2, double y2) {
            double minX = Math.min(x1, x2);
            double maxX = Math.max(x1, x2);
            double minY = Math.min(y1, y2);
            double maxY = Math.max(y1, y2);
            return maxX >= cx - HALF_W && minX <= cx + HALF_W && maxY >= cy - HALF_H && minY <= cy + HALF_H;
        }
    }

    /** An edge's polyline, from the border of its source to the border of its target. */
    record Route(Edge edge, List<double[]> points) {
        String path() {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                d.append(i == 0 ? "M" : " L")
                        .append(String.format(java.util.Locale.ROOT, "%.1f,%.1f", points.get(i)[0], points.get(i)[1]));
            }
            return d.toString();
        }
    }

    /** A layer's band: its top, height and node count. */
    record Band(NodeType type, double top, double height, int nodes) {}

    final Map<String, Box> boxes = new HashMap<>();
    final List<Route> routes = new ArrayList<>();
    final List<Band> bands = new ArrayList<>();
    final int width;
    final int height;

    private TraceLayout(GraphSnapshot g) {
        Map<NodeType, List<Node>> ordered = order(g);
        int row = 0;
        int widest = 1;
        for (NodeType type : NodeType.values()) {
            List<Node> layer = ordered.get(type);
            int rows = Math.max(1, (layer.size() + PER_ROW - 1) / PER_ROW);
            bands.add(new Band(type, PAD + (double) row * ROW, (double) rows * ROW, layer.size()));
            for (int i = 0; i < layer.size(); i++) {
                int col = i % PER_ROW;
                int r = row + i / PER_ROW;
                boxes.put(
                        layer.get(i).id(),
                        new Box(layer.get(i).id(), PAD + col * COL + COL / 2.0, PAD + r * ROW + ROW / 2.0, col, r));
            }
            widest = Math.max(widest, Math.min(PER_ROW, layer.size()));
            row += rows;
        }
        width = PAD * 2 + widest * COL + 220; // room for the band labels' counts and the last gap
        height = PAD * 2 + row * ROW;
        int index = 0;
        for (Edge e : g.edges()) {
            Box s = boxes.get(e.from());
            Box t = boxes.get(e.to());
            if (s != null && t != null && s != t) {
                routes.add(new Route(e, route(e, s, t, index++)));
            }
        }
    }

    static TraceLayout of(GraphSnapshot g) {
        return new TraceLayout(g);
    }

    /** Each layer's nodes in flow order. */
    private static Map<NodeType, List<Node>> order(GraphSnapshot g) {
        Set<String> tasks = new LinkedHashSet<>();
        for (Node n : g.nodes(NodeType.TASK)) {
            if (g.predecessors(n.id(), EdgeType.DECOMPOSE).isEmpty()) {
                depthFirst(g, n.id(), tasks);
            }
        }
        g.nodes(NodeType.TASK).forEach(n -> tasks.add(n.id()));
        Set<String> steps = new LinkedHashSet<>();
        for (String t : tasks) {
            for (String s : g.successors(t, EdgeType.TRIGGER)) {
                if (g.node(s).type() == NodeType.REASONING) {
                    steps.add(s);
                }
            }
        }
        g.nodes(NodeType.REASONING).forEach(n -> steps.add(n.id()));
        Set<String> memory = new LinkedHashSet<>();
        for (String s : steps) {
            for (EdgeType type : List.of(EdgeType.RETRIEVE, EdgeType.GROUND)) {
                for (String m : g.successors(s, type)) {
                    if (g.node(m).type() == NodeType.MEMORY) {
                        memory.add(m);
                    }
                }
            }
        }
        g.nodes(NodeType.MEMORY).forEach(n -> memory.add(n.id()));
        Map<NodeType, List<Node>> out = new HashMap<>();
        out.put(NodeType.TASK, tasks.stream().map(g::node).toList());
        out.put(NodeType.REASONING, steps.stream().map(g::node).toList());
        out.put(NodeType.MEMORY, memory.stream().map(g::node).toList());
        return out;
    }

    private static void depthFirst(GraphSnapshot g, String id, Set<String> seen) {
        if (seen.add(id)) {
            for (String child : g.successors(id, EdgeType.DECOMPOSE)) {
                depthFirst(g, child, seen);
            }
        }
    }

    /**
     * Source border → the channel beside the source's row → along it to the gap beside the target's column → along
     * the gap to the channel beside the target's row → along it to the target → the target's border. Channels and
     * gaps hold no node, so only the first and last short legs are in a cell, and those are the endpoints' own.
     */
    private static List<double[]> route(Edge e, Box s, Box t, int index) {
        double lane = ((index % LANES) - LANES / 2) * LANE;
        if (s.row == t.row && Math.abs(s.col - t.col) == 1) {
            double dir = Math.signum(t.cx - s.cx);
            return List.of(new double[] {s.cx + dir * HALF_W, s.cy}, new double[] {t.cx - dir * HALF_W, t.cy});
        }
        if (s.col == t.col && Math.abs(s.row - t.row) == 1) {
            double dir = Math.signum(t.cy - s.cy);
            return List.of(new double[] {s.cx, s.cy + dir * HALF_H}, new double[] {t.cx, t.cy - dir * HALF_H});
        }
        // within a row, above it: the stubs then stay clear of the node labels, which are below the nodes
        double out = t.row > s.row ? 1 : -1;
        double in = t.row > s.row ? -1 : t.row < s.row ? 1 : out;
        double sourceChannel = s.cy + out * ROW / 2.0 + lane;
        double targetChannel = t.cy + in * ROW / 2.0 + lane;
        double gap = (t.cx >= s.cx ? t.cx - COL / 2.0 : t.cx + COL / 2.0) + lane;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {s.cx, s.cy + out * HALF_H});
        points.add(new double[] {s.cx, sourceChannel});
        points.add(new double[] {gap, sourceChannel});
        points.add(new double[] {gap, targetChannel});
        points.add(new double[] {t.cx, targetChannel});
        points.add(new double[] {t.cx, t.cy + in * HALF_H});
        return points;
    }
}
