package io.d3mas.memory;

/** The scan kernels of {@link InMemoryMemoryStore}: float and int8 dot products, int8 quantisation. */
final class ScanMath {

    private ScanMath() {}

    /** The value of one int8 step: the largest magnitude maps to 127. */
    static float scaleOf(float[] u) {
        float max = 0;
        for (float x : u) {
            max = Math.max(max, Math.abs(x));
        }
        return max / 127f;
    }

    static byte[] quantise(float[] u, byte[] out) {
        float scale = scaleOf(u);
        for (int i = 0; i < u.length; i++) {
            out[i] = (byte) Math.round(u[i] / scale);
        }
        return out;
    }

    /** Eight independent sums, so that the loads of a row stream without waiting on one add chain. */
    static float dot(float[] a, int off, float[] q, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= d; i += 8) {
            s0 += q[i] * a[off + i];
            s1 += q[i + 1] * a[off + i + 1];
            s2 += q[i + 2] * a[off + i + 2];
            s3 += q[i + 3] * a[off + i + 3];
            s4 += q[i + 4] * a[off + i + 4];
            s5 += q[i + 5] * a[off + i + 5];
            s6 += q[i + 6] * a[off + i + 6];
            s7 += q[i + 7] * a[off + i + 7];
        }
        for (; i < d; i++) {
            s0 += q[i] * a[off + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static int dot(byte[] a, int off, byte[] q, int d) {
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= d; i += 4) {
            s0 += a[off + i] * q[i];
            s1 += a[off + i + 1] * q[i + 1];
            s2 += a[off + i + 2] * q[i + 2];
            s3 += a[off + i + 3] * q[i + 3];
        }
        for (; i < d; i++) {
            s0 += a[off + i] * q[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
