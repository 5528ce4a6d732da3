/**
 * MCP for D³MAS teams, on the official MCP Java SDK (add {@code io.modelcontextprotocol.sdk:mcp-core} and
 * {@code mcp-json-jackson2}): {@link io.d3mas.llm.mcp.McpTools}, the tools of an MCP server for agents, and
 * {@link io.d3mas.llm.mcp.McpSolveServer}, a team served as an MCP server with one tool, {@code solve}. See
 * docs/tools.md.
 */
@NullMarked
package io.d3mas.llm.mcp;

import org.jspecify.annotations.NullMarked;
