package io.d3mas.graph;

import java.util.List;
import java.util.Objects;

/**
 * Where a node's content came from: the agents that contributed it and the source it was taken from
 * (a document, a URL, "llm", "decomposer" …).
 *
 * @param contributors ids of the agents that contributed the content, in order of contribution; may be
 *     empty for content that no agent contributed (the user's query)
 * @param source free-form description of the origin; never null, may be empty
 * @since 0.1.0
 */
public record Provenance(List<String> contributors, String source) {

    /** Provenance of the user's query. */
    public static final Provenance QUERY = new Provenance(List.of(), "query");

    public Provenance {
        contributors = List.copyOf(Objects.requireNonNull(contributors, "contributors"));
        Objects.requireNonNull(source, "source");
    }

    /** Provenance with one contributor. */
    public static Provenance of(String contributor, String source) {
        return new Provenance(List.of(contributor), source);
    }
}
