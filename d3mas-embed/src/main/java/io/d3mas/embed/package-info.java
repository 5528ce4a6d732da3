/**
 * BGE embeddings (BGE-M3, the BGE v1.5 family and other BERT-style encoders) on ONNX Runtime through DJL,
 * as a langchain4j {@link dev.langchain4j.model.embedding.EmbeddingModel}. Start with
 * {@link io.d3mas.embed.BgeEmbeddingModel#builder()}.
 */
@NullMarked
package io.d3mas.embed;

import org.jspecify.annotations.NullMarked;
