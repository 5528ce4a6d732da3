package io.d3mas.embed;

import java.util.Map;

/**
 * Everything the model produced for one text.
 *
 * @param dense the sentence vector (pooled and, by default, L2-normalised)
 * @param lexicalWeights BGE-M3's sparse lexical weights, token id to weight (the largest weight when a token
 *     occurs more than once; special tokens left out); empty when the model has no sparse output
 * @param tokens the number of tokens the model saw, special tokens included
 * @param truncated whether the text was cut to {@code maxTokens}
 * @since 0.1.0
 */
public record EncodedText(float[] dense, Map<Long, Float> lexicalWeights, int tokens, boolean truncated) {

    public EncodedText {
        dense = dense.clone();
        lexicalWeights = Map.copyOf(lexicalWeights);
    }

    @Override
    public float[] dense() {
        return dense.clone();
    }
}
