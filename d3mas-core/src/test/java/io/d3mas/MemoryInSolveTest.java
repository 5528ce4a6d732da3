package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.agent.RetrievalAgent;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.memory.Document;
import io.d3mas.memory.InMemoryMemoryStore;
import io.d3mas.memory.IngestReport;
import io.d3mas.memory.MemoryHit;
import io.d3mas.memory.MemoryQuery;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.memory.MemoryStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The memory layer inside a solve: ingestion RELATE edges in the graph, and a store that fails mid-solve. */
class MemoryInSolveTest {

    private static final WordHashEmbeddingModel MODEL = new WordHashEmbeddingModel();

    private static D3Mas geoAndHistory() {
        return D3Mas.builder()
                .embeddingModel(MODEL)
                .agent("geo", "rivers cities mountains", new RetrievalAgent())
                .agent("hist", "kings wars treaties", new RetrievalAgent())
                .withoutMessagePassing()
                .build();
    }

    @Test
    void should_bring_the_relate_edges_of_ingested_records_into_the_solve_graph() {
        try (D3Mas team = geoAndHistory()) {
            IngestReport report = team.ingest(List.of(Document.of(
                    "atlas.txt",
                    "The long river flows past the old city walls near Vienna.\n\n"
                            + "The long river flows past the old city walls near Basel.")));
            MemoryRecord danube = report.added().get(0);
            MemoryRecord rhine = report.added().get(1);
            assertTrue(rhine.related().contains(danube.id()), rhine.toString());
            SolveSettings settings = team.settings().toBuilder()
                    .relateThreshold(1.0)
                    .threshold(0.1)
                    .build(); // no similarity RELATE
            SolveResult r = team.solve("Which long river flows past the old city walls?", settings);
            List<Edge> relate = r.graph().edges(EdgeType.RELATE);
            assertTrue(
                    relate.stream()
                            .anyMatch(e -> e.from().endsWith(rhine.id()) && e.to().endsWith(danube.id())
                                    || e.from().endsWith(danube.id()) && e.to().endsWith(rhine.id())),
                    "RELATE edges: " + relate);
        }
    }

    @Test
    void should_report_a_store_that_fails_mid_solve_and_answer_without_its_memory() {
        InMemoryMemoryStore inner = new InMemoryMemoryStore();
        AtomicBoolean down = new AtomicBoolean(false);
        MemoryStore flaky = new MemoryStore() {
            @Override
            public void addAll(List<MemoryRecord> records) {
                inner.addAll(records);
            }

            @Override
            public List<MemoryHit> search(MemoryQuery query) {
                if (down.get()) {
                    throw new IllegalStateException("connection to 127.0.0.1:5432 refused");
                }
                return inner.search(query);
            }
        };
        List<io.d3mas.SolveWarning> warnings = StoreOutageCheck.solveAfterOutage(MODEL, flaky, () -> down.set(true));
        assertTrue(warnings.stream().anyMatch(w -> w.message().contains("refused")), warnings.toString());
    }

    @Test
    void should_keep_the_retrieval_ledger_per_solve_and_per_session() {
        try (D3Mas team = geoAndHistory()) {
            String seine = team.remember("geo", "The Seine river flows through Paris city.", "atlas");
            team.remember("hist", "King Louis signed the treaty of Paris.", "annals");
            SolveResult first = team.solve("Which river flows through Paris city?");
            List<io.d3mas.memory.Retrieval> lines = first.retrievals();
            assertTrue(
                    lines.stream()
                            .anyMatch(l ->
                                    l.recordId().equals(seine) && !l.taskId().isEmpty()),
                    lines.toString());
            assertTrue(lines.stream()
                    .allMatch(l -> l.agentId().equals("geo") || l.agentId().equals("hist")));
            team.solve("Which river flows through Paris city?");
            assertTrue(team.ledger().solves() == 2);
            assertTrue(
                    team.ledger().retrievalsOf(seine) >= 2,
                    "retrievals of the Seine: " + team.ledger().retrievalsOf(seine));
            assertFalse(team.ledger().agentsOf(seine).isEmpty());
        }
    }
}
