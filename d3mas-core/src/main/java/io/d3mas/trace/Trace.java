package io.d3mas.trace;

import io.d3mas.graph.GraphSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * The trace of a solve: the immutable graph it built, with what message passing and feedback did and every
 * assignment and reuse decision. Round-trips through JSON with {@link TraceJson}; {@link #schemaVersion()} lets
 * readers reject a format they do not know.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} for traces written by this version
 * @param solveId the solve's id
 * @param query the user's query
 * @param graph all task, reasoning and memory nodes and their edges; node embeddings are the propagated ones
 *     when message passing ran
 * @param propagation what message passing did
 * @param feedback what the feedback rounds did and why they stopped
 * @param assignments every assignment of an atomic task and every change of it, with the reason, in order
 * @param reuses every reuse decision (step 6), taken or refused, in order
 * @since 0.1.0
 */
public record Trace(
        int schemaVersion,
        String solveId,
        String query,
        GraphSnapshot graph,
        PropagationRecord propagation,
        FeedbackRecord feedback,
        List<Assignment> assignments,
        List<ReuseDecision> reuses) {

    /** The version of the trace format this library writes; {@link TraceJson} also reads version 1. */
    public static final int SCHEMA_VERSION = 2;

    public Trace {
        Objects.requireNonNull(solveId, "solveId");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(propagation, "propagation");
        Objects.requireNonNull(feedback, "feedback");
        assignments = List.copyOf(Objects.requireNonNull(assignments, "assignments"));
        reuses = List.copyOf(Objects.requireNonNull(reuses, "reuses"));
    }

    /** A trace with no feedback, assignment or reuse records (tools that build graphs by hand). */
    public Trace(int schemaVersion, String solveId, String query, GraphSnapshot graph, PropagationRecord propagation) {
        this(
                schemaVersion,
                solveId,
                query,
                graph,
                propagation,
                FeedbackRecord.notRun(FeedbackRecord.Stop.SWITCHED_OFF, "not recorded"),
                List.of(),
                List.of());
    }
}
