package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work on the critical path goes first: with fewer slots than ready tasks, the tasks that head the longest chains of
 * dependents start first (list scheduling by critical path), not the first in the decomposer's order; and a task's
 * filled-in text is embedded ahead of the conclusions the background is embedding.
 */
class CriticalPathTest {

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
        CountDownLatch riversStarted = new CountDownLatch(1);
        Scripted.TableAgent table = new Scripted.TableAgent(ANSWERS);
        Agent agent = r -> {
            if (r.task().equals("rivers of Europe")) {
                riversStarted.countDown();
            }
            if (r.task().equals("mountains of Asia")) {
                // both slots are taken before the chain goes on (a bound, not a timing: with the old order the
                // mountains started only after the rivers and the lakes)
                riversStarted.await(5, TimeUnit.SECONDS);
            }
            return table.reason(r);
        };
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(PLAN))
                .agent("geo", "geography", agent)
                .settings(SolveSettings.builder()
                        .maxConcurrency(2)
                        .maxFeedbackRounds(0)
                        .build())
                .build()) {
            SolveResult r = team.solve(QUERY);

            List<String> started = table.tasks();
            assertEquals(5, started.size(), started.toString());
            // the first two slots go to the chain's head and the first lone task, in either order
            assertEquals(Set.of("mountains of Asia", "rivers of Europe"), Set.copyOf(started.subList(0, 2)));
            assertTrue(
                    started.indexOf("highest peak among Himalaya") < started.indexOf("height of Everest"),
                    started.toString());
            assertTrue(r.answer().contains("8849"), r.answer());
        }
    }

    @Test
    void should_embed_a_filled_in_task_before_a_conclusion_that_finishes_meanwhile() {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch filledInStarted = new CountDownLatch(1);
        EmbeddingModel model = new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                String texts = segments.stream().map(TextSegment::text).toList().toString();
                calls.add("start " + texts);
                try {
                    if (texts.contains("Danube and Nile")) {
                        // the dependent's filled-in text: the lake task ends now, well before this returns
                        filledInStarted.countDown();
                        Thread.sleep(300);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Response<List<Embedding>> out = Scripted.MODEL.embedAll(segments);
                calls.add("end " + texts);
                return out;
            }
        };
        Agent agent = r -> {
            if (r.task().equals("lakes of Africa")) {
                // still running when the dependent is ready; ends while the dependent's text is embedded
                filledInStarted.await(5, TimeUnit.SECONDS);
            }
            String answer = Map.of(
                            "rivers of Europe", "Danube",
                            "rivers of Africa", "Nile",
                            "lakes of Africa", "Victoria",
                            "compare Danube and Nile", "longer: Nile")
                    .get(r.task());
            return Scripted.answer(answer, "the answer is " + answer, 0.9, List.of());
        };
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(model)
                .withoutMessagePassing()
                .decomposer(Scripted.decomposer(Map.of(
                        "Rivers",
                        List.of(
                                SubTask.of("rivers of Europe"),
                                SubTask.of("rivers of Africa"),
                                SubTask.of("lakes of Africa"),
                                new SubTask("compare {{0}} and {{1}}", List.of(0, 1), true)))))
                .agent("geo", "geography", agent)
                .settings(SolveSettings.builder().maxFeedbackRounds(0).build())
                .build()) {
            SolveResult r = team.solve("Rivers");

            assertTrue(r.answer().contains("Nile"), r.answer());
            int filledInEnds = indexOf(calls, "end [compare Danube and Nile]");
            int lakeStarts = indexOf(calls, "start", "the answer is Victoria");
            assertTrue(filledInEnds >= 0 && lakeStarts >= 0, calls.toString());
            assertTrue(lakeStarts > filledInEnds, "the conclusion waited for the filled-in task: " + calls);
        }
    }

    private static int indexOf(List<String> calls, String... parts) {
        for (int i = 0; i < calls.size(); i++) {
            String c = calls.get(i);
            if (java.util.Arrays.stream(parts).allMatch(c::contains)) {
                return i;
            }
        }
        return -1;
    }
}
