package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.NodeType;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import io.d3mas.trace.PropagationRecord;
import io.d3mas.trace.Trace;
import io.d3mas.trace.TraceJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine measures how alike propagation makes the embeddings, and does not use a collapsed propagation. */
class OverSmoothingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Gives every node the same vector: complete over-smoothing. */
    static final class Collapsing implements MessagePassing {
        @Override
        public PropagationResult propagate(GraphSnapshot graph, PropagationSettings settings) {
            Map<String, float[]> out = new HashMap<>();
            graph.nodes().stream().filter(n -> n.embedding() != null).forEach(n -> {
                float[] h = new float[n.embedding().length];
                h[0] = 1;
                out.put(n.id(), h);
            });
            return new PropagationResult(out, List.of(1.0), false);
        }
    }

    private static D3Mas team(MessagePassing mp, PropagationSettings settings) {
        D3Mas team = D3Mas.builder()
                .embeddingModel(Scripted.MODEL)
                .messagePassing(mp)
                .agent("geo", "rivers", r -> Scripted.answer("Seine", 0.9))
                .settings(SolveSettings.builder()
                        .propagation(settings)
                        .threshold(0.0)
                        .build())
                .build();
        team.remember("geo", "The Seine flows through Paris.", "atlas");
        team.remember("geo", "The Rhone flows through Lyon.", "atlas");
        team.remember("geo", "Rivers of France are long.", "atlas");
        return team;
    }

    @Test
    void should_record_the_mean_pairwise_cosine_and_drop_a_collapsed_propagation() {
        try (D3Mas team = team(new Collapsing(), PropagationSettings.defaults())) {
            SolveResult r = team.solve("Which river flows through Paris and Lyon?");

            PropagationRecord p = r.trace().propagation();
            assertEquals(1, p.smoothing().size(), p.toString());
            PropagationRecord.Smoothing memory = p.smoothing().get(0).stream()
                    .filter(s -> s.type() == NodeType.MEMORY)
                    .findFirst()
                    .orElseThrow();
            assertTrue(memory.before() < 0.95, memory.toString());
            assertEquals(1.0, memory.after(), 1e-6);
            assertTrue(memory.collapsed());
            assertTrue(
                    r.warnings().stream().anyMatch(w -> w.message().contains("over-smoothed")),
                    r.warnings().toString());
            // the trace keeps the unpropagated embeddings: no node got the collapsed vector
            float[] h = r.graph().nodes(NodeType.MEMORY).get(0).embedding();
            assertTrue(h[0] != 1f || h[1] != 0f);

            Trace back = TraceJson.fromJson(TraceJson.toJson(r.trace()));
            assertEquals(p.smoothing(), back.propagation().smoothing());
            assertEquals(p.settings(), back.propagation().settings());
        }
    }

    @Test
    void should_use_a_collapse_when_the_guard_is_off() {
        try (D3Mas team = team(new Collapsing(), PropagationSettings.defaults().withMaxMeanCosine(1))) {
            SolveResult r = team.solve("Which river flows through Paris and Lyon?");

            assertFalse(r.trace().propagation().smoothing().get(0).stream()
                    .anyMatch(PropagationRecord.Smoothing::collapsed));
            assertTrue(
                    r.warnings().stream().noneMatch(w -> w.message().contains("over-smoothed")),
                    r.warnings().toString());
        }
    }

    @Test
    void should_read_settings_written_without_the_guard_as_unguarded() throws Exception {
        try (D3Mas team = team(new Collapsing(), PropagationSettings.defaults())) {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(TraceJson.toJson(
                    team.solve("Which river flows through Paris?").trace()));
            ((ObjectNode) tree.get("propagation").get("settings")).remove("maxMeanCosine");
            ((ObjectNode) tree.get("propagation")).remove("smoothing");
            String json = MAPPER.writeValueAsString(tree);
            assertFalse(json.contains("maxMeanCosine"), "the field was removed");
            assertEquals(List.of(), TraceJson.fromJson(json).propagation().smoothing());
            assertEquals(1.0, TraceJson.fromJson(json).propagation().settings().maxMeanCosine());
        }
    }
}
