package io.d3mas.llm;

import io.d3mas.agent.Agent;
import io.d3mas.agent.AgentContractTest;
import io.d3mas.llm.testing.LocalOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmAgent} keeps the {@link Agent} contract, over the real protocol. */
class LlmAgentContractTest extends AgentContractTest {

    private static LocalOpenAiServer server;
    private static LlmClient client;

    @BeforeAll
    static void start() {
        server = LocalOpenAiServer.start(new ScriptedTeam());
        client = TestClients.client(server, b -> b);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    protected Agent agent() {
        return LlmAgent.of(client);
    }
}
