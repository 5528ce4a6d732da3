package io.d3mas.embed;

import io.d3mas.ApiSurface;
import org.junit.jupiter.api.Test;

/** The public types of this module are a decision: {@code api-surface.txt} lists them. */
class ApiSurfaceTest {

    @Test
    void should_export_exactly_the_listed_public_types() {
        ApiSurface.check(BgeEmbeddingModel.class, "api-surface.txt");
    }
}
