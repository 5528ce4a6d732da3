package io.d3mas.propagation.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MessageSums} on the JDK's Vector API (incubating in Java 17, module {@code jdk.incubator.vector}), used
 * only when the JVM was started with {@code --add-modules jdk.incubator.vector} ({@link Kernel} checks before
 * this class is loaded). It reads sender rows in place, whole vectors at a time: at d = 64 a pass over four
 * rows is a few dozen instructions instead of about nine hundred scalar ones, so the core keeps the reads of
 * several passes in flight (docs/benchmarks.md). Columns past the last whole vector are summed as in {@link
 * ScalarSums}.
 */
final class SimdSums implements MessageSums {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** The width of the vectors this CPU and JVM prefer, in bits. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public boolean add(
            float[] acc, int from, int to, PropagationGraph.Fused in, float[][] senders, float[] alpha, int k) {
        int[] u = in.sender();
        byte[] t = in.type();
        float[] w = in.weight();
        int whole = SPECIES.loopBound(k);
        int lanes = SPECIES.length();
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
            int c = 0;
            for (; c < whole; c += lanes) {
                // the scalar kernel's ((p0 + p1) + p2) + p3, then added to the sum: the same bits
                FloatVector m = FloatVector.fromArray(SPECIES, s0, b0 + c)
                        .mul(w0)
                        .add(FloatVector.fromArray(SPECIES, s1, b1 + c).mul(w1))
                        .add(FloatVector.fromArray(SPECIES, s2, b2 + c).mul(w2))
                        .add(FloatVector.fromArray(SPECIES, s3, b3 + c).mul(w3));
                FloatVector.fromArray(SPECIES, acc, c).add(m).intoArray(acc, c);
            }
            for (; c < k; c++) {
                acc[c] += w0 * s0[b0 + c] + w1 * s1[b1 + c] + w2 * s2[b2 + c] + w3 * s3[b3 + c];
            }
        }
        return got;
    }
}
