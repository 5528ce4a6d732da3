package io.d3mas;

import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The two-hop question the operations tests solve: capital of France, then the river through it. */
final class TwoHop {

    static final List<SubTask> HOPS = List.of(
            SubTask.of("What city is the capital of France?"),
            SubTask.dependingOn("Which river flows through {{0}}?", 0));

    private TwoHop() {}

    /** Splits the query into {@link #HOPS} (counting in {@code calls}) and keeps the hops whole. */
    static Decomposer decomposer(AtomicInteger calls) {
        return r -> {
            if (r.depth() > 0) {
                return Decomposition.atomicTask();
            }
            calls.incrementAndGet();
            return Decomposition.of(HOPS);
        };
    }
}
