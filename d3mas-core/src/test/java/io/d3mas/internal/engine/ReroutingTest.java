package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.SolveEvent;
import io.d3mas.task.SubTask;
import io.d3mas.trace.Assignment;
import io.d3mas.trace.FeedbackRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A task whose filled-in text still holds an operation stays with the agent that can do it; when that agent
 * cannot answer, feedback re-decomposes the task, so no part of it is lost.
 */
class ReroutingTest {

    private static final String QUERY = "What is the population of the capital of France times two?";
    private static final Pattern TIMES_TWO = Pattern.compile("What is (\\d+) million times two\\?");

    /** Doubles "N million"; answers nothing else. */
    static final Agent CALC = r -> {
        Matcher m = TIMES_TWO.matcher(r.task());
        if (!m.matches()) {
            return ReasoningResult.unanswered(List.of("a number to multiply"));
        }
        String a = (2 * Integer.parseInt(m.group(1))) + " million";
        return Scripted.answer(a, r.task().replace("What is ", "").replace("?", "") + " is " + a, 0.95, List.of());
    };

    @Test
    void should_keep_an_operation_with_the_agent_that_can_do_it_and_split_it_when_it_cannot_answer() {
        Scripted.TableAgent geo = new Scripted.TableAgent(Map.of(
                "What is the capital of France?", "Paris",
                "What is the population of Paris?", "11 million",
                // a lookup agent that ignores the operation: what silently lost "times two" before
                "What is the population of Paris times two?", "11 million"));
        List<SolveEvent.Assigned> assigned = new CopyOnWriteArrayList<>();
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        QUERY,
                        List.of(
                                SubTask.of("What is the capital of France?"),
                                SubTask.dependingOn("What is the population of {{0}} times two?", 0)),
                        "What is the population of Paris times two?",
                        List.of(
                                SubTask.of("What is the population of Paris?"),
                                SubTask.dependingOn("What is {{0}} times two?", 0)))))
                .agent("geo", "geography capitals countries population cities Paris France", geo)
                .agent("calc", "arithmetic: multiply numbers, add, subtract, divide, sums, products, times two", CALC)
                .listener(e -> {
                    if (e instanceof SolveEvent.Assigned a) {
                        assigned.add(a);
                    }
                })
                .build()) {
            SolveResult r = team.solve(QUERY);

            assertEquals("22 million", r.answer(), r.warnings().toString());
            assertTrue(
                    !geo.tasks().contains("What is the population of Paris times two?"),
                    "the lookup agent never got the operation: " + geo.tasks());
            Assignment kept = r.trace().assignments().stream()
                    .filter(a -> a.reason() == Assignment.Reason.KEPT_FOR_OPERATION)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(r.trace().assignments()));
            assertEquals("calc", kept.agentId());
            assertTrue(kept.detail().contains("'geo' matches it best"), kept.detail());
            assertTrue(
                    assigned.stream().anyMatch(a -> a.reason() == Assignment.Reason.KEPT_FOR_OPERATION),
                    "listeners hear the reason too: " + assigned);
            FeedbackRecord.Round round = r.trace().feedback().rounds().get(0);
            assertEquals(List.of(kept.taskId()), round.redecomposed());
            assertEquals(1, round.improved());
        }
    }

    @Test
    void should_not_pass_an_operation_to_an_agent_that_would_drop_it_when_it_cannot_be_split() {
        Scripted.TableAgent geo = new Scripted.TableAgent(Map.of(
                "What is the capital of France?", "Paris",
                "What is the population of Paris times two?", "11 million"));
        try (D3Mas team = Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        QUERY,
                        List.of(
                                SubTask.of("What is the capital of France?"),
                                SubTask.dependingOn("What is the population of {{0}} times two?", 0)))))
                .agent("geo", "geography capitals countries population cities Paris France", geo)
                .agent("calc", "arithmetic: multiply numbers, add, subtract, divide, sums, products, times two", CALC)
                .settings(SolveSettings.builder().maxDepth(1).build()) // no room to split the operation off
                .build()) {
            SolveResult r = team.solve(QUERY);

            assertTrue(!r.answer().contains("11 million"), r.answer());
            assertEquals(List.of("What is the capital of France?"), geo.tasks());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message()
                            .contains("'What is the population of Paris times two?') has no"
                                    + " answer (agent 'calc' needs: a number to multiply)")),
                    r.warnings().toString());
            assertEquals(List.of(), r.trace().feedback().rounds().get(0).redecomposed());
        }
    }
}
