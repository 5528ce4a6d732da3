package io.d3mas.examples.baselines;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Budget;
import io.d3mas.agent.AgentProfile;
import io.d3mas.llm.LlmClient;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The chat-based multi-agent baselines D³MAS is compared with, on the same agents, memory and model: every
 * agent retrieves the top k of its own memory for the query and talks in plain text.
 *
 * <ul>
 *   <li>{@link #chain}: agents speak in order; each sees every earlier agent's output. The last output is
 *       the answer.
 *   <li>{@link #debate}: the complete graph (LLM debate): in round 1 every agent answers alone; in each later
 *       round every agent sees every other agent's output of the round before. The last round's first
 *       output is the answer.
 * </ul>
 */
public final class TeamTalk {

    /** The answer and what it cost. */
    public record Outcome(String answer, TokenCount tokens, int calls) {}

    private final LlmClient client;
    private final EmbeddingModel embeddings;
    private final MemoryStore memory;
    private final List<AgentProfile> agents;
    private final int topK;
    private final double threshold;

    public TeamTalk(
            LlmClient client,
            EmbeddingModel embeddings,
            MemoryStore memory,
            List<AgentProfile> agents,
            int topK,
            double threshold) {
        this.client = client;
        this.embeddings = embeddings;
        this.memory = memory;
        this.agents = List.copyOf(agents);
        this.topK = topK;
        this.threshold = threshold;
    }

    public Outcome chain(String question) throws InterruptedException {
        float[] q = embeddings.embed(question).content().vector();
        List<String> said = new ArrayList<>();
        TokenCount tokens = TokenCount.ZERO;
        int calls = 0;
        for (AgentProfile a : agents) {
            LlmClient.Reply r = speak(a, question, q, said);
            said.add(a.id() + ": " + r.text());
            tokens = tokens.plus(r.tokens());
            calls += r.calls();
        }
        return new Outcome(said.get(said.size() - 1), tokens, calls);
    }

    public Outcome debate(String question, int rounds) throws InterruptedException {
        float[] q = embeddings.embed(question).content().vector();
        List<String> previous = List.of();
        TokenCount tokens = TokenCount.ZERO;
        int calls = 0;
        for (int round = 0; round < rounds; round++) {
            List<String> now = new ArrayList<>();
            for (AgentProfile a : agents) {
                List<String> others = new ArrayList<>();
                for (String p : previous) {
                    if (!p.startsWith(a.id() + ": ")) {
                        others.add(p);
                    }
                }
                LlmClient.Reply r = speak(a, question, q, others);
                now.add(a.id() + ": " + r.text());
                tokens = tokens.plus(r.tokens());
                calls += r.calls();
            }
            previous = now;
        }
        return new Outcome(previous.get(0), tokens, calls);
    }

    private LlmClient.Reply speak(AgentProfile a, String question, float[] q, List<String> heard)
            throws InterruptedException {
        StringBuilder user = new StringBuilder("Question: ").append(question).append('\n');
        for (MemoryHit h : memory.search(new MemoryQuery(q, topK, threshold, Set.of(a.id())))) {
            user.append("Knowledge: ").append(h.record().content()).append('\n');
        }
        for (String h : heard) {
            user.append("Another agent said: ").append(h).append('\n');
        }
        String system = "You are agent \"" + a.id() + "\", a specialist in: " + a.description()
                + "\nAnswer the question from your knowledge and what the other agents said.";
        return client.chat(
                List.of(SystemMessage.from(system), UserMessage.from(user.toString())), null, Budget.unlimited());
    }
}
