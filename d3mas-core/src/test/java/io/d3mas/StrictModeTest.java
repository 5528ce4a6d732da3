package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.SolveWarning.Code;
import io.d3mas.agent.Agent;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.memory.MemoryStore;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every degradation is a typed {@link SolveWarning} (code, component, message, cause); in strict mode a component
 * failure fails the solve with {@link ComponentFailedException} instead.
 */
class StrictModeTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();
    private static final String QUERY = "Which river flows through Paris and what is the capital of Italy?";
    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    private static D3Mas team(UnaryOperator<D3Mas.Builder> configure) {
        D3Mas d = configure
                .apply(D3Mas.builder()
                        .embeddingModel(MODEL)
                        .agent("geo", "rivers capitals", new RetrievalAgent())
                        .withoutMessagePassing())
                .build();
        d.remember("geo", "The Seine flows through Paris.", "atlas");
        return d;
    }

    private static final SolveSettings STRICT =
            SolveSettings.builder().strict(true).threshold(0.1).build();
    private static final SolveSettings LENIENT =
            SolveSettings.builder().threshold(0.1).build();

    /** The warning of {@code code} in a lenient solve, and the exception of the same failure in a strict one. */
    private static SolveWarning degradesThenFails(UnaryOperator<D3Mas.Builder> configure, Code code, String component) {
        SolveWarning w;
        try (D3Mas d = team(configure)) {
            SolveResult r = d.solve(QUERY, LENIENT);
            w = r.warnings().stream()
                    .filter(x -> x.code() == code)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + code + " in " + r.warnings()));
            assertEquals(component, w.component(), w.toString());
            assertTrue(code.isFailure(), code + " should be a failure");
            ComponentFailedException e = assertThrows(ComponentFailedException.class, () -> d.solve(QUERY, STRICT));
            assertEquals(code, e.warning().code(), e.getMessage());
            assertTrue(e.getMessage().contains(w.component()), e.getMessage());
        }
        return w;
    }

    @Test
    void should_report_a_failing_decomposer_and_fail_in_strict_mode() {
        SolveWarning w = degradesThenFails(
                b -> b.decomposer(r -> {
                    throw BOOM;
                }),
                Code.DECOMPOSER_FAILED,
                "decomposer");
        assertSame(BOOM, w.cause());
    }

    @Test
    void should_report_a_failing_synthesizer_and_fail_in_strict_mode() {
        degradesThenFails(
                b -> b.synthesizer(r -> {
                    throw BOOM;
                }),
                Code.SYNTHESIZER_FAILED,
                "synthesizer");
    }

    @Test
    void should_report_a_failing_agent_and_fail_in_strict_mode() {
        Agent failing = r -> {
            throw BOOM;
        };
        degradesThenFails(b -> b.agent("bad", "rivers capitals Paris Italy", failing), Code.AGENT_FAILED, "agent:bad");
    }

    @Test
    void should_report_a_failing_memory_store_and_fail_in_strict_mode() {
        MemoryStore broken = org.mockito.Mockito.mock(MemoryStore.class);
        org.mockito.Mockito.when(broken.dimension()).thenReturn(java.util.OptionalInt.empty());
        org.mockito.Mockito.when(broken.search(org.mockito.ArgumentMatchers.any()))
                .thenThrow(BOOM);
        degradesThenFails(b -> b.memoryStore(broken), Code.MEMORY_STORE_FAILED, "memoryStore");
    }

    @Test
    void should_report_failing_message_passing_and_fail_in_strict_mode() {
        MessagePassing broken = new MessagePassing() {
            @Override
            public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
                throw BOOM;
            }
        };
        // a task that no agent can answer gets a feedback round, which propagates
        Agent unsure = r -> io.d3mas.agent.ReasoningResult.unanswered(List.of("a map of Paris"));
        degradesThenFails(
                b -> b.messagePassing(broken).agent("unsure", "rivers capitals Paris Italy", unsure),
                Code.MESSAGE_PASSING_FAILED,
                "messagePassing");
    }

    @Test
    void should_not_fail_a_strict_solve_for_what_is_not_a_component_failure() {
        List<SolveEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (D3Mas d = team(b -> b.listener(events::add)
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(
                                List.of(SubTask.of("Which river flows through Paris?"), SubTask.of(" ")))))) {
            SolveResult r = d.solve("Which river flows \u200bthrough Paris?", STRICT);
            List<Code> codes = r.warnings().stream().map(SolveWarning::code).toList();
            assertTrue(codes.contains(Code.QUERY_CLEANED), codes.toString());
            assertTrue(codes.contains(Code.DECOMPOSITION_REPAIRED), codes.toString());
            assertFalse(Code.QUERY_CLEANED.isFailure());
            assertFalse(Code.DECOMPOSITION_REPAIRED.isFailure());
            List<SolveWarning> streamed = events.stream()
                    .filter(SolveEvent.Warned.class::isInstance)
                    .map(e -> ((SolveEvent.Warned) e).warning())
                    .toList();
            assertEquals(r.warnings(), streamed, "each warning is also an event, as it happens");
        }
    }
}
