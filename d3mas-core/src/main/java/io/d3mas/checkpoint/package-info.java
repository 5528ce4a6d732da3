/**
 * Checkpoints of a running solve, so that {@code D3Mas.resume} continues it after a crash: a file or JDBC store, or your own {@link io.d3mas.checkpoint.CheckpointStore}.
 */
@NullMarked
package io.d3mas.checkpoint;

import org.jspecify.annotations.NullMarked;
