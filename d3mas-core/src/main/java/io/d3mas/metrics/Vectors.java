package io.d3mas.metrics;

import io.d3mas.InvalidInputException;

/**
 * Small vector helpers: cosine similarity, L2 norm and unit vectors on float arrays.
 *
 * @since 0.1.0
 */
public final class Vectors {
    private Vectors() {}

    /**
     * Cosine similarity (paper eq. 8). A zero vector has similarity 0 with everything.
     *
     * @throws InvalidInputException if the lengths differ (the message gives both)
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InvalidInputException("cannot compare vectors of dimension " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The L2 norm. */
    public static double norm(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** The vector scaled to length 1 (a new array), or null for a zero vector. */
    public static float @org.jspecify.annotations.Nullable [] unit(float[] v) {
        double n = norm(v);
        if (n == 0) {
            return null;
        }
        float inv = (float) (1 / n);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }

    /**
     * The mean cosine similarity over all pairs of the non-zero vectors, in O(n·d): for unit vectors u it is
     * {@code (‖Σu‖² − n) / (n(n − 1))}. NaN when fewer than two vectors are non-zero. Over-smoothing in message
     * passing shows as this value going to 1.
     *
     * @throws InvalidInputException if the dimensions differ
     */
    public static double meanPairwiseCosine(Iterable<float[]> vectors) {
        double[] sum = null;
        int n = 0;
        for (float[] v : vectors) {
            if (sum == null) {
                sum = new double[v.length];
            } else if (v.length != sum.length) {
                throw new InvalidInputException(
                        "cannot compare vectors of dimension " + sum.length + " and " + v.length);
            }
            double norm = norm(v);
            if (norm == 0) {
                continue;
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += v[i] / norm;
            }
            n++;
        }
        if (n < 2) {
            return Double.NaN;
        }
        double squared = 0;
        for (double x : sum) {
            squared += x * x;
        }
        return (squared - n) / ((double) n * (n - 1));
    }

    /** Index of the first NaN or infinite value, or -1 when every value is finite. */
    public static int firstNonFinite(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }
}
