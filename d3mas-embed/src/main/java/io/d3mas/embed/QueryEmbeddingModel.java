package io.d3mas.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;

/** {@link BgeEmbeddingModel#forQueries()}: the query instruction in front of every text. Owns nothing. */
final class QueryEmbeddingModel implements EmbeddingModel {

    private final BgeEmbeddingModel model;
    private final String instruction;

    QueryEmbeddingModel(BgeEmbeddingModel model, String instruction) {
        this.model = model;
        this.instruction = instruction;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        List<TextSegment> prefixed = new ArrayList<>(segments.size());
        segments.forEach(s -> prefixed.add(TextSegment.from(instruction + s.text())));
        return model.embedAll(prefixed);
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public String modelName() {
        return model.modelName() + " (queries)";
    }
}
