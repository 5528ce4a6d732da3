package io.d3mas.examples.baselines;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmException;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The calls of one baseline run on one budget: what they cost, what each agent said, and why calls stopped. A
 * call the budget refuses stops every later call; a call that fails for good is skipped and the run goes on.
 */
class Conversation {

    private final LlmClient client;
    private final Budget budget;
    final List<TeamTalk.Turn> turns = new ArrayList<>();
    private final List<TeamTalk.Read> reads = new ArrayList<>();
    private final List<String> stops = new ArrayList<>();
    private TokenCount tokens = TokenCount.ZERO;
    private int calls;
    boolean exhausted;

    Conversation(LlmClient client, Budget budget) {
        this.client = client;
        this.budget = budget;
    }

    /** The model's reply, or null when the budget refused the call or the call failed. */
    @Nullable
    String call(String system, String user) throws InterruptedException {
        if (exhausted) {
            return null;
        }
        try {
            LlmClient.Reply r = client.chat(List.of(SystemMessage.from(system), UserMessage.from(user)), null, budget);
            tokens = tokens.plus(r.tokens());
            calls += r.calls();
            return r.text();
        } catch (BudgetExhaustedException e) {
            exhausted = true;
            stops.add("budget: " + e.getMessage());
            return null;
        } catch (LlmException e) {
            tokens = tokens.plus(e.tokens());
            calls += e.calls();
            stops.add("call failed: " + e.getMessage());
            return null;
        }
    }

    /**
     * Logs a retrieval whose knowledge reached a call that returned; the same agent's same query counts once (a
     * debate agent re-reads its list every round, CoT-SC's samples share one).
     */
    void read(String agentId, String query, List<String> recordIds) {
        TeamTalk.Read r = new TeamTalk.Read(agentId, query, recordIds);
        if (!reads.contains(r)) {
            reads.add(r);
        }
    }

    /**
     * Appends the top k records for {@code q} (of {@code owners}' memory; all memory when empty) as "Knowledge:"
     * lines and returns their ids.
     */
    static List<String> knowledge(
            MemoryStore memory, float[] q, int topK, double threshold, Set<String> owners, StringBuilder user) {
        List<String> ids = new ArrayList<>();
        for (MemoryHit h : memory.search(new MemoryQuery(q, topK, threshold, owners))) {
            user.append("Knowledge: ").append(h.record().content()).append('\n');
            ids.add(h.record().id());
        }
        return ids;
    }

    TeamTalk.Outcome outcome(String answer) {
        return new TeamTalk.Outcome(answer, tokens, calls, turns, reads, String.join("; ", stops));
    }
}
