package io.d3mas.memory;

import java.util.Objects;

/**
 * A piece of knowledge to put into an agent's memory with {@code D3Mas.remember}: the text is embedded with
 * the team's embedding model.
 *
 * @param agentId the agent whose memory holds it
 * @param content the text, not blank
 * @param source where it came from (document, URL …), kept as provenance
 * @since 0.1.0
 */
public record Knowledge(String agentId, String content, String source) {
    public Knowledge {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
    }
}
