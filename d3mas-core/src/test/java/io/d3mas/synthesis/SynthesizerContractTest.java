package io.d3mas.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Synthesizer} must have. Extend it (d3mas-core's test-jar). */
public abstract class SynthesizerContractTest {

    protected abstract Synthesizer synthesizer();

    protected static final String QUERY = "What is the capital of Japan and what is the capital of Italy?";

    protected static List<RankedConclusion> conclusions() {
        return List.of(
                new RankedConclusion(
                        "r0",
                        "t1",
                        "What is the capital of Japan?",
                        "geo",
                        "Tokyo",
                        "Tokyo is the capital of Japan.",
                        0.9,
                        0.8,
                        true),
                new RankedConclusion(
                        "r1",
                        "t2",
                        "What is the capital of Italy?",
                        "geo",
                        "Rome",
                        "Rome is the capital of Italy.",
                        0.9,
                        0.7,
                        true));
    }

    private Synthesis synthesize(SynthesisRequest request) throws Exception {
        Synthesis s = synthesizer().synthesize(request);
        assertNotNull(s, "a synthesizer returns a Synthesis, never null");
        Set<String> given = request.conclusions().stream()
                .map(RankedConclusion::reasoningNodeId)
                .collect(Collectors.toSet());
        assertTrue(
                given.containsAll(s.usedReasoningNodeIds()),
                "used " + s.usedReasoningNodeIds() + " but was given only " + given);
        return s;
    }

    @Test
    void should_answer_from_the_conclusions_it_was_given() throws Exception {
        Synthesis s = synthesize(new SynthesisRequest(QUERY, conclusions()));
        assertFalse(s.answer().isBlank(), "an answer from two conclusions");
        assertFalse(s.usedReasoningNodeIds().isEmpty(), "an answer that used no conclusion: " + s);
    }

    @Test
    void should_answer_from_a_single_conclusion() throws Exception {
        Synthesis s = synthesize(new SynthesisRequest(
                "What is the capital of Japan?", conclusions().subList(0, 1)));
        assertFalse(s.answer().isBlank());
    }

    @Test
    void should_give_the_same_answer_when_called_concurrently() throws Exception {
        Synthesizer synthesizer = synthesizer();
        SynthesisRequest request = new SynthesisRequest(QUERY, conclusions());
        Synthesis expected = synthesizer.synthesize(request);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Synthesis>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> synthesizer.synthesize(request)));
            }
            for (Future<Synthesis> f : futures) {
                Synthesis s = f.get(60, TimeUnit.SECONDS);
                assertEquals(expected.answer(), s.answer());
                assertEquals(expected.usedReasoningNodeIds(), s.usedReasoningNodeIds());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
