package io.d3mas.checkpoint;

import java.util.Optional;

/**
 * Where solves keep their {@link Checkpoint}s ({@code D3Mas.Builder.checkpoints}). Implementations must make a
 * save durable before it returns (a crash right after must find it) and atomic (a crash during it leaves the
 * previous checkpoint whole); {@link FileCheckpointStore} and {@link JdbcCheckpointStore} do. Thread-safe.
 *
 * @apiNote Experimental: it may change in a 0.x minor version (see CHANGELOG.md).
 * @since 0.1.0
 */
public interface CheckpointStore {

    /** Replaces the solve's checkpoint with this one. */
    void save(Checkpoint checkpoint);

    /** The solve's last saved checkpoint, if any. */
    Optional<Checkpoint> load(String solveId);
}
