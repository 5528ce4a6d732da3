package io.d3mas.internal.engine;

import io.d3mas.agent.Agent;
import io.d3mas.agent.AgentProfile;
import java.util.Objects;

/** An agent with its profile and the profile's embedding (not copied). */
public record TeamMember(AgentProfile profile, Agent agent, float[] profileEmbedding) {
    public TeamMember {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(profileEmbedding, "profileEmbedding");
    }

    public String id() {
        return profile.id();
    }
}
