package io.d3mas.llm;

import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.task.Decomposer;
import io.d3mas.task.DecomposerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmDecomposer} keeps the {@link Decomposer} contract, over the real protocol. */
class LlmDecomposerContractTest extends DecomposerContractTest {

    private static LocalOpenAiServer server;
    private static LlmClient client;

    @BeforeAll
    static void start() {
        server = LocalOpenAiServer.start(new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT));
        client = TestClients.client(server, b -> b);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    protected String compoundTask() {
        return LlmSolveTest.QUESTION;
    }

    @Override
    protected Decomposer decomposer() {
        return new LlmDecomposer(client);
    }
}
