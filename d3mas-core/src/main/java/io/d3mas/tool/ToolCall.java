package io.d3mas.tool;

import io.d3mas.InvalidInputException;
import java.util.Objects;

/**
 * One tool call an agent asked for, and what came of it.
 *
 * @param tool the tool's name
 * @param arguments the arguments as canonical JSON (keys sorted, no spaces): two calls with the same tool and
 *     the same canonical arguments are the same call
 * @param result the tool's result, or for a failed call the error the model was shown
 * @param failed whether the call failed (the tool threw, ran past its timeout or the deadline, the arguments
 *     were not JSON, or the tool does not exist)
 * @param reused whether the result was taken from the same call made earlier in the solve instead of calling
 *     the tool again
 * @param agentId the agent that asked for the call
 * @param memoryNodeId the MEMORY node that holds the result in the solve's graph; empty for a failed call and
 *     outside a solve
 * @since 0.2.0
 */
public record ToolCall(
        String tool,
        String arguments,
        String result,
        boolean failed,
        boolean reused,
        String agentId,
        String memoryNodeId) {

    public ToolCall {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(memoryNodeId, "memoryNodeId");
        if (failed && reused) {
            throw new InvalidInputException("a failed call is never reused");
        }
    }
}
