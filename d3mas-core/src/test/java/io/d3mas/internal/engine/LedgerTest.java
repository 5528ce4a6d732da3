package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.agent.Agent;
import io.d3mas.memory.Retrieval;
import io.d3mas.metrics.RedundancyMetrics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retrieval ledger and memory redundancy count what the trace shows: recorded steps only. */
class LedgerTest {

    @Test
    void should_not_count_the_retrievals_of_a_failed_attempt_as_another_agents() {
        Agent failing = r -> {
            throw new IllegalStateException("model unavailable");
        };
        Scripted.TableAgent backup = new Scripted.TableAgent(Map.of("What is the capital of France?", "Paris"));
        try (D3Mas team = Scripted.team()
                .agent("geo", "capital France geography", failing)
                .agent("backup", "anything else", backup)
                .build()) {
            team.remember("geo", "Paris is the capital of France.", "atlas");
            SolveResult r = team.solve("What is the capital of France?");

            assertEquals("Paris", r.answer());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("reassigned")),
                    r.warnings().toString());
            assertEquals(1, backup.requests.get(0).memory().size(), "the backup agent got the memory");
            assertEquals(fromTrace(r), r.metrics().memory(), 1e-12);
            assertEquals(0.0, r.metrics().memory(), 1e-12);
            assertEquals(1, r.metrics().memoryNodes());
        }
    }

    /** Memory redundancy recomputed from the trace's RETRIEVE edges. */
    static double fromTrace(SolveResult r) {
        Map<String, Set<String>> by = new HashMap<>();
        for (Retrieval line : r.retrievals()) {
            by.computeIfAbsent(line.recordId(), k -> new HashSet<>()).add(line.agentId());
        }
        return RedundancyMetrics.memoryRedundancy(by);
    }

    static List<String> agentsThatRetrieved(SolveResult r, String recordId) {
        return r.retrievals().stream()
                .filter(x -> x.recordId().equals(recordId))
                .map(Retrieval::agentId)
                .toList();
    }
}
