package io.d3mas.propagation.ejml;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.jspecify.annotations.Nullable;

/**
 * The row-parallel sparse × dense product and update of one layer step ({@link EjmlMessagePassing}), for a range
 * of the layer's rows: messages summed by the {@link Kernel}'s {@link MessageSums}, then the residual update, L2
 * normalisation and, in a layer's last step of an iteration, the change. Reads {@code own} and the senders, writes {@code out}.
 */
record StepKernel(
        int offset,
        PropagationGraph.Fused in,
        float[][] senders,
        float[] alpha,
        float beta,
        float[] own,
        float[] out,
        int k,
        Kernel kernel,
        @Nullable DoubleAccumulator change) {

    void run(int lo, int hi) {
        // the thread's workspace for this range: the sum, a copy of a row (the JIT, C2 on Java 17, vectorises
        // loops over offset-free arrays only) and the kernel's own
        float[] acc = new float[k];
        float[] row = new float[k];
        MessageSums sums = kernel.sums(k);
        int[] start = in.start();
        double largest = 0; // squared change of the range's rows
        for (int r = lo; r < hi; r++) {
            Arrays.fill(acc, 0);
            boolean got = sums.add(acc, start[r], start[r + 1], in, senders, alpha, k);
            int base = (offset + r) * k;
            if (got) {
                System.arraycopy(own, base, row, 0, k);
                for (int c = 0; c < k; c++) {
                    acc[c] = (1 - beta) * row[c] + beta * acc[c];
                }
                double norm = sumOfSquares(acc, null, 0, k);
                float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
                for (int c = 0; c < k; c++) {
                    acc[c] *= inv;
                }
            } else {
                System.arraycopy(own, base, acc, 0, k);
            }
            if (change != null) { // out still holds the row as the iteration found it
                largest = Math.max(largest, sumOfSquares(acc, out, base, k));
            }
            System.arraycopy(acc, 0, out, base, k);
        }
        if (change != null) {
            change.accumulate(largest);
        }
    }

    /**
     * {@code Σ (a_c − b[base + c])²}, or {@code Σ a_c²} without b, in double with four independent sums so
     * that the adds do not wait on each other.
     */
    private static double sumOfSquares(float[] a, float @Nullable [] b, int base, int k) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int c = 0;
        for (; c + 4 <= k; c += 4) {
            double d0 = a[c] - (b == null ? 0 : b[base + c]);
            double d1 = a[c + 1] - (b == null ? 0 : b[base + c + 1]);
            double d2 = a[c + 2] - (b == null ? 0 : b[base + c + 2]);
            double d3 = a[c + 3] - (b == null ? 0 : b[base + c + 3]);
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; c < k; c++) {
            double d = a[c] - (b == null ? 0 : b[base + c]);
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
