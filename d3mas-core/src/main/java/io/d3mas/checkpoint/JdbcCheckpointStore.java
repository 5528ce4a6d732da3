package io.d3mas.checkpoint;

import io.d3mas.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Checkpoints in a SQL table ({@code solve_id} primary key, the JSON in a text column), through any JDBC
 * {@link DataSource}: PostgreSQL, MySQL, H2, … A save is one transaction (update, or insert when the solve has
 * none yet), committed before it returns. The table is created when missing. Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcCheckpointStore implements CheckpointStore {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;

    /**
     * @param table the table's name (letters, digits, '_'); created if missing
     * @throws InvalidInputException for a bad table name
     * @throws IllegalStateException when the table cannot be created
     */
    public JdbcCheckpointStore(DataSource dataSource, String table) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new InvalidInputException("table '" + table + "' must be a plain SQL name (letters, digits, '_')");
        }
        this.table = table;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (solve_id VARCHAR(200) PRIMARY KEY, body TEXT NOT NULL, finished BOOLEAN NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create checkpoint table " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        String id = CheckpointJson.checkId(checkpoint.solveId());
        String body = CheckpointJson.write(checkpoint);
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement u =
                        c.prepareStatement("UPDATE " + table + " SET body = ?, finished = ? WHERE solve_id = ?")) {
                    u.setString(1, body);
                    u.setBoolean(2, checkpoint.finished());
                    u.setString(3, id);
                    updated = u.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement i = c.prepareStatement(
                            "INSERT INTO " + table + " (solve_id, body, finished) VALUES (?, ?, ?)")) {
                        i.setString(1, id);
                        i.setString(2, body);
                        i.setBoolean(3, checkpoint.finished());
                        i.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not save the checkpoint of solve " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Checkpoint> load(String solveId) {
        String id = CheckpointJson.checkId(solveId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT body FROM " + table + " WHERE solve_id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next()
                        ? Optional.of(CheckpointJson.read(rs.getString(1), table + "/" + id))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the checkpoint of solve " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcCheckpointStore(" + table + ")";
    }
}
