package io.d3mas.llm;

import java.util.Objects;

/**
 * What the builders of the LLM components share: the client and the three prompts each component sends (its
 * system prompt, its user prompt, and the repair prompt after an answer of the wrong shape). The variables
 * each template must use are listed on the component's builder; {@code build()} checks them.
 *
 * @param <B> the concrete builder
 * @since 0.1.0
 */
public abstract class PromptedBuilder<B extends PromptedBuilder<B>> {

    final LlmClient client;
    PromptTemplate system;
    PromptTemplate user;
    PromptTemplate repair = DefaultPrompts.REPAIR;

    PromptedBuilder(LlmClient client, PromptTemplate system, PromptTemplate user) {
        this.client = Objects.requireNonNull(client, "client");
        this.system = system;
        this.user = user;
    }

    /** Replaces the system prompt. */
    public B systemPrompt(PromptTemplate value) {
        this.system = Objects.requireNonNull(value, "systemPrompt");
        return self();
    }

    /** Replaces the user prompt. */
    public B userPrompt(PromptTemplate value) {
        this.user = Objects.requireNonNull(value, "userPrompt");
        return self();
    }

    /** Replaces the repair prompt (variable {@code ${error}}). */
    public B repairPrompt(PromptTemplate value) {
        this.repair = Objects.requireNonNull(value, "repairPrompt");
        return self();
    }

    abstract B self();
}
