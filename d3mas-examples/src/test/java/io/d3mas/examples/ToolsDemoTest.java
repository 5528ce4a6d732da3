package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.SolveResult;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runnable tools example of docs/tools.md does what the page says. */
class ToolsDemoTest {

    @Test
    void should_answer_with_one_census_lookup_for_two_agents() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SolveResult r =
                ToolsDemo.run(new String[0], Optional.empty(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(
                out.contains("Tool calls: 1 made, 1 saved by reuse, 0 failed; the population tool ran 1 time(s)"), out);
        assertTrue(r.answer().contains("522250"), r.answer());
        List<Node> results = r.trace().graph().nodes(NodeType.MEMORY).stream()
                .filter(n -> n.provenance().source().equals("tool:population"))
                .toList();
        assertEquals(1, results.size());
        long grounded = r.trace().graph().edges(EdgeType.GROUND).stream()
                .filter(e -> e.to().equals(results.get(0).id()))
                .count();
        assertEquals(2, grounded, "both agents' steps rest on the one lookup");
    }
}
