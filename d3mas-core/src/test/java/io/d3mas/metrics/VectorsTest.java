package io.d3mas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void should_compute_the_mean_pairwise_cosine_as_the_average_over_all_pairs() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            List<float[]> vectors = new ArrayList<>();
            int n = 2 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                float[] v = new float[1 + trial % 9];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (random.nextGaussian() * (1 + random.nextInt(5)));
                }
                vectors.add(v);
            }
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    sum += Vectors.cosine(vectors.get(i), vectors.get(j));
                    pairs++;
                }
            }
            assertEquals(sum / pairs, Vectors.meanPairwiseCosine(vectors), 1e-6);
        }
    }

    @Test
    void should_skip_zero_vectors_and_need_two() {
        assertTrue(Double.isNaN(Vectors.meanPairwiseCosine(List.of(new float[] {1, 0}, new float[] {0, 0}))));
        assertEquals(
                1.0,
                Vectors.meanPairwiseCosine(List.of(new float[] {2, 0}, new float[] {0, 0}, new float[] {3, 0})),
                1e-12);
        assertThrows(
                InvalidInputException.class,
                () -> Vectors.meanPairwiseCosine(List.of(new float[] {1, 0}, new float[] {1, 0, 0})));
    }
}
