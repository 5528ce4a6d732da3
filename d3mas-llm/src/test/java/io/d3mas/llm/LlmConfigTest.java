package io.d3mas.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

    @Test
    void noKeyAndNoBaseUrlMeansOffline() {
        assertTrue(LlmConfig.fromEnvironment(Map.of()).isEmpty());
    }

    @Test
    void readsTheBaseUrlAndModelsPerRole() {
        LlmConfig c = LlmConfig.fromEnvironment(Map.of(
                        "OPENAI_BASE_URL", "http://127.0.0.1:8000/v1",
                        "D3MAS_MODEL", "qwen2.5-7b",
                        "D3MAS_SYNTHESIZER_MODEL", "qwen2.5-72b"))
                .orElseThrow();
        assertEquals("http://127.0.0.1:8000/v1", c.baseUrl());
        assertEquals("qwen2.5-7b", c.model(LlmConfig.Role.AGENT));
        assertEquals("qwen2.5-72b", c.model(LlmConfig.Role.SYNTHESIZER));
    }

    @Test
    void theKeyIsMaskedInToStringAndRedactedFromMessages() {
        String key = "sk-proj-abcdefghijklmnop1234";
        LlmConfig c = LlmConfig.fromEnvironment(Map.of("OPENAI_API_KEY", key)).orElseThrow();
        assertFalse(c.toString().contains(key));
        assertEquals("https://api.openai.com/v1", c.baseUrl());
        assertEquals("bad key [redacted] sent", Secrets.redact("bad key " + key + " sent"));
        assertEquals("Authorization: [redacted]", Secrets.redact("Authorization: Bearer xyz"));
    }

    @Test
    void rejectsBaseUrlsThatAreNotHttpOrHoldCredentials() {
        assertThrows(InvalidInputException.class, () -> LlmConfig.builder().baseUrl("ftp://x/v1"));
        var e = assertThrows(
                InvalidInputException.class, () -> LlmConfig.builder().baseUrl("https://user:pw@host/v1"));
        assertFalse(e.getMessage().contains("pw"));
        assertThrows(InvalidInputException.class, () -> LlmConfig.builder().model(LlmConfig.Role.AGENT, " "));
    }
}
