package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.Ablation;
import io.d3mas.D3Mas;
import io.d3mas.Layer;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.trace.Assignment;
import io.d3mas.trace.FeedbackRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Step 7's feedback: its own switch, queries in the store's dimension, truthful convergence. */
class FeedbackTest {

    private static final String TASK = "What is the capital of France?";

    /** Unsure in round 0, sure from round 1 on; records its requests. */
    static final class Hesitant implements Agent {
        final List<ReasoningRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public ReasoningResult reason(ReasoningRequest request) {
            requests.add(request);
            return Scripted.answer("Paris", request.round() == 0 ? 0.3 : 0.9);
        }
    }

    @Test
    void should_run_feedback_rounds_without_message_passing() {
        Hesitant agent = new Hesitant();
        try (D3Mas team = Scripted.team().agent("geo", "capitals", agent).build()) {
            SolveResult r = team.solve(TASK);

            assertEquals(2, agent.requests.size(), "round 0, then one feedback round");
            assertEquals(1, agent.requests.get(1).round());
            assertEquals("Paris", r.answer());
            assertEquals(FeedbackRecord.Stop.NO_WEAK_TASKS, r.trace().feedback().stop());
            assertEquals(1, r.trace().feedback().rounds().size());
            assertEquals(null, r.trace().feedback().rounds().get(0).largestMove(), "no message passing, no move");
        }
    }

    @Test
    void should_give_a_task_its_agent_could_not_answer_to_the_next_best_agent() {
        Scripted.TableAgent specialist = new Scripted.TableAgent(Map.of());
        Scripted.TableAgent generalist = new Scripted.TableAgent(Map.of(TASK, "Paris"));
        try (D3Mas team = Scripted.team()
                .agent("specialist", "capital France", specialist)
                .agent("generalist", "anything", generalist)
                .build()) {
            SolveResult r = team.solve(TASK);

            assertEquals("Paris", r.answer());
            assertEquals(1, specialist.requests.size());
            assertEquals(1, generalist.requests.size());
            assertEquals(1, generalist.requests.get(0).round());
            Assignment passed =
                    r.trace().assignments().get(r.trace().assignments().size() - 1);
            assertEquals(Assignment.Reason.NO_ANSWER, passed.reason());
            assertEquals("generalist", passed.agentId());
            assertTrue(passed.detail().contains("'specialist' concluded nothing"), passed.detail());
        }
    }

    @Test
    void should_switch_feedback_off_on_its_own() {
        Hesitant agent = new Hesitant();
        try (D3Mas team = Scripted.team()
                .agent("geo", "capitals", agent)
                .settings(SolveSettings.builder().ablation(Ablation.NO_FEEDBACK).build())
                .build()) {
            SolveResult r = team.solve(TASK);

            assertEquals(1, agent.requests.size());
            assertEquals(FeedbackRecord.Stop.SWITCHED_OFF, r.trace().feedback().stop());
            assertTrue(r.layers().contains(Layer.MESSAGE_PASSING) && !r.layers().contains(Layer.FEEDBACK));
        }
    }

    @Test
    void should_stop_when_a_round_improves_nothing() {
        List<ReasoningRequest> requests = new CopyOnWriteArrayList<>();
        try (D3Mas team = Scripted.team()
                .agent("geo", "capitals", r -> {
                    requests.add(r);
                    return Scripted.answer("Paris", 0.3);
                })
                .settings(SolveSettings.builder().maxFeedbackRounds(5).build())
                .build()) {
            SolveResult r = team.solve(TASK);

            assertEquals(2, requests.size());
            assertEquals(FeedbackRecord.Stop.NOT_IMPROVED, r.trace().feedback().stop());
        }
    }

    @Test
    void should_stop_when_the_nodes_present_in_both_rounds_did_not_move() {
        List<ReasoningRequest> requests = new CopyOnWriteArrayList<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(Scripted.MODEL)
                .messagePassing(new Identity())
                .agent("geo", "capitals", r -> {
                    requests.add(r);
                    // better every round, never sure: only convergence can end the rounds before the limit
                    return Scripted.answer("Paris", 0.1 + 0.1 * r.round());
                })
                .settings(SolveSettings.builder().maxFeedbackRounds(4).build())
                .build()) {
            SolveResult r = team.solve(TASK);

            assertEquals(2, requests.size(), "round 1 added a step, yet the old nodes did not move: converged");
            FeedbackRecord f = r.trace().feedback();
            assertEquals(FeedbackRecord.Stop.CONVERGED, f.stop(), f.toString());
            assertEquals(0.0, f.rounds().get(0).largestMove(), 1e-12);
            assertTrue(f.detail().contains("epsilon"), f.detail());
        }
    }

    /** Message passing that changes nothing and says it converged. */
    static final class Identity implements MessagePassing {
        @Override
        public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
            Map<String, float[]> out = new HashMap<>();
            graph.nodes().stream().filter(n -> n.embedding() != null).forEach(n -> out.put(n.id(), n.embedding()));
            return new PropagationResult(out, List.of(0.0), true);
        }
    }

    @Test
    void should_run_feedback_rounds_in_the_no_message_passing_ablation() {
        Hesitant agent = new Hesitant();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(Scripted.MODEL)
                .messagePassing(new Projecting(8))
                .agent("geo", "capitals", agent)
                .settings(SolveSettings.builder()
                        .ablation(Ablation.NO_MESSAGE_PASSING)
                        .build())
                .build()) {
            team.solve(TASK);

            assertEquals(2, agent.requests.size());
        }
    }

    @Test
    void should_query_memory_in_the_stores_dimension_when_message_passing_projects() {
        Hesitant agent = new Hesitant();
        Recording store = new Recording(new InMemoryMemoryStore(256));
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(Scripted.MODEL)
                .memoryStore(store)
                .messagePassing(new Projecting(8))
                .agent("geo", "capitals", agent)
                .build()) {
            team.remember("geo", "Paris is the capital of France.", "atlas");
            SolveResult r = team.solve(TASK);

            assertEquals(2, agent.requests.size());
            assertTrue(store.dimensions.stream().allMatch(d -> d == 256), store.dimensions.toString());
            assertTrue(
                    r.warnings().stream().noneMatch(w -> w.message().contains("memory store")),
                    r.warnings().toString());
            assertEquals(1, agent.requests.get(1).memory().size(), "the feedback round still finds the memory");
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("projects embeddings to dimension 8")),
                    r.warnings().toString());
        }
    }

    /** Message passing with a projection P: every embedding becomes a {@code d}-dimensional vector. */
    static final class Projecting implements MessagePassing {
        private final int d;

        Projecting(int d) {
            this.d = d;
        }

        @Override
        public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
            Map<String, float[]> out = new HashMap<>();
            for (Node n : graph.nodes()) {
                float[] h = n.embedding();
                if (h != null) {
                    float[] p = new float[d];
                    for (int i = 0; i < h.length; i++) {
                        p[i % d] += h[i];
                    }
                    out.put(n.id(), p);
                }
            }
            return new PropagationResult(out, List.of(0.5), false);
        }
    }

    /** A store that records the dimension of every query and rejects a wrong one, as real stores do. */
    static final class Recording implements MemoryStore {
        final MemoryStore inner;
        final List<Integer> dimensions = new CopyOnWriteArrayList<>();

        Recording(MemoryStore inner) {
            this.inner = inner;
        }

        @Override
        public void addAll(List<MemoryRecord> records) {
            inner.addAll(records);
        }

        @Override
        public List<MemoryHit> search(MemoryQuery query) {
            dimensions.add(query.embedding().length);
            return inner.search(query);
        }

        @Override
        public OptionalInt dimension() {
            return inner.dimension();
        }
    }
}
