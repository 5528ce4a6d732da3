package io.d3mas.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.graph.Provenance;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Agent} must have. Extend it and return the agent under test. */
public abstract class AgentContractTest {

    protected abstract Agent agent();

    protected static ReasoningRequest request(String task, String... facts) {
        List<MemoryHit> memory = new ArrayList<>();
        for (int i = 0; i < facts.length; i++) {
            memory.add(new MemoryHit(
                    new MemoryRecord("m" + i, "geo", facts[i], new float[] {1, 0}, Provenance.of("geo", "test")),
                    0.9 - i * 0.05));
        }
        return new ReasoningRequest(task, "t1", task, AgentProfile.of("geo", "Geography"), memory, List.of(), 0);
    }

    @Test
    void should_return_a_valid_result_for_a_task_with_memory() throws Exception {
        ReasoningRequest r = request(
                "What is the capital of France?",
                "Paris is the capital of France.",
                "Berlin is the capital of Germany.");
        ReasoningResult result = agent().reason(r);
        assertNotNull(result);
        Set<String> retrieved = r.memory().stream().map(h -> h.record().id()).collect(Collectors.toSet());
        assertTrue(retrieved.containsAll(result.usedMemoryIds()), "used memory must have been retrieved");
    }

    @Test
    void should_return_a_result_even_without_memory() throws Exception {
        ReasoningResult result = agent().reason(request("What is the capital of France?"));
        assertNotNull(result);
        assertTrue(result.usedMemoryIds().isEmpty(), "no memory was given, so none can ground the result");
        assertSaysWhatItNeeds(result);
    }

    @Test
    void should_say_what_it_needs_when_it_concludes_nothing() throws Exception {
        assertSaysWhatItNeeds(agent().reason(request("Zqx vbnm wertyu?", "Paris is the capital of France.")));
    }

    /** An agent that concludes nothing says what it needs: feedback rounds search memory for it. */
    private static void assertSaysWhatItNeeds(ReasoningResult result) {
        if (!result.answered()) {
            assertFalse(result.needs().isEmpty(), "concluded nothing and said nothing it needs: " + result);
            assertTrue(result.needs().stream().noneMatch(String::isBlank), "a blank need: " + result);
        }
    }

    @Test
    void should_give_the_same_result_when_called_concurrently() throws Exception {
        Agent agent = agent();
        ReasoningRequest r = request("What is the capital of France?", "Paris is the capital of France.");
        ReasoningResult expected = agent.reason(r);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ReasoningResult>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            futures.add(pool.submit(() -> agent.reason(r)));
        }
        try {
            for (Future<ReasoningResult> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
