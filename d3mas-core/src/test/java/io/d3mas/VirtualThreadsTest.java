package io.d3mas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Agent tasks on virtual threads on Java 21+; a clear refusal on older JVMs. (CI runs both: 17, 21, 25.) */
class VirtualThreadsTest {

    @Test
    void agentsRunOnVirtualThreadsOrTheBuilderSaysWhyNot() throws Exception {
        if (Runtime.version().feature() < 21) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class, () -> D3Mas.builder().virtualThreads());
            assertTrue(e.getMessage().contains("Java 21"), e.getMessage());
            return;
        }
        AtomicReference<Boolean> virtual = new AtomicReference<>();
        try (D3Mas team = D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .agent("geo", "rivers", r -> {
                    virtual.set((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
                    return io.d3mas.agent.ReasoningResult.answer("the Seine")
                            .confidence(0.9)
                            .build();
                })
                .withoutMessagePassing()
                .virtualThreads()
                .build()) {
            assertEquals(
                    "the Seine", team.solve("Which river flows through Paris?").answer());
        }
        assertTrue(virtual.get(), "the agent ran on a platform thread");
    }
}
