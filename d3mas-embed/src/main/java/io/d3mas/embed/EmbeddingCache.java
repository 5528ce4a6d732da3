package io.d3mas.embed;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from text to vector (Caffeine: concurrent reads and writes without one global lock, size-bounded
 * eviction by frequency and recency); thread-safe. Vectors are copied in and out. Maintenance runs on the
 * calling thread, so the size is exact after every call.
 */
final class EmbeddingCache {

    private final int capacity;
    private final @Nullable Cache<String, float[]> cache;

    EmbeddingCache(int capacity) {
        this.capacity = capacity;
        this.cache = capacity == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(capacity)
                        .executor(Runnable::run)
                        .build();
    }

    @Nullable
    float[] get(String text) {
        if (cache == null) {
            return null;
        }
        float[] v = cache.getIfPresent(text);
        return v == null ? null : v.clone();
    }

    void put(String text, float[] vector) {
        if (cache != null) {
            cache.put(text, vector.clone());
        }
    }

    int size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return (int) Math.min(cache.estimatedSize(), capacity);
    }

    void clear() {
        if (cache != null) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }
}
