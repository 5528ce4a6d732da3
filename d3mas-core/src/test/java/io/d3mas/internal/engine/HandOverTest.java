package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.Ablation;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.agent.Premise;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.memory.MemoryHit;
import io.d3mas.metrics.TokenCount;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** "Each agent accesses only what others have not obtained" (paper §3.3), for tasks running at the same time. */
class HandOverTest {

    private static final String FACT = "Marie Curie and Pierre Curie shared the 1903 Nobel Prize in Physics.";

    /** Answers from the shared fact in memory or a premise; in round 0 waits until the other agent runs too. */
    static final class CurieAgent implements Agent {
        final String answer;
        final CyclicBarrier together;
        final List<ReasoningRequest> requests = new CopyOnWriteArrayList<>();

        CurieAgent(String answer, CyclicBarrier together) {
            this.answer = answer;
            this.together = together;
        }

        @Override
        public ReasoningResult reason(ReasoningRequest request) throws Exception {
            requests.add(request);
            if (request.round() == 0) {
                together.await(10, TimeUnit.SECONDS); // fails the solve's task if the other never runs alongside
            }
            List<String> memory = request.memory().stream()
                    .filter(h -> h.record().content().equals(FACT))
                    .map(h -> h.record().id())
                    .toList();
            List<String> premises = request.premises().stream()
                    .map(Premise::conclusion)
                    .filter(c -> c.contains("1903"))
                    .toList();
            if (memory.isEmpty() && premises.isEmpty()) {
                return ReasoningResult.unanswered(List.of(request.task()));
            }
            return new ReasoningResult(answer, FACT, premises, 0.9, List.of(), memory, TokenCount.ZERO, 0);
        }
    }

    /** Two agents with two independent tasks that both find the one shared fact. */
    private static D3Mas curies(CurieAgent marie, CurieAgent pierre, SolveSettings.Builder settings) {
        return Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q",
                        List.of(
                                SubTask.of("When did Marie Curie win the Nobel Prize?"),
                                SubTask.of("When did Pierre Curie win the Nobel Prize?")))))
                .agent("marie", "Marie", marie)
                .agent("pierre", "Pierre", pierre)
                .settings(settings.build())
                .build();
    }

    @Test
    void should_give_memory_claimed_by_a_running_task_to_no_second_agent_and_hand_over_its_conclusion() {
        CyclicBarrier together = new CyclicBarrier(2);
        CurieAgent marie = new CurieAgent("1903", together);
        CurieAgent pierre = new CurieAgent("1903", together);
        try (D3Mas team = curies(marie, pierre, SolveSettings.builder().threshold(0.5))) {
            String id = team.remember("marie", FACT, "encyclopedia");
            SolveResult r = team.solve("q");

            assertEquals(0, together.getNumberWaiting());
            assertTrue(!together.isBroken(), "both tasks ran at the same time: " + r.warnings());
            long gotIt = marie.requests.stream().filter(q -> has(q, id)).count()
                    + pierre.requests.stream().filter(q -> has(q, id)).count();
            assertEquals(1, gotIt, "exactly one agent retrieves the shared fact");
            assertEquals(
                    List.of(id),
                    r.retrievals().stream().map(x -> x.recordId()).distinct().toList());
            assertEquals(1, LedgerTest.agentsThatRetrieved(r, id).size());
            assertEquals(0.0, r.metrics().memory(), 1e-12);
            assertEquals("1903", r.answer());
            assertEquals(1, r.graph().edges(EdgeType.DEPEND).size(), "the other agent builds on the claimer's step");
            List<String> handedTo = r.graph().nodes(NodeType.REASONING).stream()
                    .filter(n -> n.attributes().getOrDefault(Node.HANDED_OVER, List.of()) instanceof List<?> l
                            && l.contains(id))
                    .map(Node::agentId)
                    .distinct()
                    .toList();
            assertEquals(1, handedTo.size(), "the receiving step records the fact it got as a conclusion");
            assertTrue(!LedgerTest.agentsThatRetrieved(r, id).contains(handedTo.get(0)));
        }
    }

    @Test
    void should_let_every_task_retrieve_on_its_own_in_the_no_hand_over_ablation() {
        CyclicBarrier together = new CyclicBarrier(2);
        CurieAgent marie = new CurieAgent("1903", together);
        CurieAgent pierre = new CurieAgent("1903", together);
        try (D3Mas team =
                curies(marie, pierre, SolveSettings.builder().threshold(0.5).ablation(Ablation.NO_HAND_OVER))) {
            String id = team.remember("marie", FACT, "encyclopedia");
            SolveResult r = team.solve("q");

            assertTrue(has(marie.requests.get(0), id) && has(pierre.requests.get(0), id));
            assertEquals(2, LedgerTest.agentsThatRetrieved(r, id).size());
            assertEquals(1.0, r.metrics().memory(), 1e-12);
            assertEquals(List.of(), r.graph().edges(EdgeType.DEPEND));
        }
    }

    @Test
    void should_give_fresh_memory_before_what_another_agent_read_and_did_not_use() {
        List<ReasoningRequest> second = new CopyOnWriteArrayList<>();
        String[] x = new String[1];
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q",
                        List.of(SubTask.of("alpha beta gamma?"), SubTask.dependingOn("beta delta epsilon alpha?", 0)))))
                .agent(
                        "a",
                        "gamma",
                        r -> new ReasoningResult(
                                "X", "alpha beta gamma", List.of(), 0.9, List.of(), List.of(x[0]), TokenCount.ZERO, 0))
                .agent("b", "delta epsilon", r -> {
                    second.add(r);
                    return Scripted.answer("Z", 0.9);
                })
                .settings(SolveSettings.builder().topK(2).threshold(0.5).build())
                .build()) {
            x[0] = team.remember("a", "alpha beta gamma", "s");
            String y = team.remember("a", "alpha beta delta", "s");
            String z = team.remember("b", "beta epsilon", "s");
            SolveResult r = team.solve("q");

            // by score the second task would read y (0.87), then z (0.71); agent a read y for the first task and did
            // not use it, and its conclusion rests on x, which comes as a premise
            ReasoningRequest request = second.get(0);
            assertEquals(
                    List.of(z),
                    request.memory().stream().map(h -> h.record().id()).toList());
            assertEquals(1, request.premises().size());
            assertEquals(
                    List.of(),
                    LedgerTest.agentsThatRetrieved(r, y).stream()
                            .filter("b"::equals)
                            .toList());
            assertEquals(0.0, r.metrics().memory(), 1e-12);
        }
    }

    private static boolean has(ReasoningRequest q, String recordId) {
        for (MemoryHit h : q.memory()) {
            if (h.record().id().equals(recordId)) {
                return true;
            }
        }
        return false;
    }
}
