/** The Distribute layer's storage: the {@link io.d3mas.memory.MemoryStore} SPI and the in-memory exact store. */
@NullMarked
package io.d3mas.memory;

import org.jspecify.annotations.NullMarked;
