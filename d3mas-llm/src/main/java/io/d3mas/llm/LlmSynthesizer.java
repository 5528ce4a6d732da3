package io.d3mas.llm;

import io.d3mas.synthesis.RankedConclusion;
import io.d3mas.synthesis.Synthesis;
import io.d3mas.synthesis.SynthesisRequest;
import io.d3mas.synthesis.Synthesizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the final answer with an LLM from the ranked conclusions (ARCHITECTURE §4 step 8) and reports which
 * conclusions it used. When one task's conclusion is the whole answer (a single terminal task), that
 * conclusion is returned without a call, unless {@link Builder#callForOneConclusion} asks for one or the
 * conclusion shows signs of addressing a model (a line break, markup, a role line such as "Task:", phrases
 * such as "ignore previous instructions"): model-written text that may repeat injected memory is never
 * passed on as the answer without a model reading it as data. Conclusions are untrusted data in labelled, escaped elements (C1, C2, … in rank
 * order). Thread-safe.
 *
 * @since 0.1.0
 */
public final class LlmSynthesizer implements Synthesizer {

    private final LlmClient client;
    private final PromptTemplate system;
    private final PromptTemplate user;
    private final PromptTemplate repair;
    private final boolean callForOneConclusion;

    /** A synthesizer with the default prompts. */
    public LlmSynthesizer(LlmClient client) {
        this(builder(client));
    }

    private LlmSynthesizer(Builder b) {
        this.client = b.client;
        this.system = b.system.requireVariables("synthesizer system", Set.of());
        this.user = b.user.requireVariables("synthesizer user", Set.of("query", "conclusions"));
        this.repair = b.repair.requireVariables("repair", Set.of("error"));
        this.callForOneConclusion = b.callForOneConclusion;
    }

    public static Builder builder(LlmClient client) {
        return new Builder(client);
    }

    @Override
    public Synthesis synthesize(SynthesisRequest request) throws InterruptedException {
        if (!callForOneConclusion) {
            List<RankedConclusion> terminal = request.conclusions().stream()
                    .filter(RankedConclusion::terminal)
                    .toList();
            if (terminal.stream().map(RankedConclusion::taskId).distinct().count() == 1) {
                RankedConclusion best = terminal.stream()
                        .max(Comparator.comparingDouble(RankedConclusion::confidence))
                        .orElseThrow();
                if (!Untrusted.looksLikeInstructions(best.conclusion())) {
                    return Synthesis.of(best.conclusion(), List.of(best.reasoningNodeId()));
                }
                // model-written text that addresses a model (it may repeat injected memory) is not passed on
                // unread: the call below shows it to the model as data
            }
        }
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

    /**
     * Builds an {@link LlmSynthesizer}. Uses no variable in the system prompt and {@code ${query}} and {@code ${conclusions}} in the user
     * prompt.
     */
    public static final class Builder extends PromptedBuilder<Builder> {
        private boolean callForOneConclusion;

        private Builder(LlmClient client) {
            super(client, DefaultPrompts.SYNTHESIZER_SYSTEM, DefaultPrompts.SYNTHESIZER_USER);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Whether to call the model when a single task's conclusion is the whole answer (no other terminal
         * task). Default false: that conclusion is the answer, and the call is saved.
         */
        public Builder callForOneConclusion(boolean value) {
            this.callForOneConclusion = value;
            return this;
        }

        public LlmSynthesizer build() {
            return new LlmSynthesizer(this);
        }
    }
}
