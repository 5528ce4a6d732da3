package io.d3mas.llm;

import io.d3mas.task.Decomposer;
import io.d3mas.task.DecomposerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmDecomposer} keeps the {@link Decomposer} contract, over the real protocol. */
class LlmDecomposerContractTest extends DecomposerContractTest {

    private static TestClients.Scripted llm;

    @BeforeAll
    static void start() {
        llm = TestClients.Scripted.start(new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT));
    }

    @AfterAll
    static void stop() {
        llm.close();
    }

    @Override
    protected String compoundTask() {
        return LlmSolveTest.QUESTION;
    }

    @Override
    protected Decomposer decomposer() {
        return new LlmDecomposer(llm.client());
    }
}
