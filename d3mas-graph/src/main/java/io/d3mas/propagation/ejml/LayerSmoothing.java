package io.d3mas.propagation.ejml;

import io.d3mas.graph.NodeType;
import org.jspecify.annotations.Nullable;

/** The over-smoothing guard's measure: how alike each layer's rows are (mean pairwise cosine). */
final class LayerSmoothing {

    private LayerSmoothing() {}

    /**
     * Per layer, the mean pairwise cosine of its non-zero rows ({@code (‖Σu‖² − m) / (m(m − 1))} over unit rows u,
     * O(rows · k)); NaN for a layer with fewer than two.
     */
    static double[] cosines(PropagationGraph g, float[] h, int k) {
        double[] out = new double[NodeType.values().length];
        double[] sum = new double[k];
        for (int layer = 0; layer < out.length; layer++) {
            java.util.Arrays.fill(sum, 0);
            int m = 0;
            for (int row = g.layerOffset[layer]; row < g.layerOffset[layer + 1]; row++) {
                double norm = 0;
                for (int j = 0; j < k; j++) {
                    float x = h[row * k + j];
                    norm += (double) x * x;
                }
                if (norm == 0) {
                    continue;
                }
                double inv = 1 / Math.sqrt(norm);
                for (int j = 0; j < k; j++) {
                    sum[j] += h[row * k + j] * inv;
                }
                m++;
            }
            double squared = 0;
            for (double x : sum) {
                squared += x * x;
            }
            out[layer] = m < 2 ? Double.NaN : (squared - m) / ((double) m * (m - 1));
        }
        return out;
    }

    /** The first layer an iteration lifted above the limit from at most it, described; null when none. */
    static @Nullable String collapsed(double[] before, double[] after, double limit) {
        for (NodeType t : NodeType.values()) {
            int l = t.ordinal();
            if (after[l] > limit && before[l] <= limit) {
                return String.format(
                        java.util.Locale.ROOT,
                        "%s (mean pairwise cosine %.3f -> %.3f > maxMeanCosine %.3f)",
                        t,
                        before[l],
                        after[l],
                        limit);
            }
        }
        return null;
    }
}
