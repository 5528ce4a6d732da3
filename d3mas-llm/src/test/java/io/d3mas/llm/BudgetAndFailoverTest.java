package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Budgets stop spending at the limit; failing agents and decomposers are reported, never lose the solve. */
class BudgetAndFailoverTest {

    @Test
    void theCallBudgetStopsNewCallsAndTheAnswerComesFromWhatExists() throws Exception {
        ScriptedTeam script = new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT);
        try (LocalOpenAiServer server = LocalOpenAiServer.start(script);
                LlmClient client = TestClients.client(server, b -> b);
                D3Mas team = LlmSolveTest.team(
                        client,
                        client,
                        client,
                        LlmSolveTest.SETTINGS.toBuilder().llmCallBudget(2).build())) {
            SolveResult r = team.solve(LlmSolveTest.QUESTION);
            assertEquals(2, server.callCount(), "calls beyond the budget reached the server");
            assertEquals(2, r.usage().llmCalls());
            assertTrue(r.usage().budgetReached());
            assertTrue(
                    r.usage().budgetStop().contains("LLM-call budget"),
                    r.usage().budgetStop());
            assertTrue(r.usage().budgetStop().contains("synthesis"), r.usage().budgetStop());
            assertTrue(r.answer().contains("Paris"), "the first sub-answer was lost: " + r.answer());
        }
    }

    @Test
    void theTokenBudgetIsNeverExceeded() throws Exception {
        ScriptedTeam script = new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT);
        long unlimited;
        try (LocalOpenAiServer server = LocalOpenAiServer.start(script);
                LlmClient client = TestClients.client(server, b -> b.maxOutputTokens(100));
                D3Mas team = LlmSolveTest.team(client, client, client, LlmSolveTest.SETTINGS)) {
            unlimited = team.solve(LlmSolveTest.QUESTION).usage().totalTokens().total();
        }
        for (long budget : new long[] {unlimited / 4, unlimited / 2, unlimited * 3 / 4}) {
            try (LocalOpenAiServer server = LocalOpenAiServer.start(script);
                    LlmClient client = TestClients.client(server, b -> b.maxOutputTokens(100));
                    D3Mas team = LlmSolveTest.team(
                            client,
                            client,
                            client,
                            LlmSolveTest.SETTINGS.toBuilder()
                                    .tokenBudget(budget)
                                    .build())) {
                SolveResult r = team.solve(LlmSolveTest.QUESTION);
                assertTrue(
                        server.tokensReported() <= budget,
                        "server counted " + server.tokensReported() + " tokens, budget " + budget);
                assertEquals(server.tokensReported(), r.usage().totalTokens().total());
                assertFalse(r.answer().isBlank());
                assertTrue(r.usage().budgetReached(), "budget " + budget + " was not reached");
            }
        }
    }

    @Test
    void anAgentWhoseModelKeepsFailingIsReportedAndItsTasksGoToTheNextBestAgent() throws Exception {
        ScriptedTeam script = new ScriptedTeam().decompose(LlmSolveTest.QUESTION, LlmSolveTest.SPLIT);
        try (LocalOpenAiServer good = LocalOpenAiServer.start(script);
                LocalOpenAiServer broken = LocalOpenAiServer.start(c -> Reply.status(502, "bad gateway"));
                LlmClient goodClient = TestClients.client(good, b -> b);
                LlmClient brokenClient = TestClients.client(broken, b -> b.maxRetries(1));
                D3Mas team = LlmSolveTest.team(
                        goodClient,
                        brokenClient,
                        goodClient,
                        LlmSolveTest.SETTINGS.toBuilder().maxAgentFailures(1).build())) {
            SolveResult r = team.solve(LlmSolveTest.QUESTION);
            assertTrue(r.answer().contains("Seine"), r.answer() + " " + r.warnings());
            assertEquals(
                    1,
                    r.usage().agentFailures().get("geo"),
                    r.usage().agentFailures().toString());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("agent 'geo' failed 1 times")),
                    r.warnings().toString());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("502")),
                    r.warnings().toString());
            assertEquals(2, broken.callCount(), "the excluded agent was called again");
            assertFalse(r.assignments().containsValue("geo"));
        }
    }

    @Test
    void aDecomposerAnswerOfTheWrongShapeGetsOneRepairRound() throws Exception {
        AtomicInteger decompositions = new AtomicInteger();
        ScriptedTeam script = new ScriptedTeam();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(c -> {
                    if (ScriptedTeam.isDecomposer(c) && decompositions.getAndIncrement() == 0) {
                        return Reply.text("Sure! ```json\n{'subtasks': [{'task': 'x', 'dependsOn': [7]}]}\n```");
                    }
                    return ScriptedTeam.isDecomposer(c) ? Reply.text(LlmSolveTest.SPLIT) : script.respond(c);
                });
                LlmClient client = TestClients.client(server, b -> b);
                D3Mas team = LlmSolveTest.team(client, client, client, LlmSolveTest.SETTINGS)) {
            SolveResult r = team.solve(LlmSolveTest.QUESTION);
            assertTrue(r.answer().contains("Seine"), r.answer());
            var repair = server.calls().get(1);
            assertTrue(repair.lastUser().contains("refers to sub-task 7"), repair.lastUser());
            assertEquals("assistant", repair.messages().get(2).role());
        }
    }

    @Test
    void aDecomposerThatFailsTwiceIsRecordedAndTheQueryIsAnsweredWhole() throws Exception {
        ScriptedTeam script = new ScriptedTeam();
        try (LocalOpenAiServer server = LocalOpenAiServer.start(
                        c -> ScriptedTeam.isDecomposer(c) ? Reply.text("I cannot do JSON.") : script.respond(c));
                LlmClient client = TestClients.client(server, b -> b);
                D3Mas team = LlmSolveTest.team(client, client, client, LlmSolveTest.SETTINGS)) {
            SolveResult r = team.solve("What city is the capital of France?");
            assertTrue(
                    r.warnings().stream()
                            .anyMatch(w -> w.message().contains("wrong shape twice")
                                    && w.message().contains("answered whole")),
                    r.warnings().toString());
            assertTrue(r.answer().contains("Paris"), r.answer());
            assertEquals(
                    2,
                    r.usage().tokensByStep().isEmpty()
                            ? 0
                            : server.calls().stream()
                                    .filter(ScriptedTeam::isDecomposer)
                                    .count());
        }
    }
}
