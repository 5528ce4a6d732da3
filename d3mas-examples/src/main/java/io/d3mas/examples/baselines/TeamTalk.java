package io.d3mas.examples.baselines;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Budget;
import io.d3mas.agent.AgentProfile;
import io.d3mas.llm.LlmClient;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat-based multi-agent baselines D³MAS is compared with, on the same agents, memory and model. Every agent
 * follows the evaluation's one memory-access policy: it retrieves the top k above θ from the whole store (the union
 * of all agents' memories, as D³MAS's tasks do) with its own query, the question plus its profile
 * ({@link #agentQuery}), once per method run, and talks in plain text.
 *
 * <ul>
 *   <li>{@link #chain}: agents speak in order; each sees every earlier agent's output. The last output is
 *       the answer.
 *   <li>{@link #star}: every agent answers alone; a coordinator (one more call, no memory) reads all answers
 *       and writes the final one.
 *   <li>{@link #debate}: the complete graph (LLM debate): in round 1 every agent answers alone; in each later
 *       round every agent sees every other agent's output of the round before. The last round's first
 *       output is the answer.
 * </ul>
 *
 * Each method spends from the {@link Budget} it is given. When the budget stops the next call, or an agent's call
 * fails for good, the method goes on with what was said so far and says so in {@link Outcome#stopped()}: the
 * answer is then the latest one available.
 */
public final class TeamTalk {

    /**
     * The answer and what it cost.
     *
     * @param answer the method's final answer (empty when no call could be made)
     * @param tokens tokens of all calls
     * @param calls LLM requests sent
     * @param turns every agent output in order, with the memory records the agent read
     * @param reads the retrievals whose knowledge reached a call that returned, in order: who read what
     * @param stopped empty, or why the method did not make every call it planned (budget, failed calls)
     */
    public record Outcome(
            String answer, TokenCount tokens, int calls, List<Turn> turns, List<Read> reads, String stopped) {
        public Outcome {
            turns = List.copyOf(turns);
            reads = List.copyOf(reads);
        }
    }

    /** One retrieval: the agent, the query text it searched with, and the records it got, best first. */
    public record Read(String agentId, String query, List<String> recordIds) {
        public Read {
            recordIds = List.copyOf(recordIds);
        }
    }

    /** An agent's own retrieval query under the evaluation's memory policy: the question and the agent's profile. */
    public static String agentQuery(String question, AgentProfile agent) {
        return question + "\n" + agent.description();
    }

    /** One agent output: who, what, and which memory records it was shown. */
    public record Turn(String agentId, String text, List<String> retrieved) {
        public Turn {
            retrieved = List.copyOf(retrieved);
        }
    }

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
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("a team needs at least one agent");
        }
        this.client = client;
        this.embeddings = embeddings;
        this.memory = memory;
        this.agents = List.copyOf(agents);
        this.topK = topK;
        this.threshold = threshold;
    }

    public Outcome chain(String question) throws InterruptedException {
        return chain(question, Budget.unlimited());
    }

    public Outcome chain(String question, Budget budget) throws InterruptedException {
        Talk t = new Talk(question, budget);
        List<String> said = new ArrayList<>();
        for (AgentProfile a : agents) {
            Turn turn = t.speak(a, said);
            if (turn == null && t.exhausted) {
                break;
            }
            if (turn != null) {
                said.add(a.id() + ": " + turn.text());
            }
        }
        return t.outcome(
                t.turns.isEmpty() ? "" : t.turns.get(t.turns.size() - 1).text());
    }

    public Outcome star(String question, Budget budget) throws InterruptedException {
        Talk t = new Talk(question, budget);
        for (AgentProfile a : agents) {
            if (t.speak(a, List.of()) == null && t.exhausted) {
                break;
            }
        }
        if (t.turns.isEmpty()) {
            return t.outcome("");
        }
        StringBuilder user = new StringBuilder("Question: ").append(question).append('\n');
        for (Turn turn : t.turns) {
            user.append("Agent ")
                    .append(turn.agentId())
                    .append(" said: ")
                    .append(turn.text())
                    .append('\n');
        }
        String system = "You coordinate a team of specialist agents. Read their answers to the question, resolve"
                + " disagreements, and write the team's final answer in the form the question asks for.";
        String coordinated = t.call(system, user.toString());
        return t.outcome(coordinated != null ? coordinated : t.turns.get(0).text());
    }

    public Outcome debate(String question, int rounds) throws InterruptedException {
        return debate(question, rounds, Budget.unlimited());
    }

    public Outcome debate(String question, int rounds, Budget budget) throws InterruptedException {
        if (rounds < 1) {
            throw new IllegalArgumentException("debate rounds must be at least 1, was " + rounds);
        }
        Talk t = new Talk(question, budget);
        List<String> previous = List.of();
        String answer = "";
        for (int round = 0; round < rounds && !t.exhausted; round++) {
            List<String> now = new ArrayList<>();
            for (AgentProfile a : agents) {
                List<String> others = new ArrayList<>();
                for (String p : previous) {
                    if (!p.startsWith(a.id() + ": ")) {
                        others.add(p);
                    }
                }
                Turn turn = t.speak(a, others);
                if (turn == null && t.exhausted) {
                    break;
                }
                if (turn != null) {
                    now.add(a.id() + ": " + turn.text());
                    if (now.size() == 1) {
                        answer = turn.text();
                    }
                }
            }
            if (!now.isEmpty()) {
                previous = now;
            }
        }
        return t.outcome(answer);
    }

    /** One method run: the question, each agent's retrieval (made once), and the conversation. */
    private final class Talk extends Conversation {
        final String question;
        final Map<String, List<String>> retrievedBy = new HashMap<>();
        final Map<String, String> knowledgeOf = new HashMap<>();

        Talk(String question, Budget budget) {
            super(client, budget);
            this.question = question;
        }

        /** One agent's turn, or null when its call could not be made. */
        Turn speak(AgentProfile a, List<String> heard) throws InterruptedException {
            String query = agentQuery(question, a);
            if (!retrievedBy.containsKey(a.id())) {
                StringBuilder lines = new StringBuilder();
                float[] q = embeddings.embed(query).content().vector();
                retrievedBy.put(a.id(), knowledge(memory, q, topK, threshold, Set.of(), lines));
                knowledgeOf.put(a.id(), lines.toString());
            }
            List<String> retrieved = retrievedBy.get(a.id());
            StringBuilder user = new StringBuilder(knowledgeOf.get(a.id()));
            for (String h : heard) {
                user.append("Another agent said: ").append(h).append('\n');
            }
            user.append("Question: ").append(question).append('\n');
            String system = "You are agent \"" + a.id() + "\", a specialist in: " + a.description()
                    + "\nAnswer the question from your knowledge and what the other agents said.";
            String text = call(system, user.toString());
            if (text == null) {
                return null;
            }
            Turn turn = new Turn(a.id(), text, retrieved);
            turns.add(turn);
            read(a.id(), query, retrieved);
            return turn;
        }
    }
}
