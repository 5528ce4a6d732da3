package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.graph.NodeType;
import io.d3mas.task.SubTask;
import io.d3mas.trace.ReuseDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step 6's reuse: only the same question, never a task's own prerequisite, every decision in the trace. */
class ReuseTest {

    private static final String BRIDGE = "Who wrote the novel that features Captain Ahab?";

    private static ReuseDecision single(List<ReuseDecision> decisions) {
        assertEquals(1, decisions.size(), decisions.toString());
        return decisions.get(0);
    }

    @Test
    void should_never_reuse_the_conclusion_of_a_prerequisite() {
        Scripted.TableAgent lit = new Scripted.TableAgent(
                Map.of("Which novel features Captain Ahab?", "Moby-Dick", BRIDGE, "Herman Melville"));
        // the second sub-task needs the first, and the two are 0.89 similar: above this reuse threshold
        SolveSettings settings = SolveSettings.builder().reuseThreshold(0.85).build();
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        BRIDGE,
                        List.of(SubTask.of("Which novel features Captain Ahab?"), SubTask.dependingOn(BRIDGE, 0)))))
                .agent("lit", "novels authors literature", lit)
                .settings(settings)
                .build()) {
            SolveResult r = team.solve(BRIDGE);

            assertEquals("Herman Melville", r.answer());
            assertEquals(0, r.usage().callsSaved());
            assertEquals(List.of("Which novel features Captain Ahab?", BRIDGE), lit.tasks());
            assertEquals(2, r.graph().nodes(NodeType.REASONING).size());
            ReuseDecision d = single(r.trace().reuses());
            assertEquals(BRIDGE, d.task());
            assertEquals("Which novel features Captain Ahab?", d.candidateTask());
            assertEquals(0.894, d.similarity(), 1e-3);
            assertFalse(d.reused());
            assertTrue(d.reason().contains("prerequisite"), d.reason());
        }
    }

    @Test
    void should_neither_merge_nor_reuse_a_task_that_asks_for_another_kind_of_answer() {
        // the same content words, so the same test embedding (similarity 1): only the question word differs
        Scripted.TableAgent bio = new Scripted.TableAgent(Map.of(
                "When was Einstein born?", "1879",
                "Where was Einstein born?", "Ulm"));
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q", List.of(SubTask.of("When was Einstein born?"), SubTask.of("Where was Einstein born?")))))
                .agent("bio", "people born birth", bio)
                .settings(SolveSettings.builder().maxConcurrency(1).build())
                .build()) {
            SolveResult r = team.solve("q");

            assertEquals("1879; Ulm", r.answer());
            assertEquals(0, r.usage().callsSaved());
            assertEquals(2, bio.requests.size());
            ReuseDecision d = single(r.trace().reuses());
            assertEquals(1.0, d.similarity(), 1e-9);
            assertFalse(d.reused());
            assertTrue(d.reason().contains("a time") && d.reason().contains("a place"), d.reason());
        }
    }

    @Test
    void should_reuse_the_same_question_asked_twice_and_save_the_call() {
        Scripted.TableAgent art = new Scripted.TableAgent(Map.of(
                "Which painting hangs in the Louvre?", "the Mona Lisa",
                "Who painted the Mona Lisa?", "Leonardo da Vinci"));
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q",
                        List.of(
                                SubTask.of("Which painting hangs in the Louvre?"),
                                SubTask.of("Who painted the Mona Lisa?"),
                                // filled in, this is the question above: reused, not asked again
                                SubTask.dependingOn("Who painted {{0}}?", 0)))))
                .agent("art", "paintings painters", art)
                .settings(SolveSettings.builder().maxConcurrency(1).build())
                .build()) {
            SolveResult r = team.solve("q");

            assertEquals(1, r.usage().callsSaved());
            assertEquals(2, art.requests.size());
            assertEquals("Leonardo da Vinci", r.answer());
            ReuseDecision d = single(r.trace().reuses());
            assertTrue(d.reused());
            assertEquals("t3", d.taskId());
            assertEquals("Who painted the Mona Lisa?", d.task());
            assertEquals("t2", d.candidateTaskId());
            assertEquals(1.0, d.similarity(), 1e-9);
            assertEquals("the same question", d.reason());
        }
    }
}
