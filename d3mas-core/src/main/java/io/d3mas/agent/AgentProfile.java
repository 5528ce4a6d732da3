package io.d3mas.agent;

import io.d3mas.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who an agent is: its id and a description of its expertise. Tasks go to the agent whose profile is most
 * similar to the task (paper eq. 5).
 *
 * @param id letters, digits, '.', '_' and '-', 1–64 characters, unique within a team
 * @param description what the agent knows and does; not blank
 * @since 0.1.0
 */
public record AgentProfile(String id, String description) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException(
                    "agent id '" + id + "' must be 1-64 characters of letters, digits, '.', '_' or '-'");
        }
        if (description.isBlank()) {
            throw new InvalidInputException("agent '" + id + "' needs a profile description: tasks are assigned by it");
        }
    }

    public static AgentProfile of(String id, String description) {
        return new AgentProfile(id, description);
    }
}
