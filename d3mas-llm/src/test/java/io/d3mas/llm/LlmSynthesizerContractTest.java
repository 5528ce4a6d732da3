package io.d3mas.llm;

import io.d3mas.synthesis.Synthesizer;
import io.d3mas.synthesis.SynthesizerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmSynthesizer} keeps the {@link Synthesizer} contract, over the real protocol. */
class LlmSynthesizerContractTest extends SynthesizerContractTest {

    private static TestClients.Scripted llm;

    @BeforeAll
    static void start() {
        llm = TestClients.Scripted.start(new ScriptedTeam());
    }

    @AfterAll
    static void stop() {
        llm.close();
    }

    @Override
    protected Synthesizer synthesizer() {
        return new LlmSynthesizer(llm.client());
    }
}
