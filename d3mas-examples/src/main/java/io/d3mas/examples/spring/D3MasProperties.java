package io.d3mas.examples.spring;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code d3mas.*} properties: the team and its solve settings ({@code docs/spring-boot.md}). A setting left
 * unset keeps the {@link io.d3mas.SolveSettings} default.
 *
 * @param enabled {@code false} builds no team
 * @param agents the team, in order
 * @param topK memory records each task retrieves ({@code SolveSettings.topK})
 * @param threshold the least cosine similarity a retrieved record needs ({@code SolveSettings.threshold})
 * @param maxConcurrency tasks run at once ({@code SolveSettings.maxConcurrency})
 * @param maxDepth how deep decomposition recurses ({@code SolveSettings.maxDepth})
 * @param minConfidence below it an answer gets feedback rounds ({@code SolveSettings.minConfidence})
 * @param maxFeedbackRounds feedback rounds at most ({@code SolveSettings.maxFeedbackRounds})
 * @param solveTimeout the whole solve's deadline ({@code SolveSettings.solveTimeout})
 * @param taskTimeout one agent call's limit ({@code SolveSettings.taskTimeout})
 * @param tokenBudget LLM tokens per solve, 0 = no limit ({@code SolveSettings.tokenBudget})
 * @param llmCallBudget LLM calls per solve, 0 = no limit ({@code SolveSettings.llmCallBudget})
 * @param messagePassing {@code false} turns message passing off
 * @param virtualThreads agent tasks on virtual threads (Java 21+)
 * @param llm the client over the application's langchain4j {@code ChatModel} bean
 * @since 0.1.0
 */
@ConfigurationProperties("d3mas")
public record D3MasProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<AgentProperties> agents,
        @Nullable Integer topK,
        @Nullable Double threshold,
        @Nullable Integer maxConcurrency,
        @Nullable Integer maxDepth,
        @Nullable Double minConfidence,
        @Nullable Integer maxFeedbackRounds,
        @Nullable Duration solveTimeout,
        @Nullable Duration taskTimeout,
        @Nullable Long tokenBudget,
        @Nullable Integer llmCallBudget,
        @DefaultValue("true") boolean messagePassing,
        @DefaultValue("false") boolean virtualThreads,
        @DefaultValue Llm llm) {

    /**
     * One agent of the team.
     *
     * @param id the agent's id, required
     * @param description its profile: what it knows (tasks are assigned by comparing them with it), required
     * @param kind {@code llm}, {@code retrieval} or {@code arithmetic}; unset: {@code llm} when the application
     *     has a {@code ChatModel} bean, else {@code retrieval}
     * @param bean the name of an {@code Agent} bean to use instead of {@code kind}
     * @param facts texts remembered for the agent at start-up (idempotent across restarts)
     */
    public record AgentProperties(
            @Nullable String id,
            @Nullable String description,
            @Nullable String kind,
            @Nullable String bean,
            @DefaultValue List<String> facts) {}

    /**
     * The LLM client the decomposer, synthesizer and {@code llm} agents share.
     *
     * @param enabled {@code false} ignores the {@code ChatModel} bean: the team runs offline
     * @param callTimeout per call, from sending
     * @param maxConcurrentCalls calls in flight at once
     * @param maxRetries retries of a failed call
     */
    public record Llm(
            @DefaultValue("true") boolean enabled,
            @Nullable Duration callTimeout,
            @Nullable Integer maxConcurrentCalls,
            @Nullable Integer maxRetries) {}
}
