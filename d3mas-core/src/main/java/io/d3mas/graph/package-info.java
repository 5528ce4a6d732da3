/**
 * The typed heterogeneous graph: three node types, six edge types, a thread-safe mutable graph and
 * immutable snapshots.
 */
@NullMarked
package io.d3mas.graph;

import org.jspecify.annotations.NullMarked;
