package io.d3mas.llm;

import io.d3mas.agent.Agent;
import io.d3mas.agent.AgentContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmAgent} keeps the {@link Agent} contract, over the real protocol. */
class LlmAgentContractTest extends AgentContractTest {

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
    protected Agent agent() {
        return LlmAgent.of(llm.client());
    }
}
