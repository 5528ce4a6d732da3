package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.NodeType;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class D3MasTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();

    private static ReasoningResult answer(String text) {
        return new ReasoningResult(text, text, List.of(), 0.9, List.of(), List.of(), TokenCount.ZERO, 0);
    }

    private static D3Mas.Builder team(Agent a, Agent b) {
        return D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "geography capitals rivers", a)
                .agent("history", "history people dates", b)
                .withoutMessagePassing();
    }

    @Test
    void should_reject_bad_queries_with_a_message_saying_what_to_fix() {
        try (D3Mas d = team(r -> answer("x"), r -> answer("y")).build()) {
            assertThrows(InvalidInputException.class, () -> d.solve(null));
            assertTrue(assertThrows(InvalidInputException.class, () -> d.solve("  "))
                    .getMessage()
                    .contains("blank"));
            String longQuery = "a".repeat(10_001);
            assertTrue(assertThrows(InvalidInputException.class, () -> d.solve(longQuery))
                    .getMessage()
                    .contains("maxQueryLength"));
        }
    }

    @Test
    void should_reject_bad_teams() {
        assertTrue(assertThrows(
                        InvalidInputException.class,
                        () -> D3Mas.builder().embeddingModel(MODEL).build())
                .getMessage()
                .contains("at least one agent"));
        assertTrue(assertThrows(InvalidInputException.class, () -> D3Mas.builder()
                        .embeddingModel(MODEL)
                        .agent("a", "one", r -> answer("x"))
                        .agent("a", "two", r -> answer("y"))
                        .build())
                .getMessage()
                .contains("duplicate agent id 'a'"));
        assertTrue(assertThrows(InvalidInputException.class, () -> D3Mas.builder()
                        .agent("a", "one", r -> answer("x"))
                        .build())
                .getMessage()
                .contains("embeddingModel"));
        InvalidInputException mismatch = assertThrows(InvalidInputException.class, () -> D3Mas.builder()
                .embeddingModel(MODEL)
                .memoryStore(new InMemoryMemoryStore(1024))
                .agent("a", "one", r -> answer("x"))
                .build());
        assertTrue(
                mismatch.getMessage().contains("256") && mismatch.getMessage().contains("1024"), mismatch.getMessage());
    }

    @Test
    void should_reject_knowledge_for_an_unknown_agent() {
        try (D3Mas d = team(r -> answer("x"), r -> answer("y")).build()) {
            assertTrue(assertThrows(InvalidInputException.class, () -> d.remember("nobody", "fact", "s"))
                    .getMessage()
                    .contains("nobody"));
        }
    }

    @Test
    void should_reassign_the_task_of_a_failing_agent_and_keep_the_answer() {
        Agent failing = r -> {
            throw new IllegalStateException("boom");
        };
        try (D3Mas d = team(failing, r -> answer("Paris")).build()) {
            SolveResult result = d.solve("What is the capital of France, the geography capital?");
            assertEquals("Paris", result.answer());
            assertTrue(
                    result.warnings().stream()
                            .anyMatch(w ->
                                    w.message().contains("boom") && w.message().contains("reassigned")),
                    result.warnings().toString());
        }
    }

    @Test
    void should_time_out_an_agent_that_never_returns_and_finish() {
        CountDownLatch never = new CountDownLatch(1);
        Agent hanging = r -> {
            never.await();
            return answer("never");
        };
        SolveSettings fast = SolveSettings.builder()
                .taskTimeout(Duration.ofMillis(200))
                .maxReassignments(0)
                .build();
        try (D3Mas d = team(hanging, hanging).settings(fast).build()) {
            SolveResult result = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> d.solve("Which river?"));
            assertEquals("No answer could be found for this query.", result.answer());
            assertTrue(
                    result.warnings().stream().anyMatch(w -> w.message().contains("taskTimeout")),
                    result.warnings().toString());
        }
    }

    @Test
    void should_throw_and_keep_the_interrupt_flag_when_the_caller_is_interrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Agent slow = r -> {
            started.countDown();
            Thread.sleep(30_000);
            return answer("late");
        };
        try (D3Mas d = team(slow, slow).build()) {
            List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger flag = new AtomicInteger();
            Thread caller = new Thread(() -> {
                try {
                    d.solve("Which river flows through Paris?");
                } catch (Throwable t) {
                    thrown.add(t);
                    flag.set(Thread.currentThread().isInterrupted() ? 1 : 0);
                }
            });
            caller.start();
            started.await();
            caller.interrupt();
            caller.join(5_000);
            assertFalse(caller.isAlive());
            assertTrue(thrown.get(0) instanceof SolveInterruptedException, thrown.toString());
            assertEquals(1, flag.get());
        }
    }

    @Test
    void should_break_a_dependency_cycle_and_still_answer() {
        D3Mas.Builder b = team(r -> answer("a:" + r.task()), r -> answer("b:" + r.task()))
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(List.of(
                                SubTask.dependingOn("Where is the Seine river?", 1),
                                SubTask.dependingOn("Who was Napoleon in history?", 0))));
        try (D3Mas d = b.build()) {
            SolveResult result = d.solve("Tell me about the Seine and Napoleon");
            assertTrue(
                    result.warnings().stream().anyMatch(w -> w.message().contains("cycle")),
                    result.warnings().toString());
            assertEquals(2, result.assignments().size());
            assertFalse(result.answer().isBlank());
        }
    }

    @Test
    void should_cap_a_decomposition_with_thousands_of_sub_tasks() {
        D3Mas.Builder b = team(r -> answer("x"), r -> answer("y"))
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(IntStream.range(0, 5000)
                                .mapToObj(i -> SubTask.of("distinct sub task number w" + i + " about river"))
                                .toList()));
        try (D3Mas d = b.build()) {
            SolveResult result = d.solve("A broad question");
            assertEquals(8, result.assignments().size());
            assertTrue(result.warnings().stream()
                    .anyMatch(w -> w.message().contains("5000") && w.message().contains("maxSubTasks")));
        }
    }

    @Test
    void should_record_a_warning_when_the_decomposer_fails_or_returns_an_empty_list() {
        D3Mas.Builder b = team(r -> answer("x"), r -> answer("y")).decomposer(r -> Decomposition.of(List.of()));
        try (D3Mas d = b.build()) {
            SolveResult result = d.solve("A question about rivers");
            assertEquals("x", result.answer());
            assertTrue(
                    result.warnings().stream().anyMatch(w -> w.message().contains("Decomposition.atomic")),
                    result.warnings().toString());
        }
    }

    @Test
    void should_run_independent_tasks_in_parallel_and_dependents_after_their_prerequisites() {
        // The three independent tasks meet at a barrier: it opens only if all three run at once (no sleeps, no
        // timing); the timeout is a hang guard for a scheduler that runs them one by one.
        CyclicBarrier together = new CyclicBarrier(3);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Agent sleepy = r -> {
            if (!r.task().startsWith("delta")) {
                together.await(30, TimeUnit.SECONDS);
            }
            order.add(r.task());
            return answer("done " + r.task());
        };
        D3Mas.Builder b = team(sleepy, sleepy)
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(List.of(
                                SubTask.of("alpha river"),
                                SubTask.of("beta mountain"),
                                SubTask.of("gamma lake"),
                                SubTask.dependingOn("delta from {{0}} and {{2}}", 0, 2))));
        try (D3Mas d = b.build()) {
            SolveResult result = d.solve("Four things");
            assertTrue(
                    result.warnings().isEmpty(),
                    "the three independent tasks did not run at once: " + result.warnings());
            assertEquals("delta from done alpha river and done gamma lake", order.get(3));
            assertEquals(4, result.usage().agentCalls());
        }
    }

    @Test
    void should_emit_an_event_for_every_step_and_survive_a_throwing_listener() {
        List<SolveEvent> events = Collections.synchronizedList(new ArrayList<>());
        D3Mas.Builder b = team(r -> answer("x"), r -> answer("y"))
                .listener(events::add)
                .listener(e -> {
                    throw new IllegalStateException("listener bug");
                });
        try (D3Mas d = b.build()) {
            d.remember("geo", "The Seine flows through Paris.", "atlas");
            d.solve("Which river flows through Paris and what is the capital of Italy?");
        }
        for (Class<?> type : List.of(
                SolveEvent.Decomposed.class,
                SolveEvent.Assigned.class,
                SolveEvent.Retrieved.class,
                SolveEvent.Reasoned.class,
                SolveEvent.Finished.class)) {
            assertTrue(events.stream().anyMatch(type::isInstance), "missing " + type.getSimpleName());
        }
    }

    @Test
    void should_throw_the_store_refusal_with_the_search_failure_attached_when_the_store_is_down() {
        IllegalStateException refused = new IllegalStateException("connection refused on write");
        IllegalStateException unreadable = new IllegalStateException("connection refused on read");
        io.d3mas.memory.MemoryStore down = org.mockito.Mockito.mock(io.d3mas.memory.MemoryStore.class);
        org.mockito.Mockito.when(down.dimension()).thenReturn(java.util.OptionalInt.empty());
        org.mockito.Mockito.doThrow(refused).when(down).addAll(org.mockito.ArgumentMatchers.anyList());
        org.mockito.Mockito.when(down.search(org.mockito.ArgumentMatchers.any()))
                .thenThrow(unreadable);
        try (D3Mas d = team(new RetrievalAgent(), new RetrievalAgent())
                .memoryStore(down)
                .build()) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> d.remember("geo", "The Seine flows through Paris.", "atlas"));
            assertEquals(refused, e, "the write's failure, not the search's");
            assertEquals(List.of(unreadable), List.of(e.getSuppressed()));
        }
    }

    @Test
    void should_give_each_built_team_its_own_default_store() {
        D3Mas.Builder b = team(new RetrievalAgent(), new RetrievalAgent());
        try (D3Mas first = b.build();
                D3Mas second = b.build()) {
            first.remember("geo", "The Seine flows through Paris.", "atlas");
            assertFalse(first.memory() == second.memory(), "two build() calls shared one default store");
            assertEquals(0, ((InMemoryMemoryStore) second.memory()).size());
        }
    }

    @Test
    void should_remember_the_same_knowledge_once_and_return_its_id_again() {
        InMemoryMemoryStore store = new InMemoryMemoryStore();
        String first;
        try (D3Mas d = team(new RetrievalAgent(), new RetrievalAgent())
                .memoryStore(store)
                .build()) {
            first = d.remember("geo", "The Seine flows through Paris.", "atlas");
            assertEquals(first, d.remember("geo", "The Seine flows through Paris.", "atlas"));
            assertEquals(1, store.size());
            // the same text for another agent is that agent's knowledge: a second record
            assertFalse(first.equals(d.remember("history", "The Seine flows through Paris.", "atlas")));
            assertEquals(2, store.size());
        }
        // a restarted application remembering its facts again into a persistent store
        try (D3Mas again = team(new RetrievalAgent(), new RetrievalAgent())
                .memoryStore(store)
                .build()) {
            assertEquals(
                    List.of(first, again.remember("history", "The Seine flows through Paris.", "atlas")),
                    again.rememberAll(List.of(
                            new io.d3mas.memory.Knowledge("geo", "The Seine flows through Paris.", "atlas"),
                            new io.d3mas.memory.Knowledge("history", "The Seine flows through Paris.", "atlas"))));
            assertEquals(2, store.size());
        }
    }

    @Test
    void should_measure_full_task_redundancy_when_every_agent_answers_the_whole_query() {
        try (D3Mas d = team(new RetrievalAgent(), new RetrievalAgent()).build()) {
            d.remember("geo", "The Seine flows through Paris.", "atlas");
            d.remember("history", "The Seine river was important in history.", "book");
            SolveResult flat = d.solve(
                    "Which river flows through Paris?",
                    d.settings().toBuilder().ablation(Ablation.FLAT).build());
            assertEquals(1.0, flat.metrics().task(), 1e-9);
            assertEquals(1, flat.metrics().taskPairs());
            assertTrue(flat.layers().isEmpty());
            assertTrue(flat.components().get("decomposer").startsWith("off"));
            assertEquals(2, flat.graph().nodes(NodeType.REASONING).size());
        }
    }

    @Test
    void should_merge_duplicate_sub_tasks_and_count_the_saved_call() {
        AtomicInteger calls = new AtomicInteger();
        Agent counting = r -> {
            calls.incrementAndGet();
            return answer("answer to " + r.task());
        };
        D3Mas.Builder b = team(counting, counting)
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(List.of(
                                SubTask.of("capital of France"),
                                SubTask.of("capital of France"),
                                SubTask.of("river of Paris"))));
        try (D3Mas d = b.build()) {
            SolveResult result = d.solve("Everything about France");
            assertEquals(2, calls.get());
            assertEquals(1, result.usage().callsSaved());
            assertEquals(2, result.usage().agentCalls());
        }
    }

    @Test
    void should_embed_the_query_with_its_sub_tasks_and_every_conclusion_once() {
        List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
        EmbeddingModel recording = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                calls.add(segments.stream().map(TextSegment::text).toList());
                return MODEL.embedAll(segments);
            }
        };
        D3Mas.Builder b = D3Mas.builder()
                .embeddingModel(recording)
                .agent("geo", "geography capitals rivers", r -> answer("answer to " + r.task()))
                .withoutMessagePassing()
                .decomposer(r -> r.depth() > 0
                        ? Decomposition.atomicTask()
                        : Decomposition.of(List.of(SubTask.of("capital of France"), SubTask.of("river of Paris"))));
        try (D3Mas d = b.build()) {
            calls.clear(); // the builder's probe and the profile
            SolveResult result = d.solve("Everything about France");
            assertEquals(List.of("Everything about France", "capital of France", "river of Paris"), calls.get(0));
            List<String> embedded = calls.stream().flatMap(List::stream).toList();
            assertEquals(1, Collections.frequency(embedded, "Everything about France"), embedded.toString());
            assertEquals(1, Collections.frequency(embedded, "answer to capital of France"), embedded.toString());
            assertEquals(1, Collections.frequency(embedded, "answer to river of Paris"), embedded.toString());
            assertTrue(result.trace().graph().nodes(NodeType.REASONING).stream().allMatch(n -> n.embedding() != null));
            assertTrue(result.trace().graph().nodes(NodeType.TASK).stream().allMatch(n -> n.embedding() != null));
        }
    }

    @Test
    void should_refuse_to_solve_after_close() {
        D3Mas d = team(r -> answer("x"), r -> answer("y")).build();
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, () -> d.solve("anything"));
    }
}
