/**
 * Tools that agents call: {@link io.d3mas.tool.AgentTool} (a langchain4j {@code ToolSpecification} with a
 * {@link io.d3mas.tool.ToolExecutor}, or {@code @Tool} methods), the {@link io.d3mas.tool.ToolBox} each request
 * carries, and {@link io.d3mas.tool.ToolCall}, the record of one call. A tool result is knowledge: it becomes a
 * MEMORY node with provenance {@code tool:<name>}, and a second agent asking for the same call reuses it. See
 * docs/tools.md.
 */
@NullMarked
package io.d3mas.tool;

import org.jspecify.annotations.NullMarked;
