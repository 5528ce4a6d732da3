package io.d3mas.examples.eval;

import io.d3mas.llm.LlmClient;

/**
 * The model every LLM method uses: {@code client} answers deterministically (temperature 0), {@code sampler} is
 * the same model with a temperature for CoT-SC's samples.
 */
record Llm(LlmClient client, LlmClient sampler, String model) implements AutoCloseable {
    @Override
    public void close() {
        client.close();
        sampler.close();
    }
}
