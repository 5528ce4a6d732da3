/** Persistent memory stores: {@link io.d3mas.embed.store.LuceneMemoryStore}, an embedded HNSW index on disk. */
@NullMarked
package io.d3mas.embed.store;

import org.jspecify.annotations.NullMarked;
