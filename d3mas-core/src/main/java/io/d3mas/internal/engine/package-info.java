/**
 * Internal: the engine behind {@code D3Mas.solve}. Not API: its types are public only so that the SDK's other
 * packages can reach them, may change in any release, and are left out of the javadoc. Use
 * {@link io.d3mas.D3Mas}.
 */
@NullMarked
package io.d3mas.internal.engine;

import org.jspecify.annotations.NullMarked;
