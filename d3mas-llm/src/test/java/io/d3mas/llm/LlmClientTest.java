package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LlmClientTest {

    private static final List<ChatMessage> HELLO = List.of(UserMessage.from("hello"));

    @Test
    void returnsTheAnswerWithTheTokensTheServerReported() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.text("hi there"));
                LlmClient client = TestClients.client(server, b -> b)) {
            LlmClient.Reply r = client.chat(HELLO, null, Budget.unlimited());
            assertEquals("hi there", r.text());
            assertEquals(1, r.calls());
            assertEquals(server.calls().get(0).promptTokens(), r.tokens().input());
            assertEquals(LocalOpenAiServer.tokens("hi there"), r.tokens().output());
            assertEquals("test-model", server.calls().get(0).model());
        }
    }

    @Test
    void retries5xxAndThenSucceeds() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(
                        c -> n.getAndIncrement() < 2 ? Reply.status(503, "overloaded") : Reply.text("ok"));
                LlmClient client = TestClients.client(server, b -> b.maxRetries(3))) {
            LlmClient.Reply r = client.chat(HELLO, null, Budget.unlimited());
            assertEquals("ok", r.text());
            assertEquals(3, r.calls());
            assertEquals(3, server.callCount());
        }
    }

    @Test
    void waitsAsLongAsRetryAfterSays() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(
                        c -> n.getAndIncrement() == 0 ? Reply.rateLimited(Duration.ofMillis(400)) : Reply.text("ok"));
                LlmClient client = TestClients.client(server, b -> b)) {
            long start = System.nanoTime();
            assertEquals("ok", client.chat(HELLO, null, Budget.unlimited()).text());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 400, "waited only " + ms + " ms of the 400 ms Retry-After");
        }
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsAtOnce() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.rateLimited(Duration.ofSeconds(120)));
                LlmClient client = TestClients.client(server, b -> b.maxRetryAfter(Duration.ofSeconds(5)))) {
            LlmCallException e =
                    assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            assertTrue(e.getMessage().contains("maxRetryAfter"), e.getMessage());
            assertEquals(1, server.callCount());
            assertTrue(e.isRetriable(), "a rate limit passes: the same call may succeed later");
        }
    }

    @Test
    void doesNotRetryA4xxOtherThan429() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(404, "no such model"));
                LlmClient client = TestClients.client(server, b -> b.maxRetries(5))) {
            LlmCallException e =
                    assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            assertEquals(1, server.callCount());
            assertTrue(e.getMessage().contains("not retried"), e.getMessage());
            assertFalse(e.isRetriable(), "the same request would meet the same 404");
        }
    }

    @Test
    void givesUpAfterMaxRetriesSayingWhy() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(500, "down"));
                LlmClient client = TestClients.client(server, b -> b.maxRetries(2))) {
            LlmCallException e =
                    assertThrows(LlmCallException.class, () -> client.chat(HELLO, null, Budget.unlimited()));
            assertEquals(3, server.callCount());
            assertEquals(3, e.calls());
            assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
            assertTrue(e.isRetriable(), "server errors that outlasted the retries may pass");
        }
    }

    @Test
    void retriesTimeoutsTruncatedAndMalformedBodiesAndEmptyChoices() throws Exception {
        List<Reply> script = List.of(
                Reply.text("late").after(Duration.ofMillis(1500)),
                Reply.truncated("cut off"),
                Reply.malformedBody(),
                Reply.emptyChoices(),
                Reply.text("finally"));
        AtomicInteger n = new AtomicInteger();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> script.get(n.getAndIncrement()));
                LlmClient client =
                        TestClients.client(server, b -> b.maxRetries(4).callTimeout(Duration.ofMillis(500)))) {
            LlmClient.Reply r = client.chat(HELLO, null, Budget.unlimited());
            assertEquals("finally", r.text());
            assertEquals(5, r.calls());
        }
    }

    @Test
    void fallsBackToPromptOnlyJsonWhenTheServerRejectsTheResponseFormat() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> c.responseFormat() != null
                        ? Reply.status(400, "response_format is not supported")
                        : Reply.text("{\"answer\": \"x\", \"used\": []}"));
                LlmClient client = TestClients.client(server, b -> b)) {
            assertFalse(client.usesPromptOnlyJson("synthesis"));
            client.chat(HELLO, Schemas.SYNTHESIS, Budget.unlimited());
            client.chat(HELLO, Schemas.SYNTHESIS, Budget.unlimited());
            assertTrue(client.usesPromptOnlyJson("synthesis"));
            assertEquals("json_schema", server.calls().get(0).responseFormat());
            assertNull(server.calls().get(1).responseFormat());
            assertEquals(3, server.callCount());
        }
    }

    @Test
    void startsNoCallBeyondTheCallBudget() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.status(500, "down"));
                LlmClient client = TestClients.client(server, b -> b.maxRetries(10))) {
            Budget budget = Budget.of(0, 2, null);
            BudgetExhaustedException e =
                    assertThrows(BudgetExhaustedException.class, () -> client.chat(HELLO, null, budget));
            assertEquals(Budget.Limit.LLM_CALLS, e.limit());
            assertEquals(2, server.callCount());
        }
    }

    @Test
    void startsNoCallThatWouldExceedTheTokenBudget() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.text("x".repeat(40)));
                LlmClient client = TestClients.client(server, b -> b.maxOutputTokens(20))) {
            Budget budget = Budget.of(100, 0, null);
            int ok = 0;
            try {
                while (true) {
                    client.chat(HELLO, null, budget);
                    ok++;
                }
            } catch (BudgetExhaustedException e) {
                assertEquals(Budget.Limit.TOKENS, e.limit());
            }
            assertTrue(ok >= 1, "no call fitted the budget");
            assertTrue(budget.tokensSpent() <= 100, "spent " + budget.tokensSpent() + " of 100");
            assertEquals(ok, server.callCount());
        }
    }

    @Test
    void keepsAtMostMaxConcurrentCallsInFlight() throws Exception {
        // Requests meet in pairs at a barrier, which opens only when two are in flight at once: the bound is
        // reached (no sleeps, no timing); the timeout is a hang guard for a client that sends one at a time.
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> {
                    peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    pairs.await(30, TimeUnit.SECONDS);
                    inFlight.decrementAndGet();
                    return Reply.text("ok");
                });
                LlmClient client = TestClients.client(server, b -> b.maxConcurrentCalls(2))) {
            ExecutorService callers = Executors.newFixedThreadPool(6);
            List<Future<LlmClient.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(callers.submit(() -> client.chat(HELLO, null, Budget.unlimited())));
            }
            for (Future<LlmClient.Reply> f : futures) {
                assertEquals("ok", f.get().text());
            }
            callers.shutdown();
            assertTrue(peak.get() <= 2, "peak " + peak.get() + " calls in flight, bound 2");
        }
    }

    @Test
    void anAbandonedCallKeepsItsSlotUntilItsThreadIsFree() throws Exception {
        // A model that ignores interrupts: an abandoned call's thread stays busy until the latch opens. Were its slot
        // freed at the timeout, every further call would start another stuck thread; the bound holds instead.
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        dev.langchain4j.model.chat.ChatModel stuck = new dev.langchain4j.model.chat.ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(
                    dev.langchain4j.model.chat.request.ChatRequest request) {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    while (true) {
                        try {
                            open.await();
                            break;
                        } catch (InterruptedException ignored) {
                            // this model does not stop for interrupts
                        }
                    }
                    return dev.langchain4j.model.chat.response.ChatResponse.builder()
                            .aiMessage(dev.langchain4j.data.message.AiMessage.from("late"))
                            .build();
                } finally {
                    running.decrementAndGet();
                }
            }
        };
        try (LlmClient client = LlmClient.builder(stuck)
                .name("stuck")
                .maxConcurrentCalls(2)
                .maxRetries(0)
                .callTimeout(Duration.ofMillis(100))
                .build()) {
            ExecutorService callers = Executors.newFixedThreadPool(6);
            List<Future<LlmClient.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(callers.submit(() -> client.chat(HELLO, null, Budget.of(0, 0, Duration.ofSeconds(1)))));
            }
            for (Future<LlmClient.Reply> f : futures) {
                java.util.concurrent.ExecutionException e =
                        assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
                assertTrue(
                        e.getCause() instanceof LlmCallException || e.getCause() instanceof BudgetExhaustedException,
                        String.valueOf(e.getCause()));
            }
            callers.shutdown();
            assertTrue(peak.get() <= 2, peak.get() + " model calls ran at once, maxConcurrentCalls 2");
        } finally {
            open.countDown();
        }
    }

    @Test
    void noRetryIsStartedThatWouldRunPastTheDeadline() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> Reply.rateLimited(Duration.ofSeconds(3)));
                LlmClient client = TestClients.client(server, b -> b)) {
            Budget budget = Budget.of(0, 0, Duration.ofSeconds(1));
            BudgetExhaustedException e =
                    assertThrows(BudgetExhaustedException.class, () -> client.chat(HELLO, null, budget));
            assertEquals(Budget.Limit.DEADLINE, e.limit());
            assertEquals(1, server.callCount());
        }
    }
}
