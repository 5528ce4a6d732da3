/** The engine behind {@code D3Mas.solve}. Not API: use {@link io.d3mas.D3Mas}. */
@NullMarked
package io.d3mas.engine;

import org.jspecify.annotations.NullMarked;
