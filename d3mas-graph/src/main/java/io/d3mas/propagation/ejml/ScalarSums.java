package io.d3mas.propagation.ejml;

/** {@link MessageSums} in plain Java, vectorised by C2 where it can be (the kernel without the Vector API). */
final class ScalarSums implements MessageSums {

    /**
     * Rows of at least this many values are copied into the workspace before they are summed, so that the sum
     * is a vectorised loop (C2 on Java 17 does not vectorise a loop that reads at an offset while it writes
     * another float array): 100k nodes, d = 384, about 400 → 300–330 ms per iteration. Shorter rows are read in
     * place: at d = 64 each read is a cache miss, and copying gave no gain (1M nodes: 730–780 ms).
     */
    static final int COPY_FROM = 128;

    private final float[] r0;
    private final float[] r1;
    private final float[] r2;
    private final float[] r3;

    /** A workspace for rows of k values. */
    ScalarSums(int k) {
        r0 = new float[k];
        r1 = new float[k];
        r2 = new float[k];
        r3 = new float[k];
    }

    @Override
    public boolean add(
            float[] acc, int from, int to, PropagationGraph.Fused in, float[][] senders, float[] alpha, int k) {
        int[] u = in.sender();
        byte[] t = in.type();
        float[] w = in.weight();
        boolean got = false;
        for (int e = from; e < to; e += 4) {
            float w0 = alpha[t[e]] * w[e];
            float w1 = alpha[t[e + 1]] * w[e + 1];
            float w2 = alpha[t[e + 2]] * w[e + 2];
            float w3 = alpha[t[e + 3]] * w[e + 3];
            got |= w0 != 0 || w1 != 0 || w2 != 0 || w3 != 0; // weights are 1/|N| > 0; pads have α 0
            float[] s0 = senders[t[e]];
            float[] s1 = senders[t[e + 1]];
            float[] s2 = senders[t[e + 2]];
            float[] s3 = senders[t[e + 3]];
            int b0 = u[e] * k;
            int b1 = u[e + 1] * k;
            int b2 = u[e + 2] * k;
            int b3 = u[e + 3] * k;
            if (k < COPY_FROM) { // short rows: latency-bound, read them in place
                for (int c = 0; c < k; c++) {
                    acc[c] += w0 * s0[b0 + c] + w1 * s1[b1 + c] + w2 * s2[b2 + c] + w3 * s3[b3 + c];
                }
                continue;
            }
            System.arraycopy(s0, b0, r0, 0, k);
            System.arraycopy(s1, b1, r1, 0, k);
            System.arraycopy(s2, b2, r2, 0, k);
            System.arraycopy(s3, b3, r3, 0, k);
            for (int c = 0; c < k; c++) {
                acc[c] += w0 * r0[c] + w1 * r1[c] + w2 * r2[c] + w3 * r3[c];
            }
        }
        return got;
    }
}
