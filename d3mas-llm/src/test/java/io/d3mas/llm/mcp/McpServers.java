package io.d3mas.llm.mcp;

import io.d3mas.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the npm MCP servers are: {@code .ci/mcp-servers.sh} installs them and exports {@code D3MAS_MCP_SERVERS}.
 * Without them the tests skip, except where {@code D3MAS_REQUIRE_SERVICES=1} (CI), where they fail.
 */
final class McpServers {

    private McpServers() {}

    /** The entry script of {@code @modelcontextprotocol/<name>}; skips or fails the test when it is missing. */
    static Path script(String name) {
        String dir = System.getenv("D3MAS_MCP_SERVERS");
        Path script =
                dir == null ? null : Path.of(dir, "node_modules", "@modelcontextprotocol", name, "dist", "index.js");
        if (script == null || !Files.isRegularFile(script)) {
            RequiredService.missing("no @modelcontextprotocol/" + name
                    + " (source .ci/mcp-servers.sh to install it and set D3MAS_MCP_SERVERS)");
        }
        return script;
    }
}
