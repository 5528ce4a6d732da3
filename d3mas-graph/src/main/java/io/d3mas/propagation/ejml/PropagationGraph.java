package io.d3mas.propagation.ejml;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ejml.data.FMatrixSparseCSC;

/**
 * One snapshot prepared for message passing: the nodes that have embeddings as rows of a dense matrix, and for
 * every layer step and incoming edge type the transposed row-normalised adjacency {@code A_τᵀ} as an EJML
 * float CSC matrix. Column v of {@code A_τᵀ} is row v of {@code A_τ}: the distinct neighbours v receives
 * from, each weighted {@code 1/|N_τ(v)|}.
 *
 * <p>Built once per snapshot in O(E + N) plus a sort of each column's few entries: the edges become
 * (receiver, sender) pairs per edge type, a counting pass places them by receiver (the CSC column), and each
 * column is sorted and deduplicated in place. No boxed collections, so rebuilding after the graph grows costs
 * a fraction of one iteration (measured in docs/benchmarks.md).
 */
final class PropagationGraph {

    final List<String> ids;
    final NodeType[] types;
    final int dimension;
    /**
     * Rows are layer-major: layer l (a {@link NodeType} ordinal) is rows {@code layerOffset[l] ..
     * layerOffset[l + 1]}, so that a step reads and writes its layer as one block.
     */
    final int[] layerOffset;
    /** Row-major n × dimension, the input embeddings. */
    final float[] embeddings;

    final Map<LayerStep, List<FMatrixSparseCSC>> adjacency = new EnumMap<>(LayerStep.class);
    /** Per step, its matrices fused into the one stream the product reads. */
    final Map<LayerStep, Fused> fused = new EnumMap<>(LayerStep.class);

    /**
     * A step's matrices merged row by row, for the product: the messages into the layer's r-th row are entries
     * {@code start[r] .. start[r+1]}, each a sender row, the index of the edge type in the step's incoming list
     * (or {@code incoming.size()} for padding) and the weight {@code 1/|N_τ(v)|}. A row with messages is padded
     * to a multiple of four entries with zero-weight reads of its own row, so the product always takes four
     * sender rows per pass (four memory streams in flight) without a remainder loop.
     */
    record Fused(int[] start, int[] sender, byte[] type, float[] weight) {

        /** For the layer's rows {@code first .. first + count}. */
        static Fused of(int first, int count, List<FMatrixSparseCSC> matrices) {
            int[] start = new int[count + 1];
            for (int r = 0; r < count; r++) {
                int messages = 0;
                for (FMatrixSparseCSC a : matrices) {
                    messages += a.col_idx[first + r + 1] - a.col_idx[first + r];
                }
                start[r + 1] = start[r] + ((messages + 3) & ~3);
            }
            int size = start[count];
            int[] sender = new int[size];
            byte[] type = new byte[size];
            float[] weight = new float[size];
            for (int r = 0; r < count; r++) {
                int v = first + r;
                int e = start[r];
                for (int t = 0; t < matrices.size(); t++) {
                    FMatrixSparseCSC a = matrices.get(t);
                    for (int j = a.col_idx[v]; j < a.col_idx[v + 1]; j++, e++) {
                        sender[e] = a.nz_rows[j];
                        type[e] = (byte) t;
                        weight[e] = a.nz_values[j];
                    }
                }
                for (; e < start[r + 1]; e++) {
                    sender[e] = v;
                    type[e] = (byte) matrices.size();
                }
            }
            return new Fused(start, sender, type, weight);
        }
    }

    private PropagationGraph(List<String> ids, NodeType[] types, int dimension, float[] embeddings, int[] offset) {
        this.layerOffset = offset;
        this.ids = ids;
        this.types = types;
        this.dimension = dimension;
        this.embeddings = embeddings;
    }

    /**
     * @throws InvalidInputException for mixed dimensions or a non-finite value, naming the node
     */
    static PropagationGraph of(GraphSnapshot graph) {
        List<Node> nodes = graph.nodes();
        int dimension = -1;
        String first = null;
        int[] perLayer = new int[NodeType.values().length];
        for (Node node : nodes) {
            float[] h = node.embedding();
            if (h == null) {
                continue;
            }
            if (dimension < 0) {
                dimension = h.length;
                first = node.id();
            } else if (h.length != dimension) {
                throw new InvalidInputException("mixed embedding dimensions: node '" + node.id() + "' has " + h.length
                        + ", node '" + first + "' has " + dimension + "; embed every node with the same model");
            }
            for (int k = 0; k < h.length; k++) {
                if (!Float.isFinite(h[k])) {
                    throw new InvalidInputException(
                            "node '" + node.id() + "' has a non-finite embedding value " + h[k] + " at index " + k);
                }
            }
            perLayer[node.type().ordinal()]++;
        }
        // layer-major rows: each layer one block, in snapshot order within it
        int[] offset = new int[perLayer.length + 1];
        for (int l = 0; l < perLayer.length; l++) {
            offset[l + 1] = offset[l] + perLayer[l];
        }
        int n = offset[perLayer.length];
        int[] next = Arrays.copyOf(offset, perLayer.length);
        int[] rowOf = new int[nodes.size()]; // snapshot index -> row, or -1 without an embedding
        String[] idOfRow = new String[n];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            rowOf[i] = node.embedding() == null ? -1 : next[node.type().ordinal()]++;
            if (rowOf[i] >= 0) {
                idOfRow[rowOf[i]] = node.id();
            }
        }
        int d = Math.max(dimension, 0);
        float[] h = new float[n * d];
        NodeType[] types = new NodeType[n];
        for (int i = 0; i < nodes.size(); i++) {
            int row = rowOf[i];
            if (row >= 0) {
                System.arraycopy(nodes.get(i).embedding(), 0, h, row * d, d);
                types[row] = nodes.get(i).type();
            }
        }
        List<String> ids = Arrays.asList(idOfRow);
        PropagationGraph g = new PropagationGraph(List.copyOf(ids), types, d, h, offset);
        Map<EdgeType, Pairs> byType = pairsByType(graph, rowOf);
        // the six steps are independent: build them side by side
        LayerStep[] steps = LayerStep.values();
        StepParts[] built = new StepParts[steps.length];
        IntStream.range(0, steps.length).parallel().forEach(i -> built[i] = step(g, steps[i], byType));
        for (int i = 0; i < steps.length; i++) {
            g.adjacency.put(steps[i], built[i].matrices());
            g.fused.put(steps[i], built[i].fused());
        }
        return g;
    }

    int size() {
        return ids.size();
    }

    private record StepParts(List<FMatrixSparseCSC> matrices, Fused fused) {}

    /** One step's matrices and fused stream. */
    private static StepParts step(PropagationGraph g, LayerStep step, Map<EdgeType, Pairs> byType) {
        int n = g.size();
        int layer = step.layer.ordinal();
        List<FMatrixSparseCSC> matrices = new ArrayList<>();
        for (LayerStep.Incoming in : step.incoming) {
            matrices.add(transposedAdjacency(n, g.types, step.layer, in.direction(), byType.get(in.type())));
        }
        int first = g.layerOffset[layer];
        return new StepParts(matrices, Fused.of(first, g.layerOffset[layer + 1] - first, matrices));
    }

    /** Stored (from, to) rows of every edge whose both ends have an embedding, per edge type. */
    private record Pairs(int[] from, int[] to, int size) {}

    private static Map<EdgeType, Pairs> pairsByType(GraphSnapshot graph, int[] rowOf) {
        int[] counts = new int[EdgeType.values().length];
        for (Edge e : graph.edges()) {
            counts[e.type().ordinal()]++;
        }
        int[][] from = new int[counts.length][];
        int[][] to = new int[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            from[t] = new int[counts[t]];
            to[t] = new int[counts[t]];
        }
        int[] sizes = new int[counts.length];
        List<Edge> edges = graph.edges();
        for (int i = 0; i < edges.size(); i++) {
            int f = rowOf[graph.fromIndex(i)];
            int s = rowOf[graph.toIndex(i)];
            if (f < 0 || s < 0) {
                continue; // an endpoint without an embedding neither sends nor receives
            }
            int t = edges.get(i).type().ordinal();
            from[t][sizes[t]] = f;
            to[t][sizes[t]++] = s;
        }
        Map<EdgeType, Pairs> out = new EnumMap<>(EdgeType.class);
        for (EdgeType type : EdgeType.values()) {
            int t = type.ordinal();
            out.put(type, new Pairs(from[t], to[t], sizes[t]));
        }
        return out;
    }

    private interface Message {
        void add(int receiver, int sender);
    }

    /** Every (receiver, sender) the pairs give a step: receivers in the layer, no self-loops, per direction. */
    private static void forEachMessage(
            Pairs pairs, NodeType[] types, NodeType layer, LayerStep.Direction direction, Message message) {
        boolean forward = direction != LayerStep.Direction.BACKWARD; // the stored source receives
        boolean backward = direction != LayerStep.Direction.FORWARD; // the stored target receives
        for (int i = 0; i < pairs.size; i++) {
            int f = pairs.from[i];
            int t = pairs.to[i];
            if (f == t) {
                continue;
            }
            if (forward && types[f] == layer) {
                message.add(f, t);
            }
            if (backward && types[t] == layer) {
                message.add(t, f);
            }
        }
    }

    /**
     * {@code A_τᵀ} for one step: column v lists the distinct senders of receiver v (v in the layer, sender ≠ v),
     * sorted, each with weight {@code 1/|N_τ(v)|}.
     */
    private static FMatrixSparseCSC transposedAdjacency(
            int n, NodeType[] types, NodeType layer, LayerStep.Direction direction, Pairs pairs) {
        int[] start = new int[n + 1];
        forEachMessage(pairs, types, layer, direction, (receiver, sender) -> start[receiver + 1]++);
        for (int v = 0; v < n; v++) {
            start[v + 1] += start[v];
        }
        int[] senders = new int[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        forEachMessage(pairs, types, layer, direction, (receiver, sender) -> senders[fill[receiver]++] = sender);
        // sort each column and drop repeated senders, compacting in place
        int[] colIdx = new int[n + 1];
        int nnz = 0;
        for (int v = 0; v < n; v++) {
            int lo = start[v];
            int hi = start[v + 1];
            Arrays.sort(senders, lo, hi);
            colIdx[v] = nnz;
            for (int e = lo; e < hi; e++) {
                if (e == lo || senders[e] != senders[e - 1]) {
                    senders[nnz++] = senders[e];
                }
            }
        }
        colIdx[n] = nnz;
        float[] values = new float[nnz];
        for (int v = 0; v < n; v++) {
            int degree = colIdx[v + 1] - colIdx[v];
            if (degree > 0) {
                Arrays.fill(values, colIdx[v], colIdx[v + 1], 1f / degree);
            }
        }
        FMatrixSparseCSC csc = new FMatrixSparseCSC(n, n, 0);
        csc.col_idx = colIdx;
        csc.nz_rows = senders;
        csc.nz_values = values;
        csc.nz_length = nnz;
        csc.indicesSorted = true;
        return csc;
    }

    /** Non-zero entries over every step's matrices: the sparse work of one iteration. */
    long nonZeros() {
        long total = 0;
        for (List<FMatrixSparseCSC> list : adjacency.values()) {
            for (FMatrixSparseCSC a : list) {
                total += a.nz_length;
            }
        }
        return total;
    }

    long bytes() {
        long total = 4L * embeddings.length;
        for (List<FMatrixSparseCSC> list : adjacency.values()) {
            for (FMatrixSparseCSC a : list) {
                total += 4L * (a.col_idx.length + a.nz_rows.length + a.nz_values.length);
            }
        }
        for (Fused f : fused.values()) {
            total += 4L * f.start.length + 9L * f.sender.length;
        }
        return total;
    }
}
