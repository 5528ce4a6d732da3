package io.d3mas.examples.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import io.d3mas.agent.AgentProfile;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.examples.DemoTeam;
import io.d3mas.examples.baselines.TeamTalk;
import io.d3mas.examples.data.EvalDataset;
import io.d3mas.examples.data.EvalItem;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmConfig;
import io.d3mas.llm.testing.LocalOpenAiServer;
import io.d3mas.llm.testing.LocalOpenAiServer.Reply;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.RedundancyMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation's one memory-access policy, asserted on the store's own access log: every method's agents search
 * the same store (the union of all memories) with their own queries, and a row counts exactly what its agents were
 * given.
 */
class MemoryPolicyTest {

    /** One search as the store saw it. */
    record Search(float[] vector, int k, double threshold, Set<String> owners, List<String> hits) {}

    /** A store that logs every search and what it returned. */
    static final class LoggingStore implements MemoryStore {
        final InMemoryMemoryStore inner = new InMemoryMemoryStore();
        final List<Search> log = new CopyOnWriteArrayList<>();

        @Override
        public void addAll(List<MemoryRecord> records) {
            inner.addAll(records);
        }

        @Override
        public List<MemoryHit> search(MemoryQuery query) {
            List<MemoryHit> hits = inner.search(query);
            log.add(new Search(
                    query.embedding(),
                    query.topK(),
                    query.minScore(),
                    query.owners(),
                    hits.stream().map(h -> h.record().id()).toList()));
            return hits;
        }
    }

    static final Path MUSIQUE = EvalDatasetTest.FIXTURES.resolve("musique.jsonl");
    static BgeEmbeddingModel model;
    static EvalItem item;

    @BeforeAll
    static void load() {
        model = DemoTeam.embeddingModel();
        item = EvalDataset.MUSIQUE.load(MUSIQUE).get(0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static EvalSettings settings(List<EvalMethod> methods) {
        return new EvalSettings(
                EvalDataset.MUSIQUE,
                MUSIQUE,
                methods,
                2,
                0,
                1,
                0,
                Path.of("target/policy-test"),
                3,
                2,
                2,
                0.3,
                Duration.ofSeconds(10),
                "local",
                1,
                1,
                "");
    }

    private static ResultRow run(EvalMethod method, LoggingStore store, Llm llm) throws Exception {
        EvalSettings s = settings(List.of(method));
        try (Workbench bench = new Workbench(item, 0, 1, 2, model, 0, store)) {
            store.log.clear(); // remembering the paragraphs searched for duplicates; the method's reads start here
            ResultRow row = new MethodRunner(s, model, llm, null).run(method, bench, 0);
            assertTrue(row.error().isEmpty(), row.error());
            return row;
        }
    }

    private static float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** Record id → the searches' readers, where reader i is the i-th search's {@code reader.get(i)}. */
    private static double redundancy(List<Search> log, List<String> readers) {
        Map<String, Set<String>> readBy = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            String reader = readers.get(i);
            log.get(i).hits().forEach(id -> readBy.computeIfAbsent(id, x -> new HashSet<>())
                    .add(reader));
        }
        return RedundancyMetrics.memoryRedundancy(readBy);
    }

    private static Set<String> distinctHits(List<Search> log) {
        Set<String> out = new HashSet<>();
        log.forEach(s -> out.addAll(s.hits()));
        return out;
    }

    @Test
    void oneRetrieverSearchesTheUnionOnceForTheQuestion() throws Exception {
        LoggingStore store = new LoggingStore();
        ResultRow row = run(EvalMethod.RETRIEVAL_SINGLE, store, null);
        assertEquals(1, store.log.size());
        Search s = store.log.get(0);
        assertArrayEquals(embed(item.question()), s.vector(), 1e-6f);
        assertEquals(2, s.k());
        assertEquals(0.3, s.threshold());
        assertEquals(Set.of(), s.owners(), "the union of all memories");
        assertEquals(s.hits().size(), row.memoryNodes());
        assertEquals(0.0, row.memoryRedundancy());
    }

    @Test
    void theWideRetrieverReadsAsManyResultsAsTheTeamWithoutTheta() throws Exception {
        LoggingStore store = new LoggingStore();
        ResultRow row = run(EvalMethod.RETRIEVAL_SINGLE_WIDE, store, null);
        assertEquals(1, store.log.size());
        assertEquals(2 * 2, store.log.get(0).k(), "agents × k");
        assertEquals(-1.0, store.log.get(0).threshold());
        assertEquals(store.log.get(0).hits().size(), row.memoryNodes());
    }

    @Test
    void independentAgentsEachSearchTheUnionWithTheirOwnQuery() throws Exception {
        LoggingStore store = new LoggingStore();
        ResultRow row = run(EvalMethod.RETRIEVAL_INDEPENDENT, store, null);
        List<AgentProfile> agents;
        try (Workbench bench = new Workbench(item, 0, 1, 2, model, 0, new LoggingStore())) {
            agents = bench.agents;
        }
        assertEquals(2, store.log.size(), "one search per agent");
        for (int a = 0; a < 2; a++) {
            Search s = store.log.get(a);
            assertEquals(Set.of(), s.owners());
            assertArrayEquals(embed(TeamTalk.agentQuery(item.question(), agents.get(a))), s.vector(), 1e-6f);
        }
        assertFalse(
                java.util.Arrays.equals(
                        store.log.get(0).vector(), store.log.get(1).vector()),
                "each agent asks its own question, not one shared vector");
        assertEquals(
                redundancy(store.log, agents.stream().map(AgentProfile::id).toList()), row.memoryRedundancy(), 1e-12);
        assertEquals(distinctHits(store.log).size(), row.memoryNodes());
    }

    @Test
    void chatTeamsSearchTheUnionOncePerAgentAndCotScOnceInAll() throws Exception {
        try (LocalOpenAiServer server = LocalOpenAiServer.start(call -> Reply.text("Answer: Jane Roe"));
                Llm llm = llm(server)) {
            List<String> agentIds;
            try (Workbench bench = new Workbench(item, 0, 1, 2, model, 0, new LoggingStore())) {
                agentIds = bench.agents.stream().map(AgentProfile::id).toList();
            }
            for (EvalMethod m : List.of(EvalMethod.CHAIN, EvalMethod.STAR, EvalMethod.DEBATE)) {
                LoggingStore store = new LoggingStore();
                ResultRow row = run(m, store, llm);
                assertEquals(2, store.log.size(), m + ": one search per agent, whatever the rounds");
                store.log.forEach(s -> assertEquals(Set.of(), s.owners(), m + " searches the union"));
                assertEquals(redundancy(store.log, agentIds), row.memoryRedundancy(), 1e-12, m.cliName());
                assertEquals(distinctHits(store.log).size(), row.memoryNodes(), m.cliName());
            }
            for (EvalMethod m : List.of(EvalMethod.SINGLE, EvalMethod.COT, EvalMethod.COT_SC)) {
                LoggingStore store = new LoggingStore();
                ResultRow row = run(m, store, llm);
                assertEquals(1, store.log.size(), m + ": one agent, one retrieval (CoT-SC's samples share it)");
                assertEquals(Set.of(), store.log.get(0).owners());
                assertArrayEquals(embed(item.prompt()), store.log.get(0).vector(), 1e-6f);
                assertEquals(0.0, row.memoryRedundancy(), "one agent cannot read a record twice over");
                assertEquals(store.log.get(0).hits().size(), row.memoryNodes());
                assertEquals(m == EvalMethod.COT_SC ? 3 : 1, row.calls());
            }
        }
    }

    @Test
    void d3masTasksSearchTheUnionAndEveryRecordTheyAreGivenIsCounted() throws Exception {
        for (EvalMethod m : List.of(
                EvalMethod.RETRIEVAL_D3MAS,
                EvalMethod.RETRIEVAL_D3MAS_NO_HAND_OVER,
                EvalMethod.RETRIEVAL_D3MAS_GOLD,
                EvalMethod.RETRIEVAL_D3MAS_GOLD_NO_HAND_OVER)) {
            LoggingStore store = new LoggingStore();
            ResultRow row = run(m, store, null);
            assertFalse(store.log.isEmpty(), m.cliName());
            store.log.forEach(s -> {
                assertEquals(Set.of(), s.owners(), m + ": a task searches the union");
                assertEquals(0.3, s.threshold());
            });
            assertTrue(row.memoryNodes() > 0, m.cliName());
            assertTrue(
                    distinctHits(store.log).size() >= row.memoryNodes(),
                    m + ": nothing is counted that the store did not return");
        }
    }

    @Test
    void aHandedOverRecordIsAReadOfTheReceivingAgent() {
        Node a = new Node("r1", NodeType.REASONING, "A's step", null, "a", Provenance.of("a", "agent"), Map.of());
        Node b = new Node(
                "r2",
                NodeType.REASONING,
                "B's step",
                null,
                "b",
                Provenance.of("b", "agent"),
                Map.of(Node.HANDED_OVER, List.of("x")));
        Node mx = Node.of(Node.memoryNodeId("x"), NodeType.MEMORY, "x", null, "a", Provenance.of("a", "doc"));
        Node my = Node.of(Node.memoryNodeId("y"), NodeType.MEMORY, "y", null, "a", Provenance.of("a", "doc"));
        GraphSnapshot g = new GraphSnapshot(
                List.of(a, b, mx, my),
                List.of(
                        new io.d3mas.graph.Edge(io.d3mas.graph.EdgeType.RETRIEVE, "r1", mx.id()),
                        new io.d3mas.graph.Edge(io.d3mas.graph.EdgeType.RETRIEVE, "r1", my.id()),
                        new io.d3mas.graph.Edge(io.d3mas.graph.EdgeType.RETRIEVE, "r2", my.id())));
        Reads reads = Reads.of(g);
        assertEquals(Set.of("a", "b"), reads.readBy().get("x"), "x reached b as a's conclusion");
        assertEquals(1.0, reads.memoryRedundancy(), "both records reached both agents");
        assertEquals(List.of("x", "y"), reads.distinctInOrder(), "rank by rank: each step's first, then seconds");
    }

    @Test
    void theDistinctOrderTakesEveryRetrievalsBestBeforeAnySecond() {
        Reads r = new Reads().add("a", List.of("p1", "p2", "p3")).add("b", List.of("p4", "p1", "p5"));
        assertEquals(List.of("p1", "p4", "p2", "p3", "p5"), r.distinctInOrder());
    }

    static Llm llm(LocalOpenAiServer server) {
        ChatModel chat = LlmConfig.builder()
                .baseUrl(server.baseUrl())
                .model("local")
                .build()
                .chatModel(LlmConfig.Role.AGENT);
        return new Llm(
                LlmClient.builder(chat).name("local").build(),
                LlmClient.builder(chat)
                        .name("local (sampling)")
                        .temperature(0.7)
                        .build(),
                "local");
    }
}
