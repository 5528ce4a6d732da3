package io.d3mas.trace;

import io.d3mas.graph.GraphSnapshot;
import java.util.Objects;

/**
 * The trace of a solve: the immutable graph it built, with what message passing did. Round-trips through
 * JSON with {@link TraceJson}; {@link #schemaVersion()} lets readers reject a format they do not know.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for traces written by this version
 * @param solveId the solve's id
 * @param query the user's query
 * @param graph all task, reasoning and memory nodes and their edges; node embeddings are the propagated ones
 *     when message passing ran
 * @param propagation what message passing did
 */
public record Trace(
        int schemaVersion, String solveId, String query, GraphSnapshot graph, PropagationRecord propagation) {

    /** The version of the trace format this library writes. */
    public static final int SCHEMA_VERSION = 1;

    public Trace {
        Objects.requireNonNull(solveId, "solveId");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(propagation, "propagation");
    }
}
