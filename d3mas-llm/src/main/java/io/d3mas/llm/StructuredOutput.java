package io.d3mas.llm;

/**
 * How an {@link LlmClient} asks for JSON.
 *
 * @since 0.1.0
 */
public enum StructuredOutput {
    /** {@code response_format: json_schema}; falls back to PROMPT if the server rejects it. */
    JSON_SCHEMA,
    /** {@code response_format: json_object}; falls back to PROMPT if the server rejects it. */
    JSON_OBJECT,
    /** The prompt asks for JSON; a tolerant parser reads the answer. */
    PROMPT
}
