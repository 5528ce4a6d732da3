package io.d3mas.embed.store;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;

/** Lucene's default codec with the HNSW parameters of a {@link LuceneMemoryStore}. */
final class HnswCodec {

    /** Shared by every store's HNSW merges; daemon threads, so an idle JVM can exit. */
    private static final ExecutorService MERGE_POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "d3mas-lucene-hnsw-merge");
        t.setDaemon(true);
        return t;
    });

    private HnswCodec() {}

    static Lucene912Codec of(int maxConnections, int beamWidth, int mergeThreads) {
        KnnVectorsFormat hnsw = mergeThreads == 1
                ? new Lucene99HnswVectorsFormat(maxConnections, beamWidth)
                : new Lucene99HnswVectorsFormat(maxConnections, beamWidth, mergeThreads, MERGE_POOL);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        };
    }
}
