package io.d3mas.tool;

import java.util.List;

/**
 * Tools that come with a resource to close, such as the connection to an MCP server. A team given a source with
 * {@code D3Mas.builder().tools(source)} offers its tools to every agent and closes it when the team is closed.
 *
 * @since 0.2.0
 */
public interface ToolSource extends AutoCloseable {

    /** The tools, in a stable order; never null. */
    List<AgentTool> tools();

    /** Releases the resource (stops the server process, closes the connection). Must not throw. */
    @Override
    void close();
}
