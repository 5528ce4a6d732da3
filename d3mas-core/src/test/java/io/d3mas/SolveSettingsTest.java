package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.propagation.PropagationSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SolveSettingsTest {

    @Test
    void should_default_to_the_paper_values() {
        SolveSettings s = SolveSettings.defaults();
        assertEquals(5, s.topK());
        assertEquals(0.65, s.threshold());
        assertEquals(5, s.propagation().iterations(), "tuned for feedback retrieval; the paper finds L = 3 to 5 best");
        assertEquals(
                PropagationSettings.DEFAULT_MAX_MEAN_COSINE, s.propagation().maxMeanCosine());
        assertEquals(Ablation.FULL.layers(), s.layers());
    }

    @Test
    void should_reject_bad_values_naming_the_field() {
        assertMessage(() -> SolveSettings.builder().topK(0), "topK");
        assertMessage(() -> SolveSettings.builder().threshold(1.5), "threshold");
        assertMessage(() -> SolveSettings.builder().maxConcurrency(0), "maxConcurrency");
        assertMessage(() -> SolveSettings.builder().taskTimeout(Duration.ZERO), "taskTimeout");
        assertMessage(() -> SolveSettings.builder().minConfidence(Double.NaN), "minConfidence");
        assertMessage(
                () -> SolveSettings.builder()
                        .taskTimeout(Duration.ofMinutes(5))
                        .solveTimeout(Duration.ofMinutes(1))
                        .build(),
                "solveTimeout");
    }

    @Test
    void should_shorten_a_default_task_timeout_to_a_shorter_solve_timeout() {
        Duration short20 = Duration.ofSeconds(20);
        assertEquals(
                short20, SolveSettings.builder().solveTimeout(short20).build().taskTimeout());
        assertEquals(
                short20,
                SolveSettings.defaults().toBuilder()
                        .solveTimeout(short20)
                        .build()
                        .taskTimeout());
        SolveSettings explicit =
                SolveSettings.builder().taskTimeout(Duration.ofSeconds(5)).build();
        assertEquals(
                Duration.ofSeconds(5),
                explicit.toBuilder().solveTimeout(short20).build().taskTimeout());
        assertEquals(Duration.ofSeconds(60), SolveSettings.defaults().taskTimeout());
        assertEquals(
                Duration.ofSeconds(60),
                SolveSettings.builder().solveTimeout(short20).build().toBuilder()
                        .solveTimeout(Duration.ofMinutes(10))
                        .build()
                        .taskTimeout(),
                "a default task timeout is still a default after toBuilder");
    }

    @Test
    void should_copy_every_setting_with_to_builder() {
        SolveSettings s = SolveSettings.builder()
                .topK(7)
                .ablation(Ablation.FLAT)
                .maxFeedbackRounds(0)
                .build();
        SolveSettings copy = s.toBuilder().build();
        assertEquals(7, copy.topK());
        assertTrue(copy.layers().isEmpty());
        assertEquals(0, copy.maxFeedbackRounds());
    }

    private static void assertMessage(Runnable r, String field) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
