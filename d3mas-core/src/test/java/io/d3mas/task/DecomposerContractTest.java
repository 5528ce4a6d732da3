package io.d3mas.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Decomposer} must have. Extend it (d3mas-core's test-jar) and return the decomposer
 * under test; override {@link #compoundTask()} when it splits other questions than two-part ones.
 */
public abstract class DecomposerContractTest {

    protected abstract Decomposer decomposer();

    /** A task the decomposer under test splits. */
    protected String compoundTask() {
        return "What is the capital of Japan and what is the capital of Italy?";
    }

    private Decomposition decompose(DecompositionRequest request) throws Exception {
        Decomposition d = decomposer().decompose(request);
        assertNotNull(d, "a decomposer returns Decomposition.atomicTask() for a task it keeps whole, never null");
        return d;
    }

    @Test
    void should_split_into_sub_tasks_that_depend_only_on_earlier_siblings() throws Exception {
        String task = compoundTask();
        Decomposition d = decompose(new DecompositionRequest(task, task, 0, List.of()));
        assertFalse(d.atomic(), "the contract's compound task was kept whole: " + task);
        assertFalse(d.subTasks().isEmpty());
        for (int i = 0; i < d.subTasks().size(); i++) {
            SubTask s = d.subTasks().get(i);
            assertFalse(s.text().isBlank(), "sub-task " + i + " is blank");
            for (int dep : s.dependsOn()) {
                assertTrue(
                        dep >= 0 && dep < i,
                        "sub-task " + i + " depends on sibling " + dep + ": only earlier siblings can be waited for");
            }
        }
        assertFalse(
                d.subTasks().size() == 1
                        && normalize(d.subTasks().get(0).text()).equals(normalize(task)),
                "a split into the task itself is no split; return Decomposition.atomicTask()");
    }

    @Test
    void should_keep_a_sub_task_or_a_refinement_request_valid() throws Exception {
        String task = compoundTask();
        Decomposition first = decompose(new DecompositionRequest(task, task, 0, List.of()));
        String sub = first.subTasks().isEmpty() ? task : first.subTasks().get(0).text();
        decompose(new DecompositionRequest(task, sub, 1, List.of(task)));
        decompose(new DecompositionRequest(
                task, task, 0, List.of(), List.of("no memory answered it"), io.d3mas.Budget.unlimited()));
    }

    @Test
    void should_give_the_same_split_when_called_concurrently() throws Exception {
        Decomposer decomposer = decomposer();
        String task = compoundTask();
        DecompositionRequest request = new DecompositionRequest(task, task, 0, List.of());
        List<SubTask> expected = decomposer.decompose(request).subTasks();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Decomposition>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> decomposer.decompose(request)));
            }
            for (Future<Decomposition> f : futures) {
                assertEquals(expected, f.get(60, TimeUnit.SECONDS).subTasks());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String normalize(String text) {
        return text.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
    }
}
