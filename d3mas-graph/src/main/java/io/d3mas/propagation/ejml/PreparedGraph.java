package io.d3mas.propagation.ejml;

/**
 * A snapshot turned into the matrices message passing runs on (see {@link EjmlMessagePassing#prepare}).
 * Immutable and safe to share: propagating it never changes it, so one prepared graph can be propagated with
 * several settings, from several threads, without building the matrices again.
 *
 * @since 0.1.0
 */
public final class PreparedGraph {

    final PropagationGraph graph;

    PreparedGraph(PropagationGraph graph) {
        this.graph = graph;
    }

    /** Nodes that take part (those with an embedding). */
    public int nodeCount() {
        return graph.size();
    }

    /** The embedding dimension of the nodes that take part (0 when none does). */
    public int dimension() {
        return graph.dimension;
    }

    /** Non-zero entries of all the layer steps' adjacency matrices: the sparse work of one iteration. */
    public long nonZeros() {
        return graph.nonZeros();
    }

    /** Bytes held by the matrices and the embedding matrix (object headers not counted). */
    public long bytes() {
        return graph.bytes();
    }

    @Override
    public String toString() {
        return "PreparedGraph[nodes=" + nodeCount() + ", dimension=" + dimension() + ", nonZeros=" + nonZeros() + "]";
    }
}
