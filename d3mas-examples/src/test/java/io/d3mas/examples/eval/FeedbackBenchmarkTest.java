package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.propagation.PropagationSettings;
import io.d3mas.propagation.ejml.EjmlMessagePassing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackBenchmarkTest {

    @Test
    void should_print_settings_that_read_back_as_the_same_settings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tuned.json");
        PropagationSettings s = PropagationSettings.defaults();
        Files.writeString(file, FeedbackBenchmark.json(s));
        assertEquals(s, EjmlMessagePassing.readSettings(file));
        PropagationSettings other = PropagationSettings.uniform(2, 1e-4, 0.25, 0.75);
        Files.writeString(file, FeedbackBenchmark.json(other));
        assertEquals(other, EjmlMessagePassing.readSettings(file));
    }

    @Test
    void should_count_ties_as_half_in_the_auc() {
        assertEquals(1.0, FeedbackChecks.auc(List.of(0.1, 0.2), List.of(0.5, 0.9)));
        assertEquals(0.0, FeedbackChecks.auc(List.of(0.9), List.of(0.1)));
        assertEquals(0.5, FeedbackChecks.auc(List.of(0.3), List.of(0.3)));
        assertEquals(0.5, FeedbackChecks.auc(List.of(0.2, 0.6), List.of(0.5)), 1e-12, "one of two pairs right");
        assertTrue(Double.isNaN(FeedbackChecks.auc(List.of(), List.of(0.5))));
    }
}
