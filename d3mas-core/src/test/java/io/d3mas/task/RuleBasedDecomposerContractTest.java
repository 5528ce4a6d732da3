package io.d3mas.task;

/** {@link RuleBasedDecomposer} keeps the {@link Decomposer} contract. */
class RuleBasedDecomposerContractTest extends DecomposerContractTest {

    @Override
    protected Decomposer decomposer() {
        return new RuleBasedDecomposer();
    }
}
