package io.d3mas.tool;

/**
 * Runs one tool: takes the arguments the model chose, as a JSON object, and returns the result as text (JSON or
 * prose; it reaches the model as untrusted data).
 *
 * <pre>{@code
 * ToolExecutor weather = arguments -> client.forecast(Json.read(arguments).get("city").asText());
 * }</pre>
 *
 * <p>Must be thread-safe: agents call tools in parallel. A call runs under the tool's timeout and the solve's
 * deadline and is interrupted when either passes, so a slow tool should respond to interruption.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ToolExecutor {

    /**
     * Runs the tool.
     *
     * @param arguments the arguments as a JSON object, never null ({@code {}} when the tool takes none)
     * @return the result text, never null
     * @throws Exception any failure: the model gets it as an error result and the solve goes on
     */
    String execute(String arguments) throws Exception;
}
