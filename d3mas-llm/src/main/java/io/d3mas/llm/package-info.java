/**
 * LLM components on any langchain4j {@code ChatModel}: the decomposer, agents and synthesizer, and the {@link io.d3mas.llm.LlmClient} they share (slots, retries, budgets, the Retry-After pause, a circuit breaker).
 */
@NullMarked
package io.d3mas.llm;

import org.jspecify.annotations.NullMarked;
