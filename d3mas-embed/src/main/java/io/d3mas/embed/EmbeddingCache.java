package io.d3mas.embed;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A bounded least-recently-used map from text to vector; thread-safe. Vectors are copied in and out. */
final class EmbeddingCache {

    private final int capacity;
    private final LinkedHashMap<String, float[]> map;

    EmbeddingCache(int capacity) {
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > EmbeddingCache.this.capacity;
            }
        };
    }

    @Nullable
    float[] get(String text) {
        if (capacity == 0) {
            return null;
        }
        float[] v;
        synchronized (map) {
            v = map.get(text);
        }
        return v == null ? null : v.clone();
    }

    void put(String text, float[] vector) {
        if (capacity == 0) {
            return;
        }
        float[] copy = vector.clone();
        synchronized (map) {
            map.put(text, copy);
        }
    }

    int size() {
        synchronized (map) {
            return map.size();
        }
    }

    void clear() {
        synchronized (map) {
            map.clear();
        }
    }
}
