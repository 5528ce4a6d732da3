package io.d3mas.llm.mcp;

import io.d3mas.D3MasException;

/**
 * An MCP server could not be started, reached or used: the message says which server and what went wrong.
 *
 * @since 0.2.0
 */
public class McpException extends D3MasException {

    private static final long serialVersionUID = 1L;

    public McpException(String message) {
        super(message);
    }

    public McpException(String message, Throwable cause) {
        super(message, cause);
    }
}
