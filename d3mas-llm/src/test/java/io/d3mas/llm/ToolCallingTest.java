package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.AgentProfile;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.graph.NodeType;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.ChatCall;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.llm.testing.LocalOpenAiServer.ToolCall;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolBox;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tool-call loop of {@link LlmAgent}, end to end through the real langchain4j OpenAI client. */
class ToolCallingTest {

    private static final String ANSWER =
            "{\"answer\": \"%s\", \"conclusion\": \"%s\", \"premises\": [], \"confidence\": 0.9, \"needs\": [],"
                    + " \"usedMemory\": []}";

    private static AgentTool population(AtomicInteger runs) {
        return AgentTool.of(
                ToolSpecification.builder()
                        .name("population")
                        .description("Population of a city")
                        .parameters(JsonObjectSchema.builder()
                                .addStringProperty("city")
                                .required("city")
                                .build())
                        .build(),
                arguments -> {
                    runs.incrementAndGet();
                    return arguments.contains("Lyon") ? "522250" : "unknown city";
                });
    }

    private static ReasoningRequest request(String task, ToolBox tools) {
        return new ReasoningRequest(
                task,
                "t1",
                task,
                AgentProfile.of("stats", "city statistics"),
                List.of(),
                List.of(),
                0,
                io.d3mas.Budget.unlimited(),
                tools);
    }

    private static String answer(String a) {
        return String.format(ANSWER, a, a);
    }

    @Test
    void should_call_the_tool_the_model_asks_for_and_send_its_result_back_as_data() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (TestClients.Scripted s = TestClients.Scripted.start(call -> call.toolRounds() == 0
                ? Reply.toolCalls(new ToolCall("call_1", "population", "{\"city\":\"Lyon\"}"))
                : Reply.text(answer(call.toolResults().get(0).contains("522250") ? "522250" : "?")))) {
            LlmAgent agent =
                    LlmAgent.builder(s.client()).tools(population(runs)).build();
            ToolBox box = ToolBox.none();
            ReasoningResult r = agent.reason(request("How many people live in Lyon?", box));

            assertEquals("522250", r.answer());
            assertEquals(1, runs.get());
            assertEquals(2, r.llmCalls(), "one call asking for the tool, one answering");
            List<ChatCall> calls = s.server().calls();
            assertEquals(List.of("population"), calls.get(0).tools());
            assertTrue(calls.get(0).system().contains("<tool_result>"), "the system prompt says results are data");
            String sent = calls.get(1).toolResults().get(0);
            assertTrue(sent.startsWith("<tool_result tool=\"population\" status=\"ok\">"), sent);
            assertEquals(1, box.calls().size());
            long reported = calls.stream().mapToLong(c -> c.promptTokens()).sum();
            assertTrue(r.tokens().input() >= reported - 1, "the tokens of both calls: " + r.tokens());
        }
    }

    @Test
    void should_run_the_calls_of_one_round_in_parallel() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        AgentTool wait = AgentTool.of(ToolSpecification.builder().name("wait").build(), arguments -> {
            both.countDown();
            return both.await(10, TimeUnit.SECONDS) ? "together " + arguments : "alone";
        });
        try (TestClients.Scripted s = TestClients.Scripted.start(call -> call.toolRounds() == 0
                ? Reply.toolCalls(new ToolCall("a", "wait", "{\"n\":1}"), new ToolCall("b", "wait", "{\"n\":2}"))
                : Reply.text(answer(String.join(" | ", call.toolResults()).replace("\"", "'"))))) {
            ReasoningResult r =
                    LlmAgent.builder(s.client()).tools(wait).build().reason(request("wait twice", ToolBox.none()));

            List<String> results = s.server().calls().get(1).toolResults();
            assertEquals(2, results.size());
            assertTrue(results.get(0).contains("together {&quot;n&quot;:1}"), results.get(0));
            assertTrue(results.get(1).contains("together {&quot;n&quot;:2}"), "in the order asked: " + results);
            assertFalse(r.answer().contains("alone"), r.answer());
        }
    }

    @Test
    void should_answer_malformed_arguments_and_unknown_tools_with_errors_and_run_nothing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (TestClients.Scripted s = TestClients.Scripted.start(call -> call.toolRounds() == 0
                ? Reply.toolCalls(new ToolCall("a", "population", "{city: Lyon"), new ToolCall("b", "teleport", "{}"))
                : Reply.text(answer("no data")))) {
            ToolBox box = ToolBox.none();
            ReasoningResult r = LlmAgent.builder(s.client())
                    .tools(population(runs))
                    .build()
                    .reason(request("How many people live in Lyon?", box));

            assertEquals("no data", r.answer());
            assertEquals(0, runs.get());
            List<String> results = s.server().calls().get(1).toolResults();
            assertTrue(
                    results.get(0).contains("status=\"error\"")
                            && results.get(0).contains("not a JSON object"),
                    results.get(0));
            assertTrue(
                    results.get(1).contains("there is no tool named &apos;teleport&apos;")
                            || results.get(1).contains("there is no tool named 'teleport'"),
                    results.get(1));
            assertTrue(box.calls().get(0).failed());
        }
    }

    @Test
    void should_stop_a_model_that_never_stops_calling_tools() {
        AtomicInteger runs = new AtomicInteger();
        try (TestClients.Scripted s = TestClients.Scripted.start(
                call -> Reply.toolCalls(new ToolCall("c" + call.index(), "population", "{\"city\":\"Lyon\"}")))) {
            LlmAgent agent = LlmAgent.builder(s.client())
                    .tools(population(runs).notReusable())
                    .maxToolRounds(2)
                    .build();
            MalformedAnswerException e =
                    assertThrows(MalformedAnswerException.class, () -> agent.reason(request("Lyon?", ToolBox.none())));

            assertTrue(e.getMessage().contains("asked for tools again after 2 rounds"), e.getMessage());
            assertEquals(2, runs.get(), "two rounds ran, the later asks ran nothing");
            List<ChatCall> calls = s.server().calls();
            assertEquals(4, calls.size(), "two rounds, then two asks to answer");
            assertEquals(List.of("population"), calls.get(1).tools());
            assertTrue(calls.get(2).tools().isEmpty() && calls.get(3).tools().isEmpty(), "no tools offered");
            assertTrue(calls.get(3).toolResults().get(2).contains("limit of 2 rounds"));
            assertEquals(4, e.calls());
        }
    }

    @Test
    void should_make_a_lookup_two_agents_need_once_in_a_solve() {
        AtomicInteger runs = new AtomicInteger();
        LocalOpenAiServer.Responder responder = call -> {
            if (call.toolRounds() == 0) {
                return Reply.toolCalls(new ToolCall("x", "population", "{\"city\": \"Lyon\"}"));
            }
            return Reply.text(answer(call.toolResults().get(0).contains("522250") ? "522250" : "?"));
        };
        try (TestClients.Scripted s = TestClients.Scripted.start(responder);
                D3Mas team = D3Mas.builder()
                        .embeddingModel(new WordHashEmbeddingModel())
                        .decomposer(request -> request.depth() == 0
                                ? Decomposition.of(List.of(
                                        SubTask.of("population of Lyon for the census"),
                                        SubTask.of("population of Lyon for the budget")))
                                : Decomposition.atomicTask())
                        .tools(population(runs))
                        .agent("census", "census office", LlmAgent.of(s.client()))
                        .agent("budget", "city budget", LlmAgent.of(s.client()))
                        .settings(SolveSettings.builder()
                                .minConfidence(0)
                                .maxFeedbackRounds(0)
                                .build())
                        .build()) {
            SolveResult r = team.solve("How many people live in Lyon?");

            assertEquals(1, runs.get(), r.warnings().toString());
            assertEquals(1, r.usage().toolCalls());
            assertEquals(1, r.usage().toolCallsSaved());
            assertEquals(
                    1,
                    r.trace().graph().nodes(NodeType.MEMORY).stream()
                            .filter(n -> n.provenance().source().equals("tool:population"))
                            .count());
            assertTrue(r.answer().contains("522250"), r.answer());
        }
    }
}
