package io.d3mas.propagation.ejml;

/**
 * The sparse part of a layer step for one receiver row: {@code acc[c] += Σ_e α_τ(e) · w_e · senders[τ(e)][u_e · k
 * + c]} over the row's fused entries, four sender rows per pass, as {@link StepKernel} calls it. One instance
 * serves one thread's range of rows (it may hold that thread's workspace).
 *
 * <p>Both implementations compute each column with the same float operations in the same order (the four
 * products, added left to right, then added to the sum; no fused multiply-add), so they give the same bits.
 */
interface MessageSums {

    /**
     * Adds the messages of entries {@code [from, to)} (a multiple of four apart) into {@code acc[0 .. k)}.
     *
     * @return whether any message had a non-zero weight (a row whose messages all have α = 0 is left unchanged)
     */
    boolean add(float[] acc, int from, int to, PropagationGraph.Fused in, float[][] senders, float[] alpha, int k);
}
