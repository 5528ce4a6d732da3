package io.d3mas.embed.store;

import io.d3mas.InvalidInputException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates the HNSW index that langchain4j's pgvector table lacks, so that searches through
 * {@code EmbeddingStoreMemoryStore} on {@code PgVectorEmbeddingStore} stop scanning the whole table
 * (docs/memory.md). langchain4j orders by {@code embedding <=> query} (cosine distance) with a LIMIT, which an
 * index on {@code vector_cosine_ops} serves. Plain JDBC: pass the DataSource or connection you gave the store.
 *
 * <pre>{@code
 * PgVectorIndex.createHnsw(dataSource, "memory");           // m = 16, ef_construction = 64
 * }</pre>
 *
 * Creating the index reads the whole table once (minutes at a million rows); later inserts update it.
 * Searches then return approximate nearest neighbours: raise {@code hnsw.ef_search} (PostgreSQL setting,
 * default 40) for recall, e.g. {@code ALTER DATABASE d3mas SET hnsw.ef_search = 100}.
 *
 * @since 0.1.0
 */
public final class PgVectorIndex {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private PgVectorIndex() {}

    /** {@link #createHnsw(Connection, String, int, int)} with pgvector's defaults, m = 16, ef_construction = 64. */
    public static String createHnsw(DataSource dataSource, String table) throws SQLException {
        try (Connection c = Objects.requireNonNull(dataSource, "dataSource").getConnection()) {
            return createHnsw(c, table, 16, 64);
        }
    }

    /**
     * Creates (if it does not exist) an HNSW index on the table's {@code embedding} column for cosine distance.
     *
     * @param table the table name given to {@code PgVectorEmbeddingStore} (letters, digits, underscores)
     * @param m neighbours per node, 2 to 100
     * @param efConstruction candidates while building, at least {@code 2 * m}, at most 1000
     * @return the index name, {@code <table>_embedding_hnsw}
     * @throws InvalidInputException for a table name that is not a plain identifier or parameters out of range
     * @throws SQLException when PostgreSQL refuses (no pgvector, no such table, no permission)
     */
    public static String createHnsw(Connection connection, String table, int m, int efConstruction)
            throws SQLException {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(table, "table");
        if (!IDENTIFIER.matcher(table).matches() || table.length() > 48) {
            throw new InvalidInputException("table '" + table + "' is not a plain identifier of at most 48"
                    + " characters (letters, digits, underscores); use the name given to PgVectorEmbeddingStore");
        }
        if (m < 2 || m > 100) {
            throw new InvalidInputException("m must be in [2, 100], was " + m);
        }
        if (efConstruction < 2 * m || efConstruction > 1000) {
            throw new InvalidInputException(
                    "efConstruction must be in [2m, 1000] = [" + 2 * m + ", 1000], was " + efConstruction);
        }
        String index = table + "_embedding_hnsw";
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS " + index + " ON " + table
                    + " USING hnsw (embedding vector_cosine_ops) WITH (m = " + m + ", ef_construction = "
                    + efConstruction + ")");
        }
        return index;
    }
}
