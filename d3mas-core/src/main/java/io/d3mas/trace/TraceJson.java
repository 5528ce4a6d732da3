package io.d3mas.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@link Trace}s as JSON. Thread-safe. */
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
