package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.ModelUnavailableException;
import io.d3mas.event.ModelCall;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The call policy under overload and faults, over the real langchain4j OpenAI client: waiting for a slot is
 * not calling, a 429 pauses every client of the model, refused credentials fail at once, a failing server
 * opens the circuit, retries stay within their budget, structured output falls back only when it is the
 * problem, and every step is reported.
 */
class CallPolicyTest {

    private static final List<ChatMessage> HELLO = List.of(UserMessage.from("hello"));

    private static List<Future<LlmClient.Reply>> concurrently(int n, LlmClient client, Budget budget) {
        ExecutorService callers = Executors.newFixedThreadPool(n);
        List<Future<LlmClient.Reply>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(callers.submit(() -> client.chat(HELLO, null, budget)));
        }
        callers.shutdown();
        return futures;
    }

    @Test
    void timeWaitingForASlotDoesNotCountAgainstTheCallTimeout() throws Exception {
        // 6 calls through 1 slot, 300 ms each: the last waits 1.5 s, far beyond the 700 ms call timeout
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(c -> Reply.text("ok").after(Duration.ofMillis(300)));
                LlmClient client =
                        TestClients.client(server, b -> b.maxConcurrentCalls(1).callTimeout(Duration.ofMillis(700)))) {
            for (Future<LlmClient.Reply> f : concurrently(6, client, Budget.of(0, 0, Duration.ofSeconds(20)))) {
                assertEquals(1, f.get().calls(), "a queued call was sent more than once");
            }
            assertEquals(6, server.callCount(), "a queued call timed out and was retried");
        }
    }

    @Test
    void aCallThatCannotGetASlotBeforeTheDeadlineSaysSoAndSendsNothing() throws Exception {
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(c -> Reply.text("ok").after(Duration.ofMillis(800)));
                LlmClient client = TestClients.client(server, b -> b.maxConcurrentCalls(1))) {
            List<Future<LlmClient.Reply>> first = concurrently(1, client, Budget.of(0, 0, Duration.ofSeconds(10)));
            while (server.callCount() == 0) {
                Thread.sleep(5);
            }
            BudgetExhaustedException e = assertThrows(
                    BudgetExhaustedException.class,
                    () -> client.chat(HELLO, null, Budget.of(0, 0, Duration.ofMillis(300))));
            assertTrue(
                    e.getMessage().contains("call slots") && e.getMessage().contains("no request was sent"),
                    e.getMessage());
            assertEquals("ok", first.get(0).get().text());
            assertEquals(1, server.callCount());
        }
    }

    @Test
    void a429PausesEveryClientOfTheModelForItsRetryAfter() throws Exception {
        AtomicLong rateLimitedAt = new AtomicLong();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> {
            long now = System.nanoTime();
            arrivals.add(now);
            if (n.incrementAndGet() == 5) {
                rateLimitedAt.set(now);
                return Reply.rateLimited(Duration.ofMillis(800));
            }
            return Reply.text("ok").after(Duration.ofMillis(20));
        })) {
            ChatModel model = TestClients.config(server, Duration.ofSeconds(5)).chatModel(LlmConfig.Role.AGENT);
            try (LlmClient a = LlmClient.builder(model).name("a").build();
                    LlmClient b = LlmClient.builder(model).name("b").build()) {
                ExecutorService callers = Executors.newFixedThreadPool(4);
                List<Future<?>> loops = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    LlmClient client = t % 2 == 0 ? a : b;
                    loops.add(callers.submit(() -> {
                        for (int i = 0; i < 6; i++) {
                            client.chat(HELLO, null, Budget.unlimited());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : loops) {
                    f.get();
                }
                callers.shutdown();
            }
        }
        long at = rateLimitedAt.get();
        assertTrue(at != 0);
        // requests already on their way when the 429 left may arrive just after it; none may be sent later
        long early = arrivals.stream()
                .filter(t -> t - at > 50_000_000L && t - at < 800_000_000L)
                .count();
        assertEquals(0, early, "requests reached the server within the Retry-After of a 429");
        assertEquals(25, arrivals.size(), "24 calls and one retry");
    }

    @Test
    void refusedCredentialsFailAtOnceWithOneRequestForEveryClientOfTheModel() throws Exception {
        try (LocalOpenAiServer server =
                LocalOpenAiServer.start(c -> Reply.status(401, "Incorrect API key provided: " + TestClients.KEY))) {
            ChatModel model = TestClients.config(server, Duration.ofSeconds(5)).chatModel(LlmConfig.Role.AGENT);
            try (LlmClient a = LlmClient.builder(model).name("m").maxRetries(3).build();
                    LlmClient b =
                            LlmClient.builder(model).name("m").maxRetries(3).build()) {
                ModelUnavailableException e =
                        assertThrows(ModelUnavailableException.class, () -> a.chat(HELLO, null, Budget.unlimited()));
                assertTrue(e.getMessage().startsWith("authentication failed for model m"), e.getMessage());
                assertFalse(e.getMessage().contains(TestClients.KEY), e.getMessage());
                ModelUnavailableException again =
                        assertThrows(ModelUnavailableException.class, () -> b.chat(HELLO, null, Budget.unlimited()));
                assertTrue(again.getMessage().contains("no request sent"), again.getMessage());
                assertEquals(1, server.callCount());
            }
        }
    }

    @Test
    void aServerThatKeepsFailingOpensTheCircuitAndCallsFailWithoutARequest() throws Exception {
        List<ModelCall> events = new CopyOnWriteArrayList<>();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(503, "overloaded"));
                LlmClient client =
                        TestClients.client(server, b -> b.maxRetries(0).listener(events::add))) {
            for (int i = 0; i < 15; i++) {
                assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            }
            assertEquals(ModelGate.MINIMUM_CALLS, server.callCount(), "calls went on to a failing server");
            LlmCallException e =
                    assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            assertTrue(e.getMessage().contains("circuit breaker open"), e.getMessage());
            assertEquals(0, e.calls());
            assertTrue(events.stream().anyMatch(c -> c.kind() == ModelCall.Kind.CIRCUIT_OPEN));
        }
    }

    @Test
    void retriesStayWithinAFifthOfTheCallsWhenEverythingFails() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(500, "down"));
                LlmClient client = TestClients.client(server, b -> b.maxRetries(3)
                        .initialBackoff(Duration.ofMillis(1))
                        .maxBackoff(Duration.ofMillis(2)))) {
            // 9 calls: under the circuit breaker's minimum, so only the retry budget limits them
            int calls = 9;
            for (int i = 0; i < calls; i++) {
                assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            }
            long allowed = calls + Math.round(RetryBudget.RATIO * calls) + RetryBudget.FLOOR;
            assertTrue(
                    server.callCount() <= allowed,
                    server.callCount() + " requests for " + calls + " calls; the budget allows " + allowed
                            + ", maxRetries alone " + calls * 4);
        }
    }

    @Test
    void onlyA400AboutTheResponseFormatTurnsStructuredOutputOffAndOnlyForThatKindOfRequest() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> {
                    int i = n.getAndIncrement();
                    if (i == 0) {
                        return Reply.status(
                                400,
                                "This model's maximum context length is 8192 tokens" + " (context_length_exceeded)");
                    }
                    if (c.responseFormat() != null && c.body().contains("\"synthesis\"")) {
                        return Reply.status(400, "response_format json_schema is not supported for this request");
                    }
                    return Reply.text("{\"answer\": \"x\", \"used\": []}");
                });
                LlmClient client = TestClients.client(server, b -> b)) {
            assertThrows(LlmCallException.class, () -> client.chat(HELLO, Schemas.REASONING, Budget.unlimited()));
            client.chat(HELLO, Schemas.REASONING, Budget.unlimited());
            assertNotNull(server.calls().get(1).responseFormat(), "one unrelated 400 turned structured output off");
            client.chat(HELLO, Schemas.SYNTHESIS, Budget.unlimited());
            client.chat(HELLO, Schemas.SYNTHESIS, Budget.unlimited());
            client.chat(HELLO, Schemas.REASONING, Budget.unlimited());
            assertTrue(client.usesPromptOnlyJson("synthesis"));
            assertFalse(client.usesPromptOnlyJson("reasoning"));
            List<LocalOpenAiServer.ChatCall> calls = server.calls();
            assertEquals(6, calls.size());
            assertNotNull(calls.get(2).responseFormat());
            assertNull(calls.get(3).responseFormat());
            assertNull(calls.get(4).responseFormat());
            assertNotNull(calls.get(5).responseFormat(), "reasoning requests lost structured output");
        }
    }

    @Test
    void anAbandonedCallIsChargedItsPromptAndReported() throws Exception {
        List<ModelCall> events = new CopyOnWriteArrayList<>();
        try (LocalOpenAiServer server =
                        LocalOpenAiServer.start(c -> Reply.text("late").after(Duration.ofSeconds(2)));
                LlmClient client = TestClients.client(
                        server,
                        b -> b.maxRetries(0).callTimeout(Duration.ofMillis(200)).listener(events::add))) {
            Budget budget = Budget.of(0, 0, Duration.ofSeconds(10));
            LlmCallException e = assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, budget));
            assertTrue(e.getMessage().contains("after the request was sent"), e.getMessage());
            assertTrue(e.tokens().input() > 0, "the abandoned call cost nothing");
            assertEquals(e.tokens().total(), budget.tokensSpent());
            assertTrue(events.stream()
                    .anyMatch(c ->
                            c.kind() == ModelCall.Kind.ABANDONED && c.tokens().input() > 0));
        }
    }

    @Test
    void everyStepOfACallIsReportedToTheClientListenerAndTheBudget() throws Exception {
        List<ModelCall> heard = new CopyOnWriteArrayList<>();
        List<ModelCall> observed = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(
                        c -> n.getAndIncrement() == 0 ? Reply.status(502, "bad gateway") : Reply.text("ok"));
                LlmClient client = TestClients.client(server, b -> b.listener(heard::add))) {
            Budget budget = Budget.of(0, 0, null).observedBy(observed::add);
            LlmClient.Reply r = client.chat(HELLO, null, budget);
            assertEquals(2, r.calls());
            List<ModelCall.Kind> kinds = heard.stream().map(ModelCall::kind).toList();
            assertEquals(
                    List.of(
                            ModelCall.Kind.SENT,
                            ModelCall.Kind.FAILED,
                            ModelCall.Kind.RETRY_SCHEDULED,
                            ModelCall.Kind.SENT,
                            ModelCall.Kind.SUCCEEDED),
                    kinds);
            assertEquals(heard, observed);
            ModelCall done = heard.get(4);
            assertEquals(2, done.attempt());
            assertEquals(r.tokens(), done.tokens());
            assertTrue(heard.get(1).detail().contains("502"), heard.get(1).detail());
        }
    }
}
