package io.d3mas.propagation.ejml;

import io.d3mas.graph.GraphSnapshot;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Run in a child JVM by {@link KernelTest}: prints the kernel an {@link EjmlMessagePassing} chose there, then
 * the bits of a propagation of {@link KernelTest#graph()}, one line per node; then propagates a graph of
 * {@link EjmlMessagePassing#SIMD_FROM_NODES} nodes twice.
 */
public final class KernelProbe {

    private KernelProbe() {}

    public static void main(String[] args) {
        EjmlMessagePassing mp =
                EjmlMessagePassing.builder().threads(2).simdFrom(0).build();
        System.out.println(mp.kernel());
        System.out.print(KernelTest.bits(
                mp.propagate(KernelTest.graph(), KernelTest.THREE).embeddings()));
        // two large graphs: a JVM that runs them on the scalar kernel says once, on stderr, how to turn SIMD on
        GraphSnapshot large = graph(EjmlMessagePassing.SIMD_FROM_NODES, 20_000, 4, 9);
        new EjmlMessagePassing().propagate(large, KernelTest.THREE);
        new EjmlMessagePassing().propagate(large, KernelTest.THREE);
    }

    static GraphSnapshot graph(int n, int edges, int d, long seed) {
        return EjmlMessagePassingTest.randomGraph(n, edges, d, new Random(seed));
    }

    static Map<String, float[]> sorted(Map<String, float[]> rows) {
        return new TreeMap<>(rows);
    }
}
