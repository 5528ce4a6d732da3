package io.d3mas.examples.eval;

import io.d3mas.examples.data.Hop;
import io.d3mas.task.Decomposer;
import io.d3mas.task.DecomposerContractTest;
import java.util.List;

/** The evaluation harness's {@link GoldDecomposer} keeps the {@link Decomposer} contract. */
class GoldDecomposerContractTest extends DecomposerContractTest {

    @Override
    protected String compoundTask() {
        return "Which river flows through the capital of France?";
    }

    @Override
    protected Decomposer decomposer() {
        return new GoldDecomposer(
                compoundTask(),
                List.of(
                        new Hop("capital of France", "Paris", 0),
                        new Hop("Which river flows through #1?", "Seine", 1)));
    }
}
