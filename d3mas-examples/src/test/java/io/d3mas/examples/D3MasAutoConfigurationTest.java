package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.event.SolveEvent;
import io.d3mas.event.SolveListener;
import io.d3mas.examples.spring.D3MasAutoConfiguration;
import io.d3mas.examples.spring.D3MasCustomizer;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryStore;
import io.d3mas.task.RuleBasedDecomposer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration as a Spring Boot application sees it, through Spring Boot's own test support. */
class D3MasAutoConfigurationTest {

    private static BgeEmbeddingModel bge;

    @BeforeAll
    static void load() {
        bge = BgeEmbeddingModel.bgeSmallEnV15Quantized().build();
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Configuration(proxyBeanMethods = false)
    static class Embeddings {
        /** Shared by every test's context: Spring would otherwise close it with the first one. */
        @Bean(destroyMethod = "")
        EmbeddingModel embeddingModel() {
            return bge;
        }
    }

    private static final String[] GEO = {
        "d3mas.agents[0].id=geo",
        "d3mas.agents[0].description=Geography: countries, capitals, rivers",
        "d3mas.agents[0].facts[0]=Paris is the capital of France.",
        "d3mas.agents[0].facts[1]=The Seine flows through Paris.",
        "d3mas.agents[1].id=calc",
        "d3mas.agents[1].description=Arithmetic on numbers",
        "d3mas.agents[1].kind=arithmetic"
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(D3MasAutoConfiguration.class))
            .withUserConfiguration(Embeddings.class);

    @Test
    void should_build_an_offline_team_from_properties_that_answers_from_its_facts() {
        runner.withPropertyValues(GEO)
                .withPropertyValues("d3mas.top-k=3", "d3mas.solve-timeout=20s", "d3mas.message-passing=false")
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    D3Mas team = context.getBean(D3Mas.class);
                    assertEquals(
                            List.of("geo", "calc"),
                            team.agents().stream().map(a -> a.id()).toList());
                    assertEquals(3, team.settings().topK());
                    assertEquals(Duration.ofSeconds(20), team.settings().solveTimeout());
                    assertFalse(context.containsBean("d3masLlmClient"), "no ChatModel bean, so no LLM client");
                    SolveResult r = team.solve("Which river flows through the capital of France?");
                    assertEquals("Seine", r.answer());
                    assertTrue(
                            r.components().get("messagePassing").startsWith("off"),
                            r.components().toString());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomAgent {
        @Bean
        Agent pricingAgent() {
            return request -> ReasoningResult.answer("12 euros").confidence(0.9).build();
        }

        @Bean
        SolveListener finished() {
            return EVENTS::add;
        }

        @Bean
        D3MasCustomizer feedbackOff() {
            return b -> b.settings(
                    io.d3mas.SolveSettings.builder().maxFeedbackRounds(0).build());
        }
    }

    private static final List<SolveEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Test
    void should_use_a_named_agent_bean_listener_beans_and_customizers() {
        EVENTS.clear();
        runner.withUserConfiguration(CustomAgent.class)
                .withPropertyValues(
                        "d3mas.agents[0].id=pricing",
                        "d3mas.agents[0].description=Prices of our products",
                        "d3mas.agents[0].bean=pricingAgent")
                .run(context -> {
                    D3Mas team = context.getBean(D3Mas.class);
                    assertEquals(0, team.settings().maxFeedbackRounds(), "the customizer ran last");
                    assertEquals(
                            "12 euros",
                            team.solve("How much does the basic plan cost?").answer());
                    assertTrue(EVENTS.stream().anyMatch(SolveEvent.Finished.class::isInstance), EVENTS.toString());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class SharedStore {
        static final InMemoryMemoryStore STORE = new InMemoryMemoryStore();

        @Bean
        MemoryStore memoryStore() {
            return STORE;
        }
    }

    @Test
    void should_remember_facts_once_across_restarts_on_the_same_store_and_close_the_team_with_the_context() {
        D3Mas[] first = new D3Mas[1];
        runner.withUserConfiguration(SharedStore.class)
                .withPropertyValues(GEO)
                .run(context -> first[0] = context.getBean(D3Mas.class));
        assertEquals(2, SharedStore.STORE.size());
        assertThrows(IllegalStateException.class, () -> first[0].solve("Which river flows through Paris?"));
        runner.withUserConfiguration(SharedStore.class).withPropertyValues(GEO).run(context -> {
            assertNull(context.getStartupFailure());
            assertSame(SharedStore.STORE, context.getBean(D3Mas.class).memory());
        });
        assertEquals(2, SharedStore.STORE.size(), "a restart stores the same facts again");
    }

    @Test
    void should_stop_start_up_with_a_message_naming_the_bad_property() {
        assertStartupFails(runner.withPropertyValues("d3mas.agents[0].description=x"), "d3mas.agents[0].id is missing");
        assertStartupFails(
                runner.withPropertyValues(
                        "d3mas.agents[0].id=a", "d3mas.agents[0].description=x", "d3mas.agents[0].kind=oracle"),
                "d3mas.agents[0].kind 'oracle' is not one of llm, retrieval, arithmetic");
        assertStartupFails(
                runner.withPropertyValues(
                        "d3mas.agents[0].id=a", "d3mas.agents[0].description=x", "d3mas.agents[0].kind=llm"),
                "d3mas.agents[0].kind is llm, but the application has no langchain4j ChatModel bean");
        assertStartupFails(
                runner.withPropertyValues(
                        "d3mas.agents[0].id=a", "d3mas.agents[0].description=x", "d3mas.agents[0].bean=nothing"),
                "d3mas.agents[0].bean 'nothing' is not an Agent bean");
        assertStartupFails(runner.withPropertyValues(GEO).withPropertyValues("d3mas.top-k=0"), "d3mas: topK");
        assertStartupFails(runner, "d3mas.agents is empty");
        assertStartupFails(
                new ApplicationContextRunner()
                        .withConfiguration(AutoConfigurations.of(D3MasAutoConfiguration.class))
                        .withPropertyValues(GEO),
                "needs a langchain4j EmbeddingModel bean");
    }

    private static void assertStartupFails(ApplicationContextRunner runner, String message) {
        runner.run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "start-up should fail with: " + message);
            StringBuilder all = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertTrue(all.toString().contains(message), all.toString());
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnTeam {
        @Bean
        D3Mas myTeam(EmbeddingModel embeddings) {
            return D3Mas.builder()
                    .embeddingModel(embeddings)
                    .agent("mine", "my own team", new io.d3mas.agent.RetrievalAgent())
                    .build();
        }
    }

    @Test
    void should_back_off_when_disabled_or_when_the_application_builds_its_own_team() {
        runner.withPropertyValues(GEO).withPropertyValues("d3mas.enabled=false").run(context -> {
            assertNull(context.getStartupFailure());
            assertFalse(context.containsBean("d3mas"));
        });
        runner.withUserConfiguration(OwnTeam.class)
                .withPropertyValues(GEO)
                .run(context -> assertEquals(
                        "mine", context.getBean(D3Mas.class).agents().get(0).id()));
    }

    @Test
    void should_use_the_chat_model_bean_through_the_real_openai_client() throws Exception {
        RuleBasedDecomposer rules = new RuleBasedDecomposer();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(call -> LlmTokenBenchmark.reply(call, rules, 0))) {
            ChatModel chat = LlmConfig.builder()
                    .baseUrl(server.baseUrl())
                    .model("local")
                    .build()
                    .chatModel(LlmConfig.Role.AGENT);
            LlmClient[] client = new LlmClient[1];
            runner.withBean(ChatModel.class, () -> chat)
                    .withPropertyValues(GEO)
                    .withPropertyValues("d3mas.agents[1].kind=llm", "d3mas.llm.max-concurrent-calls=2")
                    .run(context -> {
                        assertNull(context.getStartupFailure());
                        client[0] = context.getBean(LlmClient.class);
                        SolveResult r =
                                context.getBean(D3Mas.class).solve("Which river flows through the capital of France?");
                        assertTrue(
                                r.components().get("decomposer").contains("LlmDecomposer"),
                                r.components().toString());
                        assertTrue(server.callCount() >= 3, server.callCount() + " calls");
                        assertEquals(server.callCount(), r.usage().llmCalls());
                    });
            int calls = server.callCount();
            assertThrows(
                    RuntimeException.class,
                    () -> client[0].chat(
                            List.of(dev.langchain4j.data.message.UserMessage.from("after close")),
                            null,
                            io.d3mas.Budget.unlimited()));
            assertEquals(calls, server.callCount(), "the client closed with the context");
        }
    }

    @Test
    void should_describe_its_properties_for_ides() throws Exception {
        try (var in =
                D3MasAutoConfiguration.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "the configuration processor wrote no metadata");
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String p : List.of("d3mas.top-k", "d3mas.solve-timeout", "d3mas.llm.call-timeout", "d3mas.agents")) {
                assertTrue(json.contains("\"" + p + "\""), p + " missing from " + json);
            }
        }
    }

    private static void assertNull(Object value) {
        if (value != null) {
            throw new AssertionError(value instanceof Throwable t ? t : new AssertionError(value.toString()));
        }
    }
}
