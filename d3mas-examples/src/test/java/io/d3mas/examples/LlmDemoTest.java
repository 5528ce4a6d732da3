package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.task.RuleBasedDecomposer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's LLM mode, against a local OpenAI-protocol server (what OPENAI_BASE_URL would point to). */
class LlmDemoTest {

    @Test
    void theDemoUsesTheLlmComponentsWhenAnLlmIsConfigured() throws Exception {
        RuleBasedDecomposer rules = new RuleBasedDecomposer();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(call -> LlmTokenBenchmark.reply(call, rules, 400))) {
            LlmConfig config =
                    LlmConfig.builder().baseUrl(server.baseUrl()).model("local").build();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            Demo.run(
                    new String[] {"Which river flows through the capital of France?"},
                    Optional.of(config),
                    new PrintStream(text, true, StandardCharsets.UTF_8));
            String out = text.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("LLM components on LlmConfig[baseUrl=" + server.baseUrl()), out);
            assertTrue(server.callCount() >= 3, "the LLM was not asked: " + server.callCount() + " calls");
            assertTrue(out.contains(server.callCount() + " LLM calls"), out);
            // the scripted decomposer split the question; the first answer filled the second sub-task
            assertTrue(out.contains("Which river flows through Answer?"), out);
        }
    }
}
