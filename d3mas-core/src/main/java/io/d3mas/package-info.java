/** The facade: {@link io.d3mas.D3Mas}, its settings, result and exceptions. */
@NullMarked
package io.d3mas;

import org.jspecify.annotations.NullMarked;
