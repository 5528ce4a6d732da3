/**
 * For tests and benchmarks only, not for production: a loopback server speaking the OpenAI chat-completions protocol with scripted replies, so the real langchain4j client can be tested offline.
 */
@NullMarked
package io.d3mas.llm.testing;

import org.jspecify.annotations.NullMarked;
