package io.d3mas.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.d3mas.InvalidInputException;
import io.d3mas.metrics.RedundancyMetrics.AgentVector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedundancyMetricsTest {

    @Test
    void should_count_memory_retrieved_by_two_or_more_agents() {
        // m1 by a and b (shared), m2 by a, m3 by b and c (shared), m4 by c: 2 of 4
        Map<String, Set<String>> ledger =
                Map.of("m1", Set.of("a", "b"), "m2", Set.of("a"), "m3", Set.of("b", "c"), "m4", Set.of("c"));
        assertEquals(0.5, RedundancyMetrics.memoryRedundancy(ledger), 1e-12);
        assertEquals(0.0, RedundancyMetrics.memoryRedundancy(Map.of()), 1e-12);
    }

    @Test
    void should_count_similar_pairs_across_agents_only() {
        float[] x = {1, 0};
        float[] xNear = {0.95f, 0.31f}; // cos = 0.95 > 0.85
        float[] y = {0, 1};
        // pairs across agents: (a:x, b:xNear) similar, (a:x, b:y) not, (a:x2, b:xNear) similar, (a:x2, b:y) not;
        // (a:x, a:x2) is the same agent and does not count: 2 of 4
        List<AgentVector> items = List.of(
                new AgentVector("a", x),
                new AgentVector("a", x.clone()),
                new AgentVector("b", xNear),
                new AgentVector("b", y));
        assertEquals(4, RedundancyMetrics.crossAgentPairs(items));
        assertEquals(0.5, RedundancyMetrics.pairwiseRedundancy(items), 1e-12);
    }

    @Test
    void should_not_count_a_pair_at_exactly_the_threshold() {
        double angle = Math.acos(RedundancyMetrics.SIMILAR);
        float[] a = {1, 0};
        float[] b = {(float) Math.cos(angle + 1e-6), (float) Math.sin(angle + 1e-6)};
        assertEquals(
                0.0, RedundancyMetrics.pairwiseRedundancy(List.of(new AgentVector("a", a), new AgentVector("b", b))));
    }

    @Test
    void should_be_zero_without_cross_agent_pairs() {
        assertEquals(0.0, RedundancyMetrics.pairwiseRedundancy(List.of(new AgentVector("a", new float[] {1}))));
    }

    @Test
    void should_compute_cosine_and_reject_mixed_dimensions() {
        assertEquals(0.0, Vectors.cosine(new float[] {1, 0}, new float[] {0, 1}), 1e-12);
        assertEquals(1.0, Vectors.cosine(new float[] {2, 0}, new float[] {3, 0}), 1e-12);
        assertEquals(0.0, Vectors.cosine(new float[] {0, 0}, new float[] {3, 0}), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(
                InvalidInputException.class, () -> Vectors.cosine(new float[] {1}, new float[] {1, 2}));
    }
}
