/** The trace: an immutable snapshot of a solve's graph, as JSON with a schema version. */
@NullMarked
package io.d3mas.trace;

import org.jspecify.annotations.NullMarked;
