package io.d3mas.examples.data;

import java.util.Objects;

/**
 * One context paragraph of a multi-hop question.
 *
 * @param title the article title
 * @param text the paragraph, sentences joined
 * @param supporting whether the dataset labels it as needed for the answer
 */
public record Paragraph(String title, String text, boolean supporting) {
    public Paragraph {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
    }
}
