/** Type-aware message passing: the SPI that d3mas-graph implements, its settings and result. */
@NullMarked
package io.d3mas.propagation;

import org.jspecify.annotations.NullMarked;
