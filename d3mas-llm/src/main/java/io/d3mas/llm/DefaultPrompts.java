package io.d3mas.llm;

/**
 * The prompts the LLM components use unless given others ({@code docs/llm.md} prints them). Variables are
 * {@code ${name}}; see each component's builder for the ones its templates must use.
 *
 * @since 0.1.0
 */
public final class DefaultPrompts {

    /** Variables: maxSubTasks. */
    public static final PromptTemplate DECOMPOSER_SYSTEM = PromptTemplate.resource("decomposer-system");
    /** Variables: query, ancestors, task. */
    public static final PromptTemplate DECOMPOSER_USER = PromptTemplate.resource("decomposer-user");
    /** Variables: agentId, profile. */
    public static final PromptTemplate AGENT_SYSTEM = PromptTemplate.resource("agent-system");
    /** Variables: query, task, premises, knowledge. */
    public static final PromptTemplate AGENT_USER = PromptTemplate.resource("agent-user");
    /** No variables. */
    public static final PromptTemplate SYNTHESIZER_SYSTEM = PromptTemplate.resource("synthesizer-system");
    /** Variables: query, conclusions. */
    public static final PromptTemplate SYNTHESIZER_USER = PromptTemplate.resource("synthesizer-user");
    /** Variables: error. Sent after an answer of the wrong shape. */
    public static final PromptTemplate REPAIR = PromptTemplate.resource("repair");
    /** No variables. */
    public static final PromptTemplate PROFILE_SYSTEM = PromptTemplate.resource("profile-system");
    /** Variables: agentId, knowledge. */
    public static final PromptTemplate PROFILE_USER = PromptTemplate.resource("profile-user");

    private DefaultPrompts() {}
}
