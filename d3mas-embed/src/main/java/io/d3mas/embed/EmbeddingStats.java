package io.d3mas.embed;

/**
 * Counters since the model was built.
 *
 * @param texts texts embedded by the model (cache misses)
 * @param truncated texts that were longer than {@code maxTokens} and were cut
 * @param tokens tokens fed to the model, padding excluded
 * @param batches model runs
 * @param cacheHits texts answered from the cache
 * @param cacheSize entries in the cache now
 * @since 0.1.0
 */
public record EmbeddingStats(long texts, long truncated, long tokens, long batches, long cacheHits, int cacheSize) {}
