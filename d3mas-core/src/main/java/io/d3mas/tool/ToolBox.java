package io.d3mas.tool;

import io.d3mas.Budget;
import io.d3mas.internal.ToolLedger;
import java.util.List;

/**
 * The tools an agent may use for one task, and the way to call them. The engine gives every
 * {@link io.d3mas.agent.ReasoningRequest} a box whose calls go through the solve's ledger: a call with the same
 * tool and the same canonical arguments as one already made in the solve, by any agent, takes that call's result
 * instead of running the tool again (unless the tool is {@linkplain AgentTool#reusable() not reusable}); each
 * result becomes a MEMORY node (provenance {@code tool:<name>}) GROUNDed to the reasoning step. A call never
 * throws for a tool's failure: the failure comes back as a {@link ToolCall#failed() failed} call, to show the
 * model.
 *
 * <pre>{@code
 * Agent agent = request -> {
 *     AgentTool lookup = request.tools().tools().get(0);
 *     ToolCall c = request.tools().call(lookup, "{\"city\":\"Lyon\"}");
 *     return c.failed() ? ReasoningResult.unanswered(List.of(c.result())) : ReasoningResult.answer(c.result()).build();
 * };
 * }</pre>
 *
 * <p>Thread-safe: an agent may make several calls at once.
 *
 * @since 0.2.0
 */
public interface ToolBox {

    /** The team's tools ({@code D3Mas.builder().tools(…)}); an agent may also call tools of its own. */
    List<AgentTool> tools();

    /**
     * Calls a tool, or reuses the same call made earlier in the solve.
     *
     * @param tool a team tool or one of the agent's own
     * @param arguments a JSON object; blank means {@code {}}
     * @return the call; {@link ToolCall#failed()} when the tool failed, timed out or the arguments were not JSON
     * @throws InterruptedException when the agent's call is interrupted (its timeout, or the solve ended)
     */
    ToolCall call(AgentTool tool, String arguments) throws InterruptedException;

    /** The calls made through this box so far, in the order they finished. */
    List<ToolCall> calls();

    /** A box with no team tools for use outside a solve (tests, direct calls): no reuse beyond the box's own calls. */
    static ToolBox none() {
        return of(List.of());
    }

    /** A box with these tools for use outside a solve, without a deadline; calls are not recorded in any graph. */
    static ToolBox of(List<AgentTool> tools) {
        return new ToolLedger(ToolLedger.Recorder.NONE, Budget.unlimited()).box("", "", tools);
    }
}
