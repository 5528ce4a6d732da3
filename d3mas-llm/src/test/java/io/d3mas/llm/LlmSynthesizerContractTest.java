package io.d3mas.llm;

import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.synthesis.Synthesizer;
import io.d3mas.synthesis.SynthesizerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link LlmSynthesizer} keeps the {@link Synthesizer} contract, over the real protocol. */
class LlmSynthesizerContractTest extends SynthesizerContractTest {

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
    protected Synthesizer synthesizer() {
        return new LlmSynthesizer(client);
    }
}
