/**
 * For tests and benchmarks: a loopback server speaking the OpenAI chat-completions protocol with scripted replies,
 * so that the real langchain4j client can be tested offline. Ships in d3mas-llm's test-jar, not in its main jar.
 */
@NullMarked
package io.d3mas.llm.testing;

import org.jspecify.annotations.NullMarked;
