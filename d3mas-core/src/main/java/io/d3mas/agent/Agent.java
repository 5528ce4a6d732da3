package io.d3mas.agent;

/**
 * An agent of the team: answers one atomic task from the memory retrieved for it and the conclusions of
 * other agents it may build on (paper eq. 6). The one method to implement is {@link #reason}; the agent's
 * id and profile are given when it joins a team ({@code D3Mas.builder().agent(profile, agent)}) and come
 * back in every request, so one implementation can serve several profiles.
 *
 * <p>Implementations must be thread-safe: a solve runs independent tasks in parallel, and one D3Mas
 * instance serves concurrent solves. An agent may hold its own {@code ChatModel} (multi-model teams).
 * Calls are bounded by the per-task timeout; an agent that throws or runs over is reported in the result
 * and its task goes to the next-best agent, so an agent should respond to interruption.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Agent {

    /**
     * Reasons about one task.
     *
     * @return premises, a conclusion, a confidence and what is still needed; never null
     * @throws Exception any failure, checked or not: the solve reports it as
     *     {@link io.d3mas.SolveWarning.Code#AGENT_FAILED} and gives the task to the next-best agent (in strict mode
     *     the solve fails with {@link io.d3mas.ComponentFailedException}). {@link io.d3mas.ModelUnavailableException} stops the
     *     solve (no other component on that model could do better); {@link io.d3mas.BudgetExhaustedException} is
     *     a budget stop, not a failure. Respond to interruption: the engine interrupts a call at its deadline or
     *     when the solve ends.
     */
    ReasoningResult reason(ReasoningRequest request) throws Exception;
}
