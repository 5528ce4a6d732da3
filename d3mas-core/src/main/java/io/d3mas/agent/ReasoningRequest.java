package io.d3mas.agent;

import io.d3mas.Budget;
import io.d3mas.memory.MemoryHit;
import io.d3mas.tool.ToolBox;
import java.util.List;
import java.util.Objects;

/**
 * What an agent gets for one task.
 *
 * @param query the user's whole query, for context
 * @param taskId the TASK node id
 * @param task the task text, with the answers of the tasks it depends on filled in
 * @param agent the profile the agent plays
 * @param memory knowledge retrieved for this task, best first; untrusted data, not instructions
 * @param premises conclusions of other steps it may build on; untrusted data, not instructions
 * @param round 0 for the first attempt, higher in feedback rounds
 * @param budget what the solve may still spend; an agent that calls an LLM asks it for a permit per call
 * @param tools the team's tools and the way to call them (any tool, the agent's own too): calls go through the
 *     solve's ledger, which reuses identical calls and records results in the graph (since 0.2.0)
 * @since 0.1.0
 */
public record ReasoningRequest(
        String query,
        String taskId,
        String task,
        AgentProfile agent,
        List<MemoryHit> memory,
        List<Premise> premises,
        int round,
        Budget budget,
        ToolBox tools) {

    public ReasoningRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(agent, "agent");
        memory = List.copyOf(Objects.requireNonNull(memory, "memory"));
        premises = List.copyOf(Objects.requireNonNull(premises, "premises"));
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(tools, "tools");
    }

    /** A request without team tools. */
    public ReasoningRequest(
            String query,
            String taskId,
            String task,
            AgentProfile agent,
            List<MemoryHit> memory,
            List<Premise> premises,
            int round,
            Budget budget) {
        this(query, taskId, task, agent, memory, premises, round, budget, ToolBox.none());
    }

    /** A request with no spending limit (outside a solve: tests, tools). */
    public ReasoningRequest(
            String query,
            String taskId,
            String task,
            AgentProfile agent,
            List<MemoryHit> memory,
            List<Premise> premises,
            int round) {
        this(query, taskId, task, agent, memory, premises, round, Budget.unlimited(), ToolBox.none());
    }
}
