/** The Decompose layer: the {@link io.d3mas.task.Decomposer} SPI and the offline rule-based decomposer. */
@NullMarked
package io.d3mas.task;

import org.jspecify.annotations.NullMarked;
