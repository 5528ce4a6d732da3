package io.d3mas.examples.baselines;

import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.Budget;
import io.d3mas.llm.LlmClient;
import io.d3mas.memory.MemoryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The single-agent baselines, on the same model and memory as the teams: one agent reads the top k above θ of all
 * memory for the question (one retriever, one retrieval per method run) and answers.
 *
 * <ul>
 *   <li>{@link #zeroShot}: one call, answer directly;
 *   <li>{@link #chainOfThought}: one call, reason step by step first;
 *   <li>{@link #selfConsistency}: CoT-SC, n chain-of-thought samples from the sampling client (temperature above
 *       0) and a majority vote over their answers; ties go to the earliest sample.
 * </ul>
 */
public final class Solo {

    private static final String DIRECT = "You are a careful expert. Answer the question directly, without"
            + " explanation, using the knowledge given when it helps.";
    private static final String STEP_BY_STEP = "You are a careful expert. Think step by step: write your"
            + " reasoning first, then the answer, using the knowledge given when it helps.";

    /** The one agent's id in an outcome's reads. */
    public static final String AGENT = "solo";

    private final LlmClient client;
    private final LlmClient sampler;
    private final EmbeddingModel embeddings;
    private final MemoryStore memory;
    private final int topK;
    private final double threshold;

    /**
     * @param client the deterministic client (zero-shot, CoT)
     * @param sampler the client CoT-SC samples from: the same model with a temperature above 0
     */
    public Solo(
            LlmClient client,
            LlmClient sampler,
            EmbeddingModel embeddings,
            MemoryStore memory,
            int topK,
            double threshold) {
        this.client = client;
        this.sampler = sampler;
        this.embeddings = embeddings;
        this.memory = memory;
        this.topK = topK;
        this.threshold = threshold;
    }

    public TeamTalk.Outcome zeroShot(String question, Budget budget) throws InterruptedException {
        return once(client, DIRECT, question, budget, AGENT);
    }

    public TeamTalk.Outcome chainOfThought(String question, Budget budget) throws InterruptedException {
        return once(client, STEP_BY_STEP, question, budget, AGENT);
    }

    /**
     * @param voteKey what counts as the same answer (the extracted label, number or normalised span)
     */
    public TeamTalk.Outcome selfConsistency(
            String question, int samples, Function<String, String> voteKey, Budget budget) throws InterruptedException {
        if (samples < 1) {
            throw new IllegalArgumentException("CoT-SC needs at least 1 sample, was " + samples);
        }
        Conversation c = new Conversation(sampler, budget);
        List<String> retrieved = new ArrayList<>();
        String user = prompt(question, retrieved);
        for (int i = 0; i < samples && !c.exhausted; i++) {
            String text = c.call(STEP_BY_STEP, user);
            if (text != null) {
                c.turns.add(new TeamTalk.Turn("sample-" + i, text, retrieved));
                c.read(AGENT, question, retrieved); // one agent, one retrieval: the samples share it
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, String> first = new LinkedHashMap<>();
        for (TeamTalk.Turn t : c.turns) {
            String key = voteKey.apply(t.text());
            votes.merge(key, 1, Integer::sum);
            first.putIfAbsent(key, t.text());
        }
        String winner = "";
        int best = 0;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > best) {
                best = e.getValue();
                winner = first.get(e.getKey());
            }
        }
        return c.outcome(winner);
    }

    private TeamTalk.Outcome once(LlmClient model, String system, String question, Budget budget, String agent)
            throws InterruptedException {
        Conversation c = new Conversation(model, budget);
        List<String> retrieved = new ArrayList<>();
        String text = c.call(system, prompt(question, retrieved));
        if (text != null) {
            c.turns.add(new TeamTalk.Turn(agent, text, retrieved));
            c.read(agent, question, retrieved);
        }
        return c.outcome(text == null ? "" : text);
    }

    private String prompt(String question, List<String> retrieved) {
        StringBuilder user = new StringBuilder();
        float[] q = embeddings.embed(question).content().vector();
        retrieved.addAll(Conversation.knowledge(memory, q, topK, threshold, Set.of(), user));
        return user.append("Question: ").append(question).append('\n').toString();
    }
}
