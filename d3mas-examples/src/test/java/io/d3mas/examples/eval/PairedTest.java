package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedTest {

    @Test
    void theBootstrapIntervalCoversTheMeanAndNarrowsWithMoreItems() {
        Random r = new Random(7);
        double[] few = new double[10];
        double[] many = new double[1000];
        for (int i = 0; i < many.length; i++) {
            double d = 0.1 + r.nextGaussian() * 0.2;
            many[i] = d;
            if (i < few.length) {
                few[i] = d;
            }
        }
        double[] a = Paired.bootstrap(few);
        double[] b = Paired.bootstrap(many);
        assertTrue(b[1] - b[0] < (a[1] - a[0]) / 3, "1000 items give a far narrower interval than 10");
        // the normal approximation for 1000 items: mean ± 1.96 × 0.2 / √1000 ≈ ± 0.0124
        assertEquals(0.0248, b[1] - b[0], 0.004);
        assertTrue(b[0] > 0, "a true difference of 0.1 is told apart with 1000 items");
    }

    @Test
    void identicalMethodsAreUndecided() {
        double[] zero = new double[50];
        double[] ci = Paired.bootstrap(zero);
        assertEquals(0.0, ci[0]);
        assertEquals(0.0, ci[1]);
        Paired p = new Paired("d3mas", "single", "", "accuracy", false, 50, 0.5, 0.5, 0, ci[0], ci[1], 0, 0);
        assertFalse(p.decided());
    }
}
