package io.d3mas.embed.store;

import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.memory.EmbeddingStoreMemoryStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of the shared-database test: one D3Mas instance on a pgvector table that another process
 * writes and searches at the same time. It remembers {@code n} facts of its own (one per call), solving a
 * question about an earlier one after each; prints "WRONG i …" when that solve did not retrieve the fact it asks
 * about, and "DONE w" at the end (w = how many did not).
 * Arguments: table, prefix, n; the database from the D3MAS_PGVECTOR_* variables.
 */
public final class SharedPgTeam {

    private SharedPgTeam() {}

    public static void main(String[] args) {
        String table = args[0];
        String prefix = args[1];
        int n = Integer.parseInt(args[2]);
        PgVectorEmbeddingStore pg = PgVectorEmbeddingStore.builder()
                .host(System.getenv("D3MAS_PGVECTOR_HOST"))
                .port(Integer.parseInt(System.getenv("D3MAS_PGVECTOR_PORT")))
                .database(System.getenv("D3MAS_PGVECTOR_DATABASE"))
                .user(System.getenv("D3MAS_PGVECTOR_USER"))
                .password(System.getenv("D3MAS_PGVECTOR_PASSWORD"))
                .table(table)
                .dimension(64)
                .createTable(false)
                .build();
        List<String> wrong = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel(64))
                .memoryStore(new EmbeddingStoreMemoryStore(pg, 64))
                .agent(prefix, "facts about " + prefix + " items", new RetrievalAgent())
                .settings(SolveSettings.builder().threshold(0.0).topK(3).build())
                .withoutMessagePassing()
                .build()) {
            for (int i = 0; i < n; i++) {
                ids.add(team.remember(
                        prefix, prefix + "item" + i + " is kept in " + prefix + "room" + i, "child " + prefix));
                int asked = i / 2;
                SolveResult r = team.solve("Where is " + prefix + "item" + asked + " kept?");
                boolean found =
                        r.retrievals().stream().anyMatch(x -> x.recordId().equals(ids.get(asked)));
                if (!found) {
                    wrong.add(asked + " " + r.answer());
                    System.out.println("WRONG " + asked + " " + r.answer() + " " + r.warnings());
                }
            }
        }
        System.out.println("DONE " + wrong.size());
        System.out.flush();
    }
}
