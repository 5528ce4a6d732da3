/**
 * The HTTP client under the langchain4j OpenAI client: reads Retry-After and status codes so that {@link io.d3mas.llm.LlmClient} can act on them, and registers credentials as secrets.
 */
@NullMarked
package io.d3mas.llm.http;

import org.jspecify.annotations.NullMarked;
