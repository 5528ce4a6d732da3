package io.d3mas.tool;

import io.d3mas.agent.Agent;
import io.d3mas.agent.ReasoningResult;
import java.util.List;

/** Agents for tool tests. */
public final class ToolAgents {

    private ToolAgents() {}

    /**
     * An agent that calls the team's tool {@code tool} with {@code arguments}, adds the call to {@code seen}, and
     * answers with the result (or, when the call failed, says it needs what the error says).
     */
    public static Agent calling(String tool, String arguments, List<ToolCall> seen) {
        return request -> {
            AgentTool t = request.tools().tools().stream()
                    .filter(x -> x.name().equals(tool))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the team has no tool " + tool));
            ToolCall c = request.tools().call(t, arguments);
            seen.add(c);
            return c.failed()
                    ? ReasoningResult.unanswered(List.of(c.result()))
                    : ReasoningResult.answer(c.result()).build();
        };
    }
}
