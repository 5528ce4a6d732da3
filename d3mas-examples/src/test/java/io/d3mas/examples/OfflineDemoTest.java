package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.trace.TraceJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The offline pipeline end to end on the shipped knowledge base, with real BGE-small embeddings. */
class OfflineDemoTest {

    private static BgeEmbeddingModel model;
    private static D3Mas team;

    @BeforeAll
    static void buildTeam() {
        model = DemoTeam.embeddingModel();
        team = DemoTeam.build(model);
    }

    @AfterAll
    static void close() {
        team.close();
        model.close();
    }

    @Test
    void should_answer_the_shipped_multi_hop_questions() {
        List<String> missed = new ArrayList<>();
        List<DemoKnowledge.Question> questions = DemoKnowledge.questions();
        for (DemoKnowledge.Question q : questions) {
            SolveResult r = team.solve(q.text());
            if (!q.isAnsweredBy(r.answer())) {
                missed.add(q.text() + " -> " + r.answer());
            }
        }
        assertTrue(questions.size() >= 10);
        assertTrue(missed.isEmpty(), "missed: " + missed);
    }

    @Test
    void should_answer_them_all_with_feedback_forced_and_message_passing_on() {
        SolveSettings forced = SolveSettings.builder().minConfidence(0.99).build();
        List<String> missed = new ArrayList<>();
        int feedbackSteps = 0;
        for (DemoKnowledge.Question q : DemoKnowledge.questions()) {
            SolveResult r = team.solve(q.text(), forced);
            assertTrue(r.trace().propagation().ran(), r.trace().propagation().toString());
            assertTrue(
                    r.warnings().stream().noneMatch(w -> w.message().contains("over-smoothed")),
                    r.warnings().toString());
            feedbackSteps += (int) r.graph().nodes(NodeType.REASONING).stream()
                    .filter(n -> !Integer.valueOf(0).equals(n.attributes().get("round")))
                    .count();
            if (!q.isAnsweredBy(r.answer())) {
                missed.add(q.text() + " -> " + r.answer());
            }
        }
        assertTrue(feedbackSteps > 0, "feedback ran");
        assertTrue(missed.isEmpty(), "missed: " + missed);
    }

    @Test
    void should_build_all_three_layers_for_a_bridge_question() {
        SolveResult r = team.solve("Which river flows through the capital of France?");
        GraphSnapshot g = r.graph();
        assertEquals(3, g.nodes(NodeType.TASK).size());
        assertEquals(2, g.edges(EdgeType.DECOMPOSE).size());
        assertEquals(2, g.edges(EdgeType.TRIGGER).size());
        assertTrue(g.edges(EdgeType.GROUND).size() >= 2);
        assertTrue(g.edges(EdgeType.RETRIEVE).size() >= 2);
        // the second hop builds on the first hop's conclusion
        assertEquals(1, g.edges(EdgeType.DEPEND).size());
        assertTrue(r.components().get("agent:geo").contains("RetrievalAgent"));
        assertEquals(0, r.usage().totalTokens().total());
        for (Node m : g.nodes(NodeType.MEMORY)) {
            assertTrue(m.agentId() != null && !m.provenance().source().isBlank());
        }
    }

    @Test
    void should_compute_the_metrics_as_defined_from_the_trace() {
        for (String q : List.of(
                "Which is longer, the Nile or the Amazon?",
                "Who is older, Marie Curie or Albert Einstein?",
                "What is the capital of Japan and what is the capital of Italy?")) {
            SolveResult r = team.solve(q);
            GraphSnapshot g = r.graph();
            // memory: every RETRIEVE edge's reasoning node names the agent that brought that memory in
            Map<String, Set<String>> retrievedBy = new HashMap<>();
            for (var e : g.edges(EdgeType.RETRIEVE)) {
                retrievedBy
                        .computeIfAbsent(e.to(), k -> new HashSet<>())
                        .add(g.node(e.from()).agentId());
            }
            assertEquals(
                    RedundancyMetrics.memoryRedundancy(retrievedBy), r.metrics().memory(), 1e-12, q);
            assertEquals(retrievedBy.size(), r.metrics().memoryNodes(), q);
            // task pairs: atomic tasks assigned to different agents
            List<String> agents = new ArrayList<>(r.assignments().values());
            int pairs = 0;
            for (int i = 0; i < agents.size(); i++) {
                for (int j = i + 1; j < agents.size(); j++) {
                    pairs += agents.get(i).equals(agents.get(j)) ? 0 : 1;
                }
            }
            assertEquals(pairs, r.metrics().taskPairs(), q);
            assertTrue(r.metrics().reasoning() >= 0 && r.metrics().reasoning() <= 1);
        }
    }

    @Test
    void should_round_trip_the_trace_through_json() {
        SolveResult r = team.solve("Who founded the company that makes the iPhone?");
        assertEquals(r.trace(), TraceJson.fromJson(TraceJson.toJson(r.trace())));
    }

    @Test
    void should_serve_many_concurrent_solves_on_one_instance() throws Exception {
        List<DemoKnowledge.Question> questions = DemoKnowledge.questions();
        Map<String, String> expected = new HashMap<>();
        for (DemoKnowledge.Question q : questions) {
            expected.put(q.text(), team.solve(q.text()).answer());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<SolveResult>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String q = questions.get(i % questions.size()).text();
            futures.add(pool.submit(() -> team.solve(q)));
        }
        for (Future<SolveResult> f : futures) {
            SolveResult r = f.get();
            assertEquals(expected.get(r.trace().query()), r.answer(), r.trace().query());
        }
        pool.shutdown();
    }
}
