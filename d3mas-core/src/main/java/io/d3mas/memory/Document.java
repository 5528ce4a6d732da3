package io.d3mas.memory;

import io.d3mas.InvalidInputException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A text to ingest into the team's memory ({@link MemoryIngestor}).
 *
 * @param source where it comes from (a file name, a URL, a title); kept in every chunk's provenance, not blank
 * @param text the content, not blank
 * @param contributor the agent that contributes it, or null when it comes from outside the team; a contributor
 *     is recorded in provenance
 * @param owner the agent whose memory must hold it, or null to choose owners by profile similarity
 * @since 0.1.0
 */
public record Document(String source, String text, @Nullable String contributor, @Nullable String owner) {

    public Document {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (source.isBlank()) {
            throw new InvalidInputException("a document needs a source (a file name, URL or title) for provenance");
        }
        if (text.isBlank()) {
            throw new InvalidInputException("document '" + source + "' has no text; leave it out or give it content");
        }
    }

    /** A document from outside the team, owned by the agents whose profiles are closest. */
    public static Document of(String source, String text) {
        return new Document(source, text, null, null);
    }

    /** This document as contributed by an agent. */
    public Document contributedBy(String agentId) {
        return new Document(source, text, agentId, owner);
    }

    /** This document placed in one agent's memory, whatever the profiles say. */
    public Document ownedBy(String agentId) {
        return new Document(source, text, contributor, agentId);
    }
}
