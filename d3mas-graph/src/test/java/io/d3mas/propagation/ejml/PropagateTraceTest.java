package io.d3mas.propagation.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.InvalidInputException;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.trace.PropagationRecord;
import io.d3mas.trace.Trace;
import io.d3mas.trace.TraceJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropagateTraceTest {

    @Test
    void propagatesATraceFileAndWritesTheEmbeddingsAsJson(@TempDir Path dir) throws Exception {
        GraphSnapshot graph = EjmlMessagePassingTest.randomGraph(120, 400, 5, new Random(1));
        Path trace = dir.resolve("trace.json");
        TraceJson.write(new Trace(Trace.SCHEMA_VERSION, "s1", "q", graph, PropagationRecord.off("test")), trace);
        Path out = dir.resolve("out.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PropagateTrace.run(
                new String[] {trace.toString(), out.toString(), "--iterations", "2", "--beta", "0.3"},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("propagated 120 embeddings"));

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, json.path("settings").path("iterations").asInt());
        Map<String, float[]> expected = new EjmlMessagePassing()
                .propagate(graph, PropagationSettings.uniform(2, 1e-4, 1.0, 0.3))
                .embeddings();
        assertEquals(expected.size(), json.path("embeddings").size());
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            JsonNode row = json.path("embeddings").path(e.getKey());
            float[] read = new float[row.size()];
            for (int i = 0; i < read.length; i++) {
                read[i] = (float) row.get(i).asDouble();
            }
            assertArrayEquals(e.getValue(), read, e.getKey());
        }
    }

    @Test
    void rejectsBadArgumentsSayingWhatIsWrong(@TempDir Path dir) {
        String m = assertThrows(InvalidInputException.class, () -> PropagateTrace.run(new String[] {"a"}, System.out))
                .getMessage();
        assertTrue(m.contains("trace file"), m);
        m = assertThrows(
                        InvalidInputException.class,
                        () -> PropagateTrace.run(new String[] {"a", "b", "--iterations", "x"}, System.out))
                .getMessage();
        assertTrue(m.contains("--iterations") && m.contains("'x'"), m);
        m = assertThrows(
                        InvalidInputException.class,
                        () -> PropagateTrace.run(new String[] {"a", "b", "--gamma", "1"}, System.out))
                .getMessage();
        assertTrue(m.contains("--gamma"), m);
    }
}
