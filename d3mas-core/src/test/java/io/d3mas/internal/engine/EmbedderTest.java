package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import io.d3mas.ModelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The engine's embedding calls: texts a task waits for go out as two calls at once. */
class EmbedderTest {

    private final ExecutorService helper = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        helper.shutdownNow();
    }

    private static final List<String> TEXTS = List.of(
            "Survey the geography of the world",
            "List the rivers of Europe",
            "List the mountains of Asia",
            "List the lakes of Africa",
            "Compare it with it");

    @Test
    void should_embed_two_halves_at_once_and_keep_the_order() {
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: a single call");
        // each half waits for the other inside the model: only two calls at once get past the barrier
        CyclicBarrier both = new CyclicBarrier(2);
        EmbeddingModel model = model(segments -> {
            if (segments.size() > 1 || !segments.get(0).text().equals("dimension probe")) {
                try {
                    both.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the halves did not run at once", e);
                }
            }
        });
        List<float[]> vectors = new Embedder(model).embedAllNow(TEXTS, helper);

        assertEquals(TEXTS.size(), vectors.size());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(Scripted.MODEL.embed(TEXTS.get(i)).content().vector(), vectors.get(i), "text " + i);
        }
    }

    @Test
    void should_make_one_call_for_few_texts() {
        int[] calls = {0};
        EmbeddingModel model = model(segments -> calls[0]++);
        Embedder embedder = new Embedder(model);
        calls[0] = 0;
        assertEquals(3, embedder.embedAllNow(TEXTS.subList(0, 3), helper).size());
        assertEquals(1, calls[0]);
    }

    @Test
    void should_report_a_failing_half_as_the_model_failing() {
        EmbeddingModel model = model(segments -> {
            if (segments.stream().anyMatch(s -> s.text().contains("Compare"))) {
                throw new IllegalStateException("quota exceeded");
            }
        });
        Embedder embedder = new Embedder(model);
        ModelException e = assertThrows(ModelException.class, () -> embedder.embedAllNow(TEXTS, helper));
        assertTrue(e.getMessage().contains("quota exceeded"), e.getMessage());
    }

    @Test
    void should_not_wait_for_a_helper_queued_behind_other_work() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        helper.execute(() -> {
            try {
                release.await(); // the only helper thread is busy until the call below has returned
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            List<float[]> vectors = assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> new Embedder(Scripted.MODEL).embedAllNow(TEXTS, helper));
            assertEquals(TEXTS.size(), vectors.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertArrayEquals(Scripted.MODEL.embed(TEXTS.get(i)).content().vector(), vectors.get(i), "text " + i);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void should_embed_on_the_caller_when_the_helper_refuses() {
        helper.shutdown();
        assertEquals(
                TEXTS.size(),
                new Embedder(Scripted.MODEL).embedAllNow(TEXTS, helper).size());
    }

    /** The word-hash model, after {@code before} has seen each call's texts. */
    private static EmbeddingModel model(Consumer<List<TextSegment>> before) {
        return new EmbeddingModel() {
            @Override
            public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
                before.accept(segments);
                return Scripted.MODEL.embedAll(segments);
            }
        };
    }
}
