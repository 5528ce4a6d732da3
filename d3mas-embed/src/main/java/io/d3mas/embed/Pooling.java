package io.d3mas.embed;

/**
 * How a sentence vector is made from the model's token vectors.
 *
 * @since 0.1.0
 */
public enum Pooling {
    /** The first token's vector ({@code [CLS]} / {@code <s>}): BGE-M3 and the BGE v1.5 family. */
    CLS,
    /** The average of the token vectors under the attention mask: most sentence-transformers models. */
    MEAN
}
