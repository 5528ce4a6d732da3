package io.d3mas.llm;

import io.d3mas.llm.testing.LocalOpenAiServer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Clients wired to a local server through the real langchain4j OpenAI client. */
final class TestClients {

    static final String KEY = "sk-test-0123456789abcdefSECRET";

    private TestClients() {}

    static LlmConfig config(LocalOpenAiServer server, Duration callTimeout) {
        return LlmConfig.builder()
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .model("test-model")
                .callTimeout(callTimeout)
                .build();
    }

    /** A scripted server and a client of it, closed together: the fixture of the SPI contract tests. */
    record Scripted(LocalOpenAiServer server, LlmClient client) implements AutoCloseable {
        static Scripted start(LocalOpenAiServer.Responder responder) {
            LocalOpenAiServer server = LocalOpenAiServer.start(responder);
            return new Scripted(server, TestClients.client(server, b -> b));
        }

        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    static LlmClient client(LocalOpenAiServer server, UnaryOperator<LlmClient.Builder> settings) {
        LlmConfig config = config(server, Duration.ofSeconds(5));
        return settings.apply(LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                        .name("test-model")
                        .callTimeout(Duration.ofSeconds(5))
                        .initialBackoff(Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(50)))
                .build();
    }
}
