package io.d3mas.llm;

import io.d3mas.synthesis.RankedConclusion;
import io.d3mas.synthesis.Synthesis;
import io.d3mas.synthesis.SynthesisRequest;
import io.d3mas.synthesis.Synthesizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the final answer with an LLM from the ranked conclusions (ARCHITECTURE §4 step 8) and reports which
 * conclusions it used. Conclusions are untrusted data in labelled, escaped elements (C1, C2, … in rank
 * order). Thread-safe.
 */
public final class LlmSynthesizer implements Synthesizer {

    private final LlmClient client;
    private final PromptTemplate system;
    private final PromptTemplate user;
    private final PromptTemplate repair;

    /** A synthesizer with the default prompts. */
    public LlmSynthesizer(LlmClient client) {
        this(client, DefaultPrompts.SYNTHESIZER_SYSTEM, DefaultPrompts.SYNTHESIZER_USER);
    }

    /**
     * @param system no variables
     * @param user variables {@code ${query}} and {@code ${conclusions}}
     */
    public LlmSynthesizer(LlmClient client, PromptTemplate system, PromptTemplate user) {
        this.client = Objects.requireNonNull(client, "client");
        this.system = system.requireVariables("synthesizer system", Set.of());
        this.user = user.requireVariables("synthesizer user", Set.of("query", "conclusions"));
        this.repair = DefaultPrompts.REPAIR;
    }

    @Override
    public Synthesis synthesize(SynthesisRequest request) throws InterruptedException {
        Map<String, String> labels = new LinkedHashMap<>();
        StringBuilder conclusions = new StringBuilder();
        for (RankedConclusion c : request.conclusions()) {
            String label = "C" + (labels.size() + 1);
            labels.put(label, c.reasoningNodeId());
            String confidence = String.format(Locale.ROOT, "%.2f", c.confidence());
            conclusions
                    .append(Untrusted.element(
                            "conclusion", c.conclusion(), "id", label, "task", c.taskText(), "confidence", confidence))
                    .append('\n');
        }
        String userText = user.render(Map.of(
                "query",
                Untrusted.escape(request.query()),
                "conclusions",
                conclusions.toString().strip()));
        JsonExchange.Answer<Synthesis> a = JsonExchange.ask(
                client, system.render(Map.of()), userText, Schemas.SYNTHESIS, repair, request.budget(), o -> {
                    String answer = LenientJson.requiredText(o, "answer");
                    if (answer.isEmpty()) {
                        throw new LenientJson.Problem("\"answer\" is empty");
                    }
                    List<String> used = new ArrayList<>();
                    for (String cited : LenientJson.texts(o, "used")) {
                        String id = labels.get(cited.toUpperCase(Locale.ROOT));
                        if (id != null && !used.contains(id)) {
                            used.add(id);
                        }
                    }
                    return Synthesis.of(answer, used);
                });
        return new Synthesis(a.value().answer(), a.value().usedReasoningNodeIds(), a.tokens(), a.calls());
    }

    @Override
    public String name() {
        return "LlmSynthesizer(" + client.name() + ")";
    }
}
