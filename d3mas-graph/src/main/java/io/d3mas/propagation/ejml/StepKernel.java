package io.d3mas.propagation.ejml;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.jspecify.annotations.Nullable;

/**
 * The row-parallel sparse × dense product and update of one layer step ({@link EjmlMessagePassing}), for a range
 * of the layer's rows: messages summed four sender rows per pass, then the residual update, L2 normalisation
 * and, in a layer's last step of an iteration, the change. Reads {@code own} and the senders, writes {@code out}.
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
        @Nullable DoubleAccumulator change) {

    /**
     * Rows of at least this many values are copied into the thread's workspace before they are summed, so that
     * the sum is a vectorised loop (C2 on Java 17 does not vectorise a loop that reads at an offset while it
     * writes another float array): 100k nodes, d = 384, about 400 → 300–330 ms per iteration. Shorter rows are
     * read in place: at d = 64 each read is a cache miss, and copying gave no gain (1M nodes: 730–780 ms).
     */
    static final int COPY_FROM = 128;

    void run(int lo, int hi) {
        // the thread's workspace for this range: the sum, and the rows being read copied out of the big
        // arrays, because the JIT (C2, Java 17) vectorises a loop over offset-free arrays only
        float[] acc = new float[k];
        float[] r0 = new float[k];
        float[] r1 = new float[k];
        float[] r2 = new float[k];
        float[] r3 = new float[k];
        int[] start = in.start();
        int[] u = in.sender();
        byte[] t = in.type();
        float[] w = in.weight();
        double largest = 0; // squared change of the range's rows
        for (int r = lo; r < hi; r++) {
            Arrays.fill(acc, 0);
            boolean got = false;
            for (int e = start[r]; e < start[r + 1]; e += 4) {
                float w0 = alpha[t[e]] * w[e];
                float w1 = alpha[t[e + 1]] * w[e + 1];
                float w2 = alpha[t[e + 2]] * w[e + 2];
                float w3 = alpha[t[e + 3]] * w[e + 3];
                got |= w0 != 0 || w1 != 0 || w2 != 0 || w3 != 0; // weights are 1/|N| > 0; pads have α 0
                if (k < COPY_FROM) { // short rows: latency-bound, read them in place
                    axpy4(
                            w0,
                            senders[t[e]],
                            u[e] * k,
                            w1,
                            senders[t[e + 1]],
                            u[e + 1] * k,
                            w2,
                            senders[t[e + 2]],
                            u[e + 2] * k,
                            w3,
                            senders[t[e + 3]],
                            u[e + 3] * k,
                            acc,
                            k);
                    continue;
                }
                System.arraycopy(senders[t[e]], u[e] * k, r0, 0, k);
                System.arraycopy(senders[t[e + 1]], u[e + 1] * k, r1, 0, k);
                System.arraycopy(senders[t[e + 2]], u[e + 2] * k, r2, 0, k);
                System.arraycopy(senders[t[e + 3]], u[e + 3] * k, r3, 0, k);
                for (int c = 0; c < k; c++) {
                    acc[c] += w0 * r0[c] + w1 * r1[c] + w2 * r2[c] + w3 * r3[c];
                }
            }
            int base = (offset + r) * k;
            if (got) {
                System.arraycopy(own, base, r0, 0, k);
                for (int c = 0; c < k; c++) {
                    acc[c] = (1 - beta) * r0[c] + beta * acc[c];
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

    /** {@code acc += Σ w_i · s_i[b_i .. b_i + k)} for four rows read in place (scalar: the offsets). */
    private static void axpy4(
            float w0,
            float[] s0,
            int b0,
            float w1,
            float[] s1,
            int b1,
            float w2,
            float[] s2,
            int b2,
            float w3,
            float[] s3,
            int b3,
            float[] acc,
            int k) {
        for (int c = 0; c < k; c++) {
            acc[c] += w0 * s0[b0 + c] + w1 * s1[b1 + c] + w2 * s2[b2 + c] + w3 * s3[b3 + c];
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
