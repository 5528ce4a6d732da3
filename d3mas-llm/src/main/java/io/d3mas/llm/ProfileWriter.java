package io.d3mas.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.d3mas.Budget;
import io.d3mas.InvalidInputException;
import io.d3mas.agent.AgentProfile;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an agent's profile with an LLM from a sample of the knowledge it holds, for teams whose agents are
 * defined by their data rather than by a description someone wrote. Profiles decide who gets which task
 * (paper eq. 5), so review generated ones.
 *
 * @since 0.1.0
 */
public final class ProfileWriter {

    private static final int MAX_SAMPLES = 20;
    private static final int MAX_SAMPLE_CHARS = 400;

    private final LlmClient client;

    public ProfileWriter(LlmClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * @param samples texts from the agent's memory; the first 20 are used, each cut to 400 characters
     * @throws InvalidInputException for no samples
     * @throws LlmCallException when the call fails
     */
    public AgentProfile describe(String agentId, List<String> samples) throws InterruptedException {
        if (samples == null || samples.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new InvalidInputException("agent '" + agentId + "' needs sample knowledge to describe");
        }
        StringBuilder knowledge = new StringBuilder();
        samples.stream()
                .filter(s -> s != null && !s.isBlank())
                .limit(MAX_SAMPLES)
                .forEach(s -> knowledge
                        .append(Untrusted.element(
                                "knowledge", s.length() > MAX_SAMPLE_CHARS ? s.substring(0, MAX_SAMPLE_CHARS) : s))
                        .append('\n'));
        String user = DefaultPrompts.PROFILE_USER.render(Map.of(
                "agentId",
                Untrusted.escape(agentId),
                "knowledge",
                knowledge.toString().strip()));
        LlmClient.Reply reply = client.chat(
                List.of(SystemMessage.from(DefaultPrompts.PROFILE_SYSTEM.text()), UserMessage.from(user)),
                null,
                Budget.unlimited());
        String description = reply.text().strip().replaceAll("\\s+", " ");
        return AgentProfile.of(agentId, description);
    }
}
