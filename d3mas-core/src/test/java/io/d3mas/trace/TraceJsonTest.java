package io.d3mas.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.propagation.PropagationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceJsonTest {

    static Trace sample() {
        Node t = Node.of("t0", NodeType.TASK, "Which river?", new float[] {0.6f, 0.8f}, null, Provenance.QUERY);
        Node r = new Node(
                "r0",
                NodeType.REASONING,
                "The Seine.",
                new float[] {1f, 0f},
                "geo",
                Provenance.of("geo", "agent"),
                Map.of("confidence", 0.75, "premises", List.of("The Seine flows through Paris."), "round", 0));
        Node m = Node.of(
                "m:1",
                NodeType.MEMORY,
                "The Seine flows through Paris.",
                null,
                "geo",
                new Provenance(List.of("geo", "history"), "atlas"));
        GraphSnapshot g = new GraphSnapshot(
                List.of(t, r, m),
                List.of(new Edge(EdgeType.TRIGGER, "t0", "r0"), new Edge(EdgeType.GROUND, "m:1", "r0")));
        return new Trace(
                Trace.SCHEMA_VERSION,
                "solve-1",
                "Which river?",
                g,
                new PropagationRecord(true, "Test", PropagationSettings.defaults(), List.of(List.of(0.5, 0.01)), true),
                new FeedbackRecord(
                        List.of(new FeedbackRecord.Round(1, List.of("t0"), List.of(), 1, 1, null)),
                        FeedbackRecord.Stop.NO_WEAK_TASKS,
                        "every task is answered"),
                List.of(new Assignment("t0", "geo", 0.7, Assignment.Reason.CAPABILITY, "", 0)),
                List.of(new ReuseDecision(
                        "t0", "Which river?", "t9", "Which river?", "r9", 1.0, false, "a prerequisite")));
    }

    @Test
    void should_round_trip_a_trace_through_json(@TempDir Path dir) {
        Trace trace = sample();
        Path file = dir.resolve("trace.json");
        TraceJson.write(trace, file);
        assertEquals(trace, TraceJson.read(file));
    }

    @Test
    void should_read_a_version_1_trace_with_no_feedback_assignment_or_reuse_records() {
        Trace v2 = sample();
        Trace v1 = new Trace(1, v2.solveId(), v2.query(), v2.graph(), v2.propagation());
        String json = TraceJson.toJson(v1)
                .replaceAll("(?s),\\s*\"feedback\" : \\{.*?\"detail\" : \"not recorded\"\\s*}", "")
                .replace(",\n  \"assignments\" : [ ]", "")
                .replace(",\n  \"reuses\" : [ ]", "");
        assertTrue(!json.contains("feedback") && !json.contains("reuses"), json);
        Trace read = TraceJson.fromJson(json);
        assertEquals(Trace.SCHEMA_VERSION, read.schemaVersion());
        assertEquals(v2.graph(), read.graph());
        assertEquals(List.of(), read.reuses());
        assertEquals(FeedbackRecord.Stop.SWITCHED_OFF, read.feedback().stop());
    }

    @Test
    void should_reject_unknown_schema_version() {
        String json = TraceJson.toJson(sample()).replace("\"schemaVersion\" : 2", "\"schemaVersion\" : 99");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceJson.fromJson(json));
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void should_reject_malformed_json_and_bad_graphs() {
        assertThrows(InvalidInputException.class, () -> TraceJson.fromJson("{\"schemaVersion\": 1, "));
        assertThrows(InvalidInputException.class, () -> TraceJson.fromJson("[]"));
        String badEdge = TraceJson.toJson(sample()).replace("\"TRIGGER\"", "\"RELATE\"");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TraceJson.fromJson(badEdge));
        assertTrue(e.getMessage().contains("RELATE"), e.getMessage());
    }

    @Test
    void should_write_the_schema_version(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.json");
        TraceJson.write(sample(), file);
        assertTrue(Files.readString(file).contains("\"schemaVersion\" : 2"));
    }
}
