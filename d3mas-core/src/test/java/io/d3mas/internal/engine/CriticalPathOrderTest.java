package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With fewer slots than ready tasks, the scheduler starts the tasks that head the longest chains of dependents
 * first (list scheduling by critical path), not the first in the decomposer's order.
 */
class CriticalPathOrderTest {

    private static final String QUERY = "Geography survey";

    private static final Map<String, List<SubTask>> PLAN = Map.of(
            QUERY,
            List.of(
                    SubTask.of("rivers of Europe"),
                    SubTask.of("lakes of Africa"),
                    SubTask.of("mountains of Asia"),
                    new SubTask("highest peak among {{2}}", List.of(2), true),
                    new SubTask("height of {{3}}", List.of(3), true)));

    private static final Map<String, String> ANSWERS = Map.of(
            "rivers of Europe", "Danube",
            "lakes of Africa", "Victoria",
            "mountains of Asia", "Himalaya",
            "highest peak among Himalaya", "Everest",
            "height of Everest", "8849 m");

    @Test
    void should_start_the_head_of_the_longest_chain_first_when_slots_are_short() {
        Scripted.TableAgent agent = new Scripted.TableAgent(ANSWERS);
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(PLAN))
                .agent("geo", "geography", agent)
                .settings(SolveSettings.builder()
                        .maxConcurrency(1)
                        .maxFeedbackRounds(0)
                        .build())
                .build()) {
            SolveResult r = team.solve(QUERY);

            // one slot: the chain mountains -> peak -> height starts first (in the decomposer's order it would
            // start third); then the longer remaining chain (peak -> height), then equals in the decomposer's order
            assertEquals(
                    List.of(
                            "mountains of Asia",
                            "highest peak among Himalaya",
                            "rivers of Europe",
                            "lakes of Africa",
                            "height of Everest"),
                    agent.tasks(),
                    r.warnings().toString());
        }
    }

    @Test
    void should_start_every_chain_head_before_lone_tasks_with_two_slots() {
        Scripted.TableAgent agent = new Scripted.TableAgent(ANSWERS);
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(PLAN))
                .agent("geo", "geography", agent)
                .settings(SolveSettings.builder()
                        .maxConcurrency(2)
                        .maxFeedbackRounds(0)
                        .build())
                .build()) {
            SolveResult r = team.solve(QUERY);

            List<String> started = agent.tasks();
            assertEquals(5, started.size(), started.toString());
            // the first two slots go to the chain's head and the first lone task, in either order
            assertEquals(Set.of("mountains of Asia", "rivers of Europe"), Set.copyOf(started.subList(0, 2)));
            assertTrue(
                    started.indexOf("highest peak among Himalaya") < started.indexOf("height of Everest"),
                    started.toString());
            assertTrue(r.answer().contains("8849"), r.answer());
        }
    }
}
