package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveWarning;
import io.d3mas.graph.NodeType;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sibling tasks are decomposed at once: an LLM decomposer's calls for one level overlap instead of queueing. */
class DecompositionWaveTest {

    @Test
    void should_decompose_sibling_sub_tasks_at_the_same_time_and_attach_them_in_order() {
        CyclicBarrier siblings = new CyclicBarrier(2);
        try (D3Mas team = Scripted.team()
                .decomposer(r -> {
                    if (r.depth() == 0) {
                        return Decomposition.of(List.of(
                                SubTask.of("population of Lyon and of Paris"),
                                SubTask.of("mayors of Lyon and of Paris")));
                    }
                    if (r.depth() == 1) {
                        // both siblings must be in the decomposer at once, or this one gives up
                        siblings.await(5, TimeUnit.SECONDS);
                        String topic = r.task().startsWith("population") ? "population" : "mayor";
                        return Decomposition.of(
                                List.of(SubTask.of(topic + " of Lyon"), SubTask.of(topic + " of Paris")));
                    }
                    return Decomposition.atomicTask();
                })
                .agent("a", "cities", new Scripted.TableAgent(java.util.Map.of()))
                .settings(io.d3mas.SolveSettings.builder().maxFeedbackRounds(0).build())
                .build()) {
            SolveResult r = team.solve("Lyon and Paris");

            assertTrue(
                    r.warnings().stream().noneMatch(w -> w.code() == SolveWarning.Code.DECOMPOSER_FAILED),
                    r.warnings().toString());
            List<String> tasks = r.trace().graph().nodes(NodeType.TASK).stream()
                    .map(n -> n.id() + ":" + n.content())
                    .toList();
            assertEquals(
                    List.of(
                            "t0:Lyon and Paris",
                            "t1:population of Lyon and of Paris",
                            "t2:mayors of Lyon and of Paris",
                            "t3:population of Lyon",
                            "t4:population of Paris",
                            "t5:mayor of Lyon",
                            "t6:mayor of Paris"),
                    tasks,
                    "ids in breadth-first order, as before");
        }
    }
}
