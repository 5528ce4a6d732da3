package io.d3mas.examples;

import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random heterogeneous D³MAS graph for the message-passing benchmark, with a type mix like a large
 * solve's: 55 % memory, 30 % reasoning, 15 % task nodes; edges 35 % RELATE, 25 % RETRIEVE and 10 % each of
 * GROUND, DEPEND, TRIGGER and DECOMPOSE, endpoints drawn uniformly from the allowed node types. There are no
 * self-loops and no repeated pairs (an undirected pair counts once whichever way it is stored). Embeddings are
 * random unit vectors.
 */
final class RandomHeteroGraph {

    static final Map<EdgeType, Double> EDGE_MIX = new EnumMap<>(Map.of(
            EdgeType.RELATE, 0.35,
            EdgeType.RETRIEVE, 0.25,
            EdgeType.GROUND, 0.10,
            EdgeType.DEPEND, 0.10,
            EdgeType.TRIGGER, 0.10,
            EdgeType.DECOMPOSE, 0.10));

    final int n;
    final int d;
    final NodeType[] types;
    /** Row-major n × d. */
    final float[] h;
    /** Per edge type: stored (from, to) node indexes. */
    final Map<EdgeType, int[][]> edges = new EnumMap<>(EdgeType.class);

    private RandomHeteroGraph(int n, int d, NodeType[] types, float[] h) {
        this.n = n;
        this.d = d;
        this.types = types;
        this.h = h;
    }

    static RandomHeteroGraph generate(int n, long e, int d, long seed) {
        Random random = new Random(seed);
        NodeType[] types = new NodeType[n];
        List<List<Integer>> byType = new ArrayList<>();
        for (int t = 0; t < NodeType.values().length; t++) {
            byType.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            double x = random.nextDouble();
            types[i] = x < 0.55 ? NodeType.MEMORY : x < 0.85 ? NodeType.REASONING : NodeType.TASK;
            byType.get(types[i].ordinal()).add(i);
        }
        float[] h = new float[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int c = 0; c < d; c++) {
                float v = (float) random.nextGaussian();
                h[i * d + c] = v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int c = 0; c < d; c++) {
                h[i * d + c] *= inv;
            }
        }
        RandomHeteroGraph g = new RandomHeteroGraph(n, d, types, h);
        for (Map.Entry<EdgeType, Double> mix : EDGE_MIX.entrySet()) {
            EdgeType type = mix.getKey();
            int[] from = byType.get(type.sourceType().ordinal()).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            int[] to = byType.get(type.targetType().ordinal()).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            g.edges.put(type, distinctPairs(type, from, to, Math.round(e * mix.getValue()), random));
        }
        return g;
    }

    /** Draws {@code count} distinct pairs without self-loops (fewer if the type has fewer). */
    private static int[][] distinctPairs(EdgeType type, int[] from, int[] to, long count, Random random) {
        int target = (int) Math.min(count, (long) from.length * to.length / 4);
        long[] keys = new long[0];
        while (keys.length < target) {
            int have = keys.length;
            int missing = target - have;
            long[] more = Arrays.copyOf(keys, have + missing + missing / 50 + 16);
            for (int i = have; i < more.length; i++) {
                int f = from[random.nextInt(from.length)];
                int t = to[random.nextInt(to.length)];
                // one key per unordered pair for GROUND and RELATE; -1 marks a self-loop
                more[i] = f == t ? -1 : type.isUndirected() ? key(Math.min(f, t), Math.max(f, t)) : key(f, t);
            }
            keys = distinct(more);
        }
        for (int i = keys.length - 1; i > 0; i--) { // shuffle, so that dropping the extra few skews nothing
            int j = random.nextInt(i + 1);
            long swap = keys[i];
            keys[i] = keys[j];
            keys[j] = swap;
        }
        int[][] pairs = new int[2][target];
        for (int i = 0; i < target; i++) {
            int a = (int) (keys[i] >>> 32);
            int b = (int) keys[i];
            boolean flip = type.isUndirected() && random.nextBoolean(); // stored either way round
            pairs[0][i] = flip ? b : a;
            pairs[1][i] = flip ? a : b;
        }
        return pairs;
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | to;
    }

    /** Sorted, distinct, without the self-loop marker. */
    private static long[] distinct(long[] keys) {
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        int out = 0;
        for (long k : sorted) {
            if (k >= 0 && (out == 0 || k != sorted[out - 1])) {
                sorted[out++] = k;
            }
        }
        return Arrays.copyOf(sorted, out);
    }

    long edgeCount() {
        return edges.values().stream().mapToLong(p -> p[0].length).sum();
    }

    GraphSnapshot snapshot() {
        List<Node> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(Node.of(id(i), types[i], "", Arrays.copyOfRange(h, i * d, (i + 1) * d), null, Provenance.QUERY));
        }
        List<Edge> list = new ArrayList<>((int) edgeCount());
        for (Map.Entry<EdgeType, int[][]> e : edges.entrySet()) {
            int[][] p = e.getValue();
            for (int i = 0; i < p[0].length; i++) {
                list.add(new Edge(
                        e.getKey(), nodes.get(p[0][i]).id(), nodes.get(p[1][i]).id()));
            }
        }
        return new GraphSnapshot(nodes, list);
    }

    static String id(int i) {
        return "n" + i;
    }

    /**
     * Writes the graph as little-endian binary files for the scipy side: {@code types.i8} (NodeType ordinal per
     * node), {@code h.f32} (n × d), {@code <TYPE>.from.i32} / {@code <TYPE>.to.i32} per edge type.
     */
    void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] t = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = (byte) types[i].ordinal();
        }
        Files.write(dir.resolve("types.i8"), t);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("h.f32")), 1 << 20)) {
            ByteBuffer buf = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                buf.clear();
                buf.asFloatBuffer().put(h, i * d, d);
                out.write(buf.array());
            }
        }
        for (Map.Entry<EdgeType, int[][]> e : edges.entrySet()) {
            writeInts(dir.resolve(e.getKey() + ".from.i32"), e.getValue()[0]);
            writeInts(dir.resolve(e.getKey() + ".to.i32"), e.getValue()[1]);
        }
    }

    private static void writeInts(Path file, int[] values) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            for (int v : values) {
                out.writeInt(Integer.reverseBytes(v));
            }
        }
    }
}
