package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.d3mas.Budget;
import io.d3mas.D3Mas;
import io.d3mas.ModelUnavailableException;
import io.d3mas.RequiredService;
import io.d3mas.SolveResult;
import io.d3mas.event.ModelCall;
import io.d3mas.event.SolveEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LLM components against an OpenAI-protocol server we did not write: npm's {@code openai-mock-api}
 * (Express, tiktoken token counts, its own API-key check and error bodies), through the real langchain4j
 * OpenAI client. {@code .ci/openai-mock.sh} installs it and exports {@code D3MAS_OPENAI_MOCK}; without it the
 * test skips, except where {@code D3MAS_REQUIRE_SERVICES=1} (CI).
 */
class IndependentServerTest {

    private static final String KEY = "independent-key-7f3a9c";
    private static Process server;
    private static String baseUrl;

    private static final String CONFIG =
            """
            apiKey: '%s'
            responses:
              - id: 'decompose'
                messages:
                  - role: 'system'
                    content: 'You plan the work'
                    matcher: 'contains'
                  - role: 'user'
                    content: '<task>Which river flows through the capital of France?</task>'
                    matcher: 'contains'
                  - role: 'assistant'
                    content: '%s'
              - id: 'hop-1'
                messages:
                  - role: 'system'
                    content: 'You are agent'
                    matcher: 'contains'
                  - role: 'user'
                    content: '<task>What city is the capital of France?</task>'
                    matcher: 'contains'
                  - role: 'assistant'
                    content: '{"answer": "Paris", "conclusion": "Paris is the capital of France.", "premises": [], "confidence": 0.9, "needs": [], "usedMemory": ["K1"]}'
              - id: 'hop-2'
                messages:
                  - role: 'system'
                    content: 'You are agent'
                    matcher: 'contains'
                  - role: 'user'
                    content: '<task>Which river flows through Paris?</task>'
                    matcher: 'contains'
                  - role: 'assistant'
                    content: '{"answer": "the Seine", "conclusion": "The Seine flows through Paris.", "premises": [], "confidence": 0.9, "needs": [], "usedMemory": ["K1"]}'
            """;

    @BeforeAll
    static void start() throws Exception {
        String cli = System.getenv("D3MAS_OPENAI_MOCK");
        if (cli == null || !Files.isRegularFile(Path.of(cli))) {
            RequiredService.missing(
                    "no openai-mock-api (source .ci/openai-mock.sh to install it and set D3MAS_OPENAI_MOCK)");
        }
        Path dir = Files.createTempDirectory("d3mas-openai-mock");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, CONFIG.formatted(KEY, LlmSolveTest.SPLIT), StandardCharsets.UTF_8);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("node", cli, "--config", config.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        baseUrl = "http://127.0.0.1:" + port + "/v1";
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; ; i++) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (i > 150 || !server.isAlive()) {
                    throw new AssertionError(
                            "openai-mock-api did not start: " + Files.readString(dir.resolve("server.log")));
                }
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private static LlmClient client(String key, List<ModelCall> calls) {
        LlmConfig config = LlmConfig.builder()
                .baseUrl(baseUrl)
                .apiKey(key)
                .model("gpt-4o-mini")
                .callTimeout(Duration.ofSeconds(10))
                .build();
        return LlmClient.builder(config.chatModel(LlmConfig.Role.AGENT))
                .name("gpt-4o-mini")
                .modelKey(config.baseUrl() + " " + key)
                .listener(calls::add)
                .build();
    }

    private static D3Mas team(LlmClient client, List<SolveEvent> events) {
        return LlmSolveTest.geoTeam(client, events::add);
    }

    @Test
    void aTwoHopSolveWorksOverTheIndependentServer() {
        List<ModelCall> calls = new CopyOnWriteArrayList<>();
        List<SolveEvent> events = new CopyOnWriteArrayList<>();
        try (LlmClient client = client(KEY, calls);
                D3Mas team = team(client, events)) {
            SolveResult r = team.solve(LlmSolveTest.QUESTION);
            assertTrue(r.answer().contains("Seine"), r.answer() + " " + r.warnings());
            assertEquals(3, r.usage().llmCalls(), "decompose, two hops; the one terminal conclusion needs no call");
            long reported = calls.stream()
                    .filter(c -> c.kind() == ModelCall.Kind.SUCCEEDED)
                    .mapToLong(c -> c.tokens().total())
                    .sum();
            assertTrue(reported > 0, "the server's tiktoken counts did not arrive");
            assertEquals(reported, r.usage().totalTokens().total());
            assertEquals(
                    calls.size(),
                    events.stream()
                            .filter(SolveEvent.ModelCalled.class::isInstance)
                            .count(),
                    "the solve's listeners did not hear every step");
        }
    }

    @Test
    void aKeyItRefusesCostsOneRequestAndOneClearError() {
        String wrong = "wrong-key-" + System.nanoTime();
        List<ModelCall> calls = new CopyOnWriteArrayList<>();
        try (LlmClient client = client(wrong, calls);
                D3Mas team = team(client, new CopyOnWriteArrayList<>())) {
            ModelUnavailableException e =
                    assertThrows(ModelUnavailableException.class, () -> team.solve(LlmSolveTest.QUESTION));
            assertTrue(e.getMessage().contains("authentication failed for model gpt-4o-mini"), e.getMessage());
            assertTrue(e.getMessage().contains("Invalid API key provided"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong), "the key is in the error: " + e.getMessage());
            assertEquals(
                    1,
                    calls.stream().filter(c -> c.kind() == ModelCall.Kind.SENT).count());
        }
    }

    @Test
    void aBadRequestThatIsNotAboutTheFormatKeepsStructuredOutput() throws Exception {
        List<ModelCall> calls = new CopyOnWriteArrayList<>();
        try (LlmClient client = client(KEY, calls)) {
            // the mock answers 400 "No matching response found" to a conversation it has no script for
            LlmCallException e = assertThrows(
                    LlmCallException.class,
                    () -> client.chat(
                            List.of(SystemMessage.from("You are agent x"), UserMessage.from("<task>unknown</task>")),
                            Schemas.REASONING,
                            Budget.unlimited()));
            assertTrue(e.getMessage().contains("400") && e.getMessage().contains("not retried"), e.getMessage());
            assertEquals(1, e.calls());
            assertFalse(client.usesPromptOnlyJson("reasoning"), "an unrelated 400 turned structured output off");
        }
    }
}
