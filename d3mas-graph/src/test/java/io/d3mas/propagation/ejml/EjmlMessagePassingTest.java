package io.d3mas.propagation.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.HeteroGraph;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.propagation.PropagationResult;
import io.d3mas.propagation.PropagationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-computed graphs for each of the six layer steps (α = 1, β = 0.5, one iteration unless said), the
 * invariants of ARCHITECTURE §6, and the edge cases. With β = 0.5 a node that receives becomes
 * normalize(0.5 h + 0.5 M); S = 1/√2, and (C, D) = (0.38268, 0.92388) = normalize(0.5 (0, 1) + 0.5 (S, S)).
 */
class EjmlMessagePassingTest {

    private static final float S = (float) (1 / Math.sqrt(2));
    private static final float C = 0.38268343f;
    private static final float D = 0.9238795f;
    private static final PropagationSettings ONE = PropagationSettings.uniform(1, 1e-9, 1.0, 0.5);

    private final EjmlMessagePassing mp = builder().build();

    /**
     * The builder every test uses: the SIMD kernel here, on graphs of any size (surefire adds the module), the
     * scalar kernel in a subclass.
     */
    EjmlMessagePassing.Builder builder() {
        return EjmlMessagePassing.builder().simdFrom(0);
    }

    @Test
    void steps1and6RelateMemoryWithMemory() {
        HeteroGraph g = graph(node("m1", NodeType.MEMORY, 1, 0), node("m2", NodeType.MEMORY, 0, 1));
        g.addEdge(EdgeType.RELATE, "m1", "m2");
        Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
        // step 1: both become (S, S) at once; step 6: the mean of two equal vectors changes nothing
        assertVector(out.get("m1"), S, S);
        assertVector(out.get("m2"), S, S);
    }

    @Test
    void step2ReasoningReceivesFromTheStepItDependsOn() {
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
        assertVector(out.get("r1"), S, S);
        assertVector(out.get("r2"), 0, 1); // the premise provider does not hear back
    }

    @Test
    void steps2and6RetrieveGoesUpThenDown() {
        HeteroGraph g = graph(node("r", NodeType.REASONING, 1, 0), node("m", NodeType.MEMORY, 0, 1));
        g.addEdge(EdgeType.RETRIEVE, "r", "m");
        Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
        assertVector(out.get("r"), S, S); // step 2, from the memory it retrieved
        assertVector(out.get("m"), C, D); // step 6, from the updated reasoning
    }

    @Test
    void groundCountsWhicheverWayItIsStored() {
        for (boolean memoryFirst : new boolean[] {false, true}) {
            HeteroGraph g = graph(node("r", NodeType.REASONING, 1, 0), node("m", NodeType.MEMORY, 0, 1));
            if (memoryFirst) {
                g.addEdge(EdgeType.GROUND, "m", "r");
            } else {
                g.addEdge(EdgeType.GROUND, "r", "m");
            }
            Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
            assertVector(out.get("r"), S, S);
            assertVector(out.get("m"), C, D);
        }
    }

    @Test
    void steps3and5TriggerLinksTaskAndReasoning() {
        HeteroGraph g = graph(node("t", NodeType.TASK, 1, 0), node("r", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.TRIGGER, "t", "r");
        Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
        assertVector(out.get("t"), S, S); // step 3, from its reasoning
        assertVector(out.get("r"), C, D); // step 5, from the updated task
    }

    @Test
    void steps3and4DecomposeGoesToTheParentThenBackDown() {
        HeteroGraph g = graph(node("p", NodeType.TASK, 1, 0), node("c", NodeType.TASK, 0, 1));
        g.addEdge(EdgeType.DECOMPOSE, "p", "c");
        Map<String, float[]> out = mp.propagate(g.snapshot(), ONE).embeddings();
        assertVector(out.get("p"), S, S); // step 3, from its child
        assertVector(out.get("c"), C, D); // step 4, from the updated parent
    }

    @Test
    void rowsAreNormalisedPerEdgeTypeAndWeightedByAlpha() {
        HeteroGraph g = graph(
                node("r1", NodeType.REASONING, 1, 0, 0),
                node("r2", NodeType.REASONING, 0, 1, 0),
                node("r3", NodeType.REASONING, 0, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        g.addEdge(EdgeType.DEPEND, "r1", "r3");
        // M = (0, 0.5, 0.5); h' = normalize(0.5, 0.25, 0.25)
        assertVector(mp.propagate(g.snapshot(), ONE).embeddings().get("r1"), 0.81649655f, 0.40824828f, 0.40824828f);
        Map<EdgeType, Double> alpha = new EnumMap<>(ONE.alpha());
        alpha.put(EdgeType.DEPEND, 2.0);
        PropagationSettings doubled = new PropagationSettings(1, 1e-9, alpha, ONE.beta());
        float third = (float) (1 / Math.sqrt(3));
        assertVector(mp.propagate(g.snapshot(), doubled).embeddings().get("r1"), third, third, third);
    }

    @Test
    void betaIsPerNodeType() {
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        Map<NodeType, Double> beta = new EnumMap<>(ONE.beta());
        beta.put(NodeType.REASONING, 1.0);
        PropagationSettings all = new PropagationSettings(1, 1e-9, ONE.alpha(), beta);
        assertVector(mp.propagate(g.snapshot(), all).embeddings().get("r1"), 0, 1);
    }

    @Test
    void weightsTransformMessagesAndAProjectionChangesTheDimension() {
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        EjmlMessagePassing swap = builder()
                .weight(EdgeType.DEPEND, new float[][] {{0, 1}, {1, 0}})
                .build();
        assertVector(swap.propagate(g.snapshot(), ONE).embeddings().get("r1"), 1, 0); // r2 W = (1, 0)
        EjmlMessagePassing projected =
                builder().projection(new float[][] {{1, 0, 0}, {0, 1, 0}}).build();
        float[] r1 = projected.propagate(g.snapshot(), ONE).embeddings().get("r1");
        assertVector(r1, S, S, 0);
    }

    @Test
    void weightsOfTheWrongShapeAreNamed() {
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 0, 1));
        EjmlMessagePassing wrong = builder()
                .weight(EdgeType.DEPEND, new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})
                .build();
        String m = assertThrows(InvalidInputException.class, () -> wrong.propagate(g.snapshot(), ONE))
                .getMessage();
        assertTrue(m.contains("W[DEPEND] is 3x3") && m.contains("must be 2x2"), m);
        EjmlMessagePassing badP =
                builder().projection(new float[][] {{1}, {0}, {0}}).build();
        m = assertThrows(InvalidInputException.class, () -> badP.propagate(g.snapshot(), ONE))
                .getMessage();
        assertTrue(m.contains("projection P is 3x1") && m.contains("dimension 2"), m);
        assertThrows(InvalidInputException.class, () -> builder().weight(EdgeType.DEPEND, new float[][] {{1, 0}, {0}}));
    }

    @Test
    void aNodeWithoutNeighboursIsUnchanged() {
        HeteroGraph g = graph(node("lonely", NodeType.TASK, 3, 4), node("m", NodeType.MEMORY, 0, 1));
        assertVector(mp.propagate(g.snapshot(), ONE).embeddings().get("lonely"), 3, 4);
    }

    @Test
    void alphaZeroEverywhereLeavesEveryEmbeddingUnchanged() {
        GraphSnapshot g = randomGraph(300, 1500, 8, new Random(3));
        PropagationResult r = mp.propagate(g, PropagationSettings.uniform(3, 1e-9, 0.0, 0.5));
        for (Node n : g.nodes()) {
            assertArrayEquals(n.embedding(), r.embeddings().get(n.id()), n.id());
        }
        assertTrue(r.converged());
    }

    @Test
    void permutingNodeInsertionOrderPermutesTheResultAndNothingElse() {
        GraphSnapshot g = randomGraph(200, 900, 6, new Random(5));
        List<Node> shuffled = new ArrayList<>(g.nodes());
        Collections.shuffle(shuffled, new Random(11));
        List<io.d3mas.graph.Edge> edges = new ArrayList<>(g.edges());
        Collections.shuffle(edges, new Random(12));
        GraphSnapshot permuted = new GraphSnapshot(shuffled, edges);
        PropagationSettings three = PropagationSettings.uniform(3, 1e-9, 1.0, 0.5);
        Map<String, float[]> a = mp.propagate(g, three).embeddings();
        Map<String, float[]> b = mp.propagate(permuted, three).embeddings();
        assertEquals(a.keySet(), b.keySet());
        for (String id : a.keySet()) {
            // summation order differs, so the last bits may too
            assertArrayEquals(a.get(id), b.get(id), 1e-6f, id);
        }
    }

    @Test
    void isDeterministicAndTheSameSingleAndMultiThreaded() {
        GraphSnapshot g = randomGraph(2000, 12000, 16, new Random(7));
        PropagationSettings three = PropagationSettings.uniform(3, 1e-9, 1.0, 0.5);
        Map<String, float[]> one =
                builder().threads(1).build().propagate(g, three).embeddings();
        Map<String, float[]> four =
                builder().threads(4).build().propagate(g, three).embeddings();
        Map<String, float[]> again =
                builder().threads(4).build().propagate(g, three).embeddings();
        for (String id : one.keySet()) {
            assertArrayEquals(one.get(id), four.get(id), id);
            assertArrayEquals(four.get(id), again.get(id), id);
        }
    }

    @Test
    void aPreparedGraphIsUnchangedByPropagationAndGivesTheSameResultEachTime() {
        GraphSnapshot g = randomGraph(600, 3000, 8, new Random(11));
        PreparedGraph prepared = mp.prepare(g);
        assertEquals(600, prepared.nodeCount());
        assertEquals(8, prepared.dimension());
        assertTrue(prepared.nonZeros() > 0 && prepared.bytes() > 0, prepared.toString());
        PropagationSettings three = PropagationSettings.uniform(3, 1e-9, 1.0, 0.5);
        Map<String, float[]> first = mp.propagate(prepared, three).embeddings();
        Map<String, float[]> second = mp.propagate(prepared, three).embeddings();
        Map<String, float[]> fromSnapshot = mp.propagate(g, three).embeddings();
        for (String id : first.keySet()) {
            assertArrayEquals(first.get(id), second.get(id), id);
            assertArrayEquals(first.get(id), fromSnapshot.get(id), id);
        }
    }

    @Test
    void matchesTheFormulaWrittenOutOnARandomGraphWithSomeAlphaZero() {
        GraphSnapshot g = randomGraph(400, 1200, 6, new Random(13));
        Map<EdgeType, Double> alpha = new EnumMap<>(EdgeType.class);
        for (EdgeType t : EdgeType.values()) {
            alpha.put(t, t == EdgeType.GROUND ? 0.0 : 0.5 + t.ordinal() * 0.1);
        }
        Map<NodeType, Double> beta = Map.of(NodeType.TASK, 0.3, NodeType.REASONING, 0.6, NodeType.MEMORY, 0.5);
        PropagationSettings settings = new PropagationSettings(1, 1e-9, alpha, beta);
        Map<String, float[]> ours = mp.propagate(g, settings).embeddings();
        Map<String, float[]> expected = ReferencePropagation.oneIteration(g, settings);
        for (String id : expected.keySet()) {
            assertArrayEquals(expected.get(id), ours.get(id), 1e-5f, id);
        }
    }

    @Test
    void stopsEarlyWhenTheLargestChangeFallsBelowEpsilon() {
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 1, 0));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        PropagationResult r = mp.propagate(g.snapshot(), PropagationSettings.uniform(10, 1e-4, 1.0, 0.5));
        assertEquals(1, r.maxChangePerIteration().size());
        assertTrue(r.converged());
        PropagationResult moving =
                mp.propagate(randomGraph(300, 1500, 8, new Random(9)), PropagationSettings.uniform(10, 1e-4, 1.0, 0.5));
        List<Double> changes = moving.maxChangePerIteration();
        assertTrue(changes.size() >= 2, changes.toString());
        assertEquals(changes.size(), moving.iterationTimes().size(), "one time per iteration");
        assertTrue(changes.get(changes.size() - 1) < changes.get(0), changes.toString());
    }

    @Test
    void theOverSmoothingGuardKeepsTheIterationBeforeALayerCollapses() {
        GraphSnapshot g = randomGraph(300, 1500, 8, new Random(21));
        PropagationSettings smoothing = PropagationSettings.uniform(10, 1e-9, 1.0, 1.0);
        PropagationResult free = mp.propagate(g, smoothing);
        PropagationResult guarded = mp.propagate(g, smoothing.withMaxMeanCosine(0.6));
        int kept = guarded.maxChangePerIteration().size();
        assertTrue(kept < free.maxChangePerIteration().size(), kept + " iterations");
        assertFalse(guarded.converged());
        // exactly the propagation that stops after the kept iterations
        Map<String, float[]> expected = kept == 0
                ? inputs(g)
                : mp.propagate(g, PropagationSettings.uniform(kept, 1e-9, 1.0, 1.0))
                        .embeddings();
        for (String id : expected.keySet()) {
            assertArrayEquals(expected.get(id), guarded.embeddings().get(id), id);
        }
        for (NodeType t : NodeType.values()) {
            List<float[]> rows = g.nodes(t).stream()
                    .map(n -> guarded.embeddings().get(n.id()))
                    .toList();
            double c = io.d3mas.metrics.Vectors.meanPairwiseCosine(rows);
            double before = io.d3mas.metrics.Vectors.meanPairwiseCosine(
                    g.nodes(t).stream().map(Node::embedding).toList());
            assertTrue(before > 0.6 || c <= 0.6 + 1e-6, t + ": " + before + " -> " + c);
        }
    }

    @Test
    void theGuardChangesNothingWhenNoLayerCollapses() {
        GraphSnapshot g = randomGraph(300, 1500, 8, new Random(21));
        PropagationSettings mild = PropagationSettings.uniform(3, 1e-9, 1.0, 0.2);
        PropagationResult free = mp.propagate(g, mild);
        PropagationResult guarded = mp.propagate(g, mild.withMaxMeanCosine(0.99));
        assertEquals(free.maxChangePerIteration(), guarded.maxChangePerIteration());
        for (String id : free.embeddings().keySet()) {
            assertArrayEquals(free.embeddings().get(id), guarded.embeddings().get(id), id);
        }
    }

    private static Map<String, float[]> inputs(GraphSnapshot g) {
        Map<String, float[]> out = new java.util.HashMap<>();
        g.nodes().stream().filter(n -> n.embedding() != null).forEach(n -> out.put(n.id(), n.embedding()));
        return out;
    }

    @Test
    void handlesTheEmptyGraphAndOneNode() {
        assertTrue(mp.propagate(GraphSnapshot.empty(), ONE).embeddings().isEmpty());
        HeteroGraph g = graph(node("only", NodeType.TASK, 0.6f, 0.8f));
        assertVector(mp.propagate(g.snapshot(), ONE).embeddings().get("only"), 0.6f, 0.8f);
    }

    @Test
    void nodesWithoutEmbeddingsNeitherSendNorReceive() {
        HeteroGraph g = graph(
                node("r1", NodeType.REASONING, 1, 0),
                Node.of("r2", NodeType.REASONING, "no vector", null, "a", Provenance.QUERY),
                node("r3", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        g.addEdge(EdgeType.DEPEND, "r2", "r3");
        PropagationResult r = mp.propagate(g.snapshot(), ONE);
        assertVector(r.embeddings().get("r1"), 1, 0);
        assertFalse(r.embeddings().containsKey("r2"));
    }

    @Test
    void mixedDimensionsAndNonFiniteValuesAreNamed() {
        HeteroGraph mixed = graph(node("a", NodeType.TASK, 1, 0), node("b", NodeType.TASK, 1, 0, 0));
        String m = assertThrows(InvalidInputException.class, () -> mp.propagate(mixed.snapshot(), ONE))
                .getMessage();
        assertTrue(m.contains("'b' has 3") && m.contains("'a' has 2"), m);
        HeteroGraph nan = graph(node("a", NodeType.TASK, 1, 0), node("bad", NodeType.TASK, Float.NaN, 0));
        m = assertThrows(InvalidInputException.class, () -> mp.propagate(nan.snapshot(), ONE))
                .getMessage();
        assertTrue(m.contains("'bad'") && m.contains("NaN"), m);
        HeteroGraph inf = graph(node("a", NodeType.TASK, 1, Float.POSITIVE_INFINITY));
        m = assertThrows(InvalidInputException.class, () -> mp.propagate(inf.snapshot(), ONE))
                .getMessage();
        assertTrue(m.contains("'a'") && m.contains("Infinity"), m);
    }

    @Test
    void readsWeightsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.json");
        Files.writeString(file, "{\"weights\": {\"DEPEND\": [[0, 1], [1, 0]]}}");
        HeteroGraph g = graph(node("r1", NodeType.REASONING, 1, 0), node("r2", NodeType.REASONING, 0, 1));
        g.addEdge(EdgeType.DEPEND, "r1", "r2");
        EjmlMessagePassing fromFile = builder().weightsFile(file).build();
        assertVector(fromFile.propagate(g.snapshot(), ONE).embeddings().get("r1"), 1, 0);
        assertTrue(fromFile.name().contains("weights.json"), fromFile.name());
        Files.writeString(file, "{\"weights\": {\"FOLLOWS\": [[1]]}}");
        String m = assertThrows(InvalidInputException.class, () -> builder().weightsFile(file))
                .getMessage();
        assertTrue(m.contains("FOLLOWS") && m.contains("DEPEND"), m);
    }

    @Test
    void readsSettingsFromTheWeightsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.json");
        Files.writeString(
                file,
                "{\"settings\": {\"iterations\": 4, \"alpha\": {\"DEPEND\": 0.5}, \"beta\": {\"TASK\": 0.2},"
                        + " \"maxMeanCosine\": 0.9}}");
        PropagationSettings s = EjmlMessagePassing.readSettings(file);
        PropagationSettings d = PropagationSettings.defaults();
        assertEquals(4, s.iterations());
        assertEquals(d.epsilon(), s.epsilon());
        assertEquals(0.5, s.alpha().get(EdgeType.DEPEND));
        assertEquals(d.alpha().get(EdgeType.GROUND), s.alpha().get(EdgeType.GROUND));
        assertEquals(0.2, s.beta().get(NodeType.TASK));
        assertEquals(d.beta().get(NodeType.MEMORY), s.beta().get(NodeType.MEMORY));
        assertEquals(0.9, s.maxMeanCosine());
        builder().weightsFile(file).build(); // the weights part of the same file: none
        Files.writeString(file, "{\"weights\": {}}");
        assertEquals(d, EjmlMessagePassing.readSettings(file));
        Files.writeString(file, "{\"settings\": {\"beta\": {\"TASK\": 2}}}");
        String m = assertThrows(InvalidInputException.class, () -> EjmlMessagePassing.readSettings(file))
                .getMessage();
        assertTrue(m.contains("beta[TASK]") && m.contains("weights.json"), m);
        Files.writeString(file, "{\"settings\": {\"alpha\": {\"FOLLOWS\": 1}}}");
        m = assertThrows(InvalidInputException.class, () -> EjmlMessagePassing.readSettings(file))
                .getMessage();
        assertTrue(m.contains("FOLLOWS"), m);
    }

    @Test
    void isFoundByServiceLoader() {
        MessagePassing found =
                ServiceLoader.load(MessagePassing.class).findFirst().orElseThrow();
        assertInstanceOf(EjmlMessagePassing.class, found);
    }

    static HeteroGraph graph(Node... nodes) {
        HeteroGraph g = new HeteroGraph();
        for (Node n : nodes) {
            g.addNode(n);
        }
        return g;
    }

    static Node node(String id, NodeType type, float... embedding) {
        return Node.of(id, type, id, embedding, "agent", Provenance.QUERY);
    }

    /** A random graph with a realistic type mix: 20 % tasks, 30 % reasoning, 50 % memory. */
    static GraphSnapshot randomGraph(int n, int edges, int d, Random random) {
        HeteroGraph g = new HeteroGraph();
        Map<NodeType, List<String>> ids = new EnumMap<>(NodeType.class);
        for (NodeType t : NodeType.values()) {
            ids.put(t, new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            NodeType t = u < 0.2 ? NodeType.TASK : u < 0.5 ? NodeType.REASONING : NodeType.MEMORY;
            float[] h = new float[d];
            for (int k = 0; k < d; k++) {
                h[k] = (float) random.nextGaussian();
            }
            String id = t.name().charAt(0) + Integer.toString(i);
            g.addNode(Node.of(id, t, id, h, "agent", Provenance.QUERY));
            ids.get(t).add(id);
        }
        EdgeType[] types = EdgeType.values();
        int added = 0;
        while (added < edges) {
            EdgeType t = types[random.nextInt(types.length)];
            List<String> from = ids.get(t.sourceType());
            List<String> to = ids.get(t.targetType());
            if (from.isEmpty() || to.isEmpty()) {
                continue;
            }
            String a = from.get(random.nextInt(from.size()));
            String b = to.get(random.nextInt(to.size()));
            if (!a.equals(b) && g.addEdge(t, a, b)) {
                added++;
            }
        }
        return g.snapshot();
    }

    static void assertVector(float[] actual, float... expected) {
        assertArrayEquals(expected, actual, 1e-5f);
    }
}
