package io.d3mas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.d3mas.InvalidInputException;
import io.d3mas.agent.Agent;
import io.d3mas.agent.Premise;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.memory.MemoryHit;
import io.d3mas.metrics.TokenCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An agent that reasons with an LLM (paper eq. 6): given its task, the memory retrieved for it and the
 * conclusions it may build on, it returns an answer, a conclusion, the premises it rests on, a confidence,
 * what it still needs and which knowledge it used — the material for DEPEND and GROUND edges and for the
 * feedback step (ARCHITECTURE §4 steps 6–7).
 *
 * <p>Everything but the constant instruction lines is untrusted data: the query, the task (which may hold
 * other agents' answers, filled in for its placeholders), the agent's profile (which {@link ProfileWriter}
 * may have written from memory), memory and premises each sit in a labelled element with their text
 * escaped, and the system prompt says never to follow instructions inside them. Memory is labelled K1, K2, … in the
 * prompt (shorter than record ids); the labels the model cites are mapped back to record ids.
 *
 * <p>Each agent may have its own {@link LlmClient}, so a team can mix models. Thread-safe.
 *
 * @since 0.1.0
 */
public final class LlmAgent implements Agent {

    static final Set<String> SYSTEM_VARIABLES = Set.of("agentId", "profile");
    static final Set<String> USER_VARIABLES = Set.of("query", "task", "premises", "knowledge");

    private final LlmClient client;
    private final PromptTemplate system;
    private final PromptTemplate user;
    private final PromptTemplate repair;
    private final int maxKnowledgeChars;

    private LlmAgent(Builder b) {
        this.client = b.client;
        this.system = b.system.requireVariables("agent system", SYSTEM_VARIABLES);
        this.user = b.user.requireVariables("agent user", USER_VARIABLES);
        this.repair = b.repair.requireVariables("repair", Set.of("error"));
        this.maxKnowledgeChars = b.maxKnowledgeChars;
    }

    /** An agent with the default prompts. */
    public static LlmAgent of(LlmClient client) {
        return builder(client).build();
    }

    public static Builder builder(LlmClient client) {
        return new Builder(client);
    }

    @Override
    public ReasoningResult reason(ReasoningRequest request) throws InterruptedException {
        Map<String, String> labels = new LinkedHashMap<>();
        StringBuilder knowledge = new StringBuilder();
        for (MemoryHit hit : request.memory()) {
            String label = "K" + (labels.size() + 1);
            String text = hit.record().content();
            if (text.length() > maxKnowledgeChars) {
                text = text.substring(0, maxKnowledgeChars) + " …";
            }
            labels.put(label, hit.record().id());
            knowledge
                    .append(Untrusted.element(
                            "knowledge",
                            text,
                            "id",
                            label,
                            "source",
                            hit.record().provenance().source()))
                    .append('\n');
        }
        StringBuilder premises = new StringBuilder();
        for (Premise p : request.premises()) {
            premises.append(Untrusted.element("premise", p.conclusion(), "agent", p.agentId(), "task", p.taskText()))
                    .append('\n');
        }
        String systemText = system.render(Map.of(
                "agentId",
                Untrusted.escape(request.agent().id()),
                "profile",
                Untrusted.escape(request.agent().description())));
        String userText = user.render(Map.of(
                "query", Untrusted.escape(request.query()),
                "task", Untrusted.escape(request.task()),
                "premises", premises.toString().strip(),
                "knowledge", knowledge.toString().strip()));
        JsonExchange.Answer<ReasoningResult> a = JsonExchange.ask(
                client, systemText, userText, Schemas.REASONING, repair, request.budget(), o -> read(o, labels));
        ReasoningResult r = a.value();
        return new ReasoningResult(
                r.answer(),
                r.conclusion(),
                r.premises(),
                r.confidence(),
                r.needs(),
                r.usedMemoryIds(),
                a.tokens(),
                a.calls());
    }

    /** Reads a reasoning answer; knowledge labels become record ids, unknown labels are dropped. */
    static ReasoningResult read(JsonNode o, Map<String, String> labels) throws LenientJson.Problem {
        String answer = LenientJson.text(o, "answer", "");
        String conclusion = LenientJson.text(o, "conclusion", "");
        if (conclusion.isEmpty()) {
            conclusion = answer;
        } else if (answer.isEmpty()) {
            answer = conclusion;
        }
        double confidence = LenientJson.unit(o, "confidence", conclusion.isEmpty() ? 0 : 0.5);
        List<String> needs = LenientJson.texts(o, "needs");
        if (conclusion.isEmpty() && needs.isEmpty()) {
            throw new LenientJson.Problem(
                    "there is neither an answer nor a conclusion, and \"needs\" does not say what is missing");
        }
        Set<String> used = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>(labels.values());
        for (String cited : LenientJson.texts(o, "usedMemory")) {
            String id = labels.getOrDefault(cited.toUpperCase(Locale.ROOT), cited);
            if (ids.contains(id)) {
                used.add(id);
            }
        }
        return new ReasoningResult(
                answer,
                conclusion,
                LenientJson.texts(o, "premises"),
                conclusion.isEmpty() ? 0 : confidence,
                needs,
                new ArrayList<>(used),
                TokenCount.ZERO,
                0);
    }

    @Override
    public String toString() {
        return "LlmAgent(" + client.name() + ")";
    }

    /**
     * Builds an {@link LlmAgent}. Uses variables {@code ${agentId}} and {@code ${profile}} in the system prompt and {@code ${query}},
     * {@code ${task}}, {@code ${premises}} and {@code ${knowledge}} in the user prompt.
     */
    public static final class Builder extends PromptedBuilder<Builder> {
        private int maxKnowledgeChars = 2000;

        private Builder(LlmClient client) {
            super(client, DefaultPrompts.AGENT_SYSTEM, DefaultPrompts.AGENT_USER);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Longest memory text put in a prompt; longer ones are cut. Default 2,000 characters. */
        public Builder maxKnowledgeChars(int value) {
            if (value < 50) {
                throw new InvalidInputException("maxKnowledgeChars must be >= 50, was " + value);
            }
            this.maxKnowledgeChars = value;
            return this;
        }

        public LlmAgent build() {
            return new LlmAgent(this);
        }
    }
}
