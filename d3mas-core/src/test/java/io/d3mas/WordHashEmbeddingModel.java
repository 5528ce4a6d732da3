package io.d3mas;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.d3mas.internal.text.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic test embedding: content-word stems hashed into a small vector, L2-normalised. Texts that
 * share words are similar, which makes engine tests exact without loading an ONNX model.
 */
public final class WordHashEmbeddingModel implements EmbeddingModel {

    private final int dimension;

    public WordHashEmbeddingModel(int dimension) {
        this.dimension = dimension;
    }

    public WordHashEmbeddingModel() {
        this(256);
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<Embedding> out = new ArrayList<>();
        for (TextSegment s : segments) {
            out.add(Embedding.from(vector(s.text())));
        }
        return Response.from(out);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public float[] vector(String text) {
        float[] v = new float[dimension];
        for (String stem : Text.contentStems(text)) {
            v[Math.floorMod(stem.hashCode(), dimension)] += 1;
        }
        if (Text.contentStems(text).isEmpty()) {
            v[0] = 1;
        }
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }
}
