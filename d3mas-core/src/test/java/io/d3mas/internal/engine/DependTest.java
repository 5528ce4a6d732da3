package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Premise;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.task.SubTask;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DEPEND goes from a step to an earlier step whose conclusion it used; equal conclusions are not dependency. */
class DependTest {

    private static final String FACT = "Paris is the capital of France.";

    @Test
    void should_not_link_two_steps_that_reach_the_same_conclusion_independently() {
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q",
                        List.of(
                                SubTask.of("What is the capital of France?"),
                                SubTask.of("Which city is France's capital?")))))
                .agent("a", "capital France", r -> Scripted.answer("Paris", FACT, 0.9, List.of(FACT)))
                .agent("b", "city capital", r -> Scripted.answer("Paris", FACT, 0.9, List.of(FACT)))
                .settings(SolveSettings.builder().maxConcurrency(1).build())
                .build()) {
            SolveResult r = team.solve("q");

            assertEquals(List.of(), r.graph().edges(EdgeType.DEPEND));
            assertEquals(1.0, r.metrics().reasoning(), 1e-9, "the same conclusion twice is reasoning redundancy");
        }
    }

    @Test
    void should_link_a_step_to_the_prerequisite_whose_conclusion_it_used() {
        Map<String, String> conclusions = Map.of(
                "What is the capital of France?",
                FACT,
                "Which river flows through Paris?",
                "The Seine flows through Paris.");
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q",
                        List.of(
                                SubTask.of("What is the capital of France?"),
                                SubTask.dependingOn("Which river flows through {{0}}?", 0)))))
                .agent("a", "capital France", r -> {
                    String c = conclusions.get(r.task());
                    List<String> premises =
                            r.premises().stream().map(Premise::conclusion).toList();
                    return Scripted.answer(c.split(" ")[c.startsWith("The") ? 1 : 0], c, 0.9, premises);
                })
                .build()) {
            SolveResult r = team.solve("q");

            List<Edge> depend = r.graph().edges(EdgeType.DEPEND);
            assertEquals(1, depend.size(), depend.toString());
            assertEquals("r1", depend.get(0).from());
            assertEquals("r0", depend.get(0).to());
        }
    }

    @Test
    void should_keep_depend_edges_acyclic_and_pointing_to_earlier_steps_in_offline_solves() {
        RetrievalAgent agent = new RetrievalAgent();
        try (D3Mas team = Scripted.team()
                .agent("geo", "capitals rivers countries cities", agent)
                .agent("history", "people born dates", agent)
                .agent("arts", "novels painters authors", agent)
                .build()) {
            team.remember("geo", FACT, "atlas");
            team.remember("geo", "The Seine flows through Paris.", "atlas");
            team.remember("geo", "Rome is the capital of Italy.", "atlas");
            team.remember("geo", "The Tiber flows through Rome.", "atlas");
            team.remember("history", "Paris is the capital of France since 987.", "chronicle");
            team.remember("arts", "Herman Melville wrote Moby-Dick.", "library");
            team.remember("arts", "Moby-Dick is the novel that features Captain Ahab.", "library");
            for (String q : List.of(
                    "Which river flows through the capital of France?",
                    "What is the capital of France and what is the capital of Italy?",
                    "Which river flows through the capital of Italy?",
                    "Who wrote the novel that features Captain Ahab?",
                    "What is the capital of France; which country has Paris as its capital?")) {
                GraphSnapshot g = team.solve(q).graph();
                for (Edge e : g.edges(EdgeType.DEPEND)) {
                    assertTrue(number(e.from()) > number(e.to()), q + ": " + e + " points to a later step");
                }
                assertAcyclic(g, q);
            }
        }
    }

    private static int number(String reasoningId) {
        return Integer.parseInt(reasoningId.substring(1));
    }

    static void assertAcyclic(GraphSnapshot g, String what) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Edge e : g.edges(EdgeType.DEPEND)) {
            out.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.to());
        }
        for (String start : out.keySet()) {
            Deque<String> todo = new ArrayDeque<>(out.get(start));
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String n = todo.poll();
                assertTrue(!n.equals(start), what + ": DEPEND cycle through " + start);
                if (seen.add(n)) {
                    todo.addAll(out.getOrDefault(n, Set.of()));
                }
            }
        }
    }
}
