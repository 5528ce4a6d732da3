package io.d3mas.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link Trace}s as JSON. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TraceJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TraceJson() {}

    /** The trace as JSON text. */
    public static String toJson(Trace trace) {
        try {
            return MAPPER.writeValueAsString(trace);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("trace could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A solve as JSON: its trace, and an {@code "outcome"} object with the answer, warnings, redundancy metrics,
     * usage, components and timings (milliseconds per step), so that one file says what happened and how it
     * ended. {@link #fromJson} reads the trace back and skips the outcome.
     *
     * @param embeddings whether to keep every node's embedding (384 or more numbers each); without them the file
     *     is a fraction of the size and still reads back, with no embeddings
     */
    public static String toJson(SolveResult result, boolean embeddings) {
        ObjectNode tree = MAPPER.valueToTree(result.trace());
        if (!embeddings) {
            for (JsonNode node : tree.path("graph").path("nodes")) {
                if (node instanceof ObjectNode o) {
                    o.remove("embedding");
                }
            }
        }
        ObjectNode outcome = tree.putObject("outcome");
        outcome.put("answer", result.answer());
        ArrayNode warnings = outcome.putArray("warnings");
        for (io.d3mas.SolveWarning w : result.warnings()) {
            warnings.addObject()
                    .put("code", w.code().name())
                    .put("component", w.component())
                    .put("message", w.message());
        }
        outcome.set("metrics", MAPPER.valueToTree(result.metrics()));
        outcome.set("usage", MAPPER.valueToTree(result.usage()));
        outcome.set("components", MAPPER.valueToTree(result.components()));
        ObjectNode millis = outcome.putObject("timingsMillis");
        result.timings().forEach((step, d) -> millis.put(step.name(), d.toMillis()));
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("solve could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@link #toJson(SolveResult, boolean)} to a file, replacing it. */
    public static void write(SolveResult result, boolean embeddings, Path file) {
        try {
            Files.writeString(file, toJson(result, embeddings));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write trace to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a trace.
     *
     * @throws InvalidInputException for malformed JSON, a missing or unknown schema version, or a graph that
     *     breaks the edge rules (the message says which)
     */
    public static Trace fromJson(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            JsonNode version = tree == null ? null : tree.get("schemaVersion");
            if (version == null || !version.canConvertToInt()) {
                throw new InvalidInputException("not a D3MAS trace: no integer 'schemaVersion' field");
            }
            ((ObjectNode) tree).remove("outcome"); // written with the solve's outcome: the trace is the rest
            if (version.intValue() == 1) {
                upgradeFromVersion1((ObjectNode) tree);
            } else if (version.intValue() != Trace.SCHEMA_VERSION) {
                throw new InvalidInputException("trace schema version " + version.intValue()
                        + " is not supported; this library reads versions 1 and " + Trace.SCHEMA_VERSION);
            }
            return MAPPER.treeToValue(tree, Trace.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed trace JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid trace: " + e.getMessage(), e);
        }
    }

    /** Version 1 recorded no feedback, assignments or reuse decisions: read it with none. */
    private static void upgradeFromVersion1(ObjectNode tree) {
        tree.put("schemaVersion", Trace.SCHEMA_VERSION);
        tree.set(
                "feedback",
                MAPPER.valueToTree(FeedbackRecord.notRun(
                        FeedbackRecord.Stop.SWITCHED_OFF, "trace schema version 1 did not record feedback")));
        tree.putArray("assignments");
        tree.putArray("reuses");
    }

    /** Writes a trace to a file, replacing it. */
    public static void write(Trace trace, Path file) {
        try {
            Files.writeString(file, toJson(trace));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write trace to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a trace file. */
    public static Trace read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read trace " + file + ": " + e.getMessage(), e);
        }
    }
}
