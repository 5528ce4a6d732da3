package io.d3mas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.d3mas.InvalidInputException;
import io.d3mas.llm.http.RetryAwareHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the LLM is and which model plays which role: OpenAI, or any OpenAI-compatible server (vLLM,
 * llama.cpp server, Ollama's {@code /v1}, LM Studio) by base URL.
 *
 * <p>From the environment ({@link #fromEnvironment()}):
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><td>{@code OPENAI_API_KEY}</td><td>the key; may be absent for a local server</td></tr>
 *   <tr><td>{@code OPENAI_BASE_URL}</td><td>default {@value #OPENAI}</td></tr>
 *   <tr><td>{@code D3MAS_MODEL}</td><td>model for every role; default {@value #DEFAULT_MODEL}</td></tr>
 *   <tr><td>{@code D3MAS_DECOMPOSER_MODEL}, {@code D3MAS_AGENT_MODEL}, {@code D3MAS_SYNTHESIZER_MODEL}</td>
 *       <td>per-role models</td></tr>
 * </table>
 *
 * The key is registered with {@link Secrets} and never printed: {@link #toString()} masks it, and every
 * message the LLM components write is redacted.
 *
 * @since 0.1.0
 */
public final class LlmConfig {

    static final String OPENAI = "https://api.openai.com/v1";
    static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** What a model is used for. */
    public enum Role {
        DECOMPOSER,
        AGENT,
        SYNTHESIZER
    }

    private final @Nullable String apiKey;
    private final String baseUrl;
    private final Map<Role, String> models;
    private final Duration callTimeout;

    private LlmConfig(Builder b) {
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.models = Map.copyOf(b.models);
        this.callTimeout = b.callTimeout;
        Secrets.register(apiKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration in this process's environment; empty when neither a key nor a base URL is set. */
    public static Optional<LlmConfig> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()}, from the given variables. */
    public static Optional<LlmConfig> fromEnvironment(Map<String, String> env) {
        String key = blankToNull(env.get("OPENAI_API_KEY"));
        String url = blankToNull(env.get("OPENAI_BASE_URL"));
        if (key == null && url == null) {
            return Optional.empty();
        }
        Builder b = builder();
        if (key != null) {
            b.apiKey(key);
        }
        if (url != null) {
            b.baseUrl(url);
        }
        String all = blankToNull(env.get("D3MAS_MODEL"));
        for (Role r : Role.values()) {
            String m = blankToNull(env.get("D3MAS_" + r.name() + "_MODEL"));
            b.model(r, m != null ? m : all != null ? all : DEFAULT_MODEL);
        }
        return Optional.of(b.build());
    }

    /** The model name for a role. */
    public String model(Role role) {
        return models.get(role);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * A langchain4j OpenAI chat model for a role, with its own retries off (the {@link LlmClient} retries)
     * and an HTTP client that keeps {@code Retry-After}.
     */
    public ChatModel chatModel(Role role) {
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey == null ? "not-needed" : apiKey)
                .modelName(model(role))
                .timeout(callTimeout)
                .maxRetries(0)
                .httpClientBuilder(RetryAwareHttpClient.builder())
                .logRequests(false)
                .logResponses(false)
                .build();
    }

    /** A client for a role's model with the default policy; close it when done. */
    public LlmClient client(Role role) {
        return LlmClient.builder(chatModel(role))
                .name(model(role))
                .modelKey(modelKey(role))
                .callTimeout(callTimeout)
                .build();
    }

    /**
     * What the clients of a role's model share (a 429's pause, refused credentials, the circuit breaker): one
     * model at one server under one key. The key enters as a hash.
     */
    String modelKey(Role role) {
        return baseUrl + " " + model(role) + " " + (apiKey == null ? "-" : Integer.toHexString(apiKey.hashCode()));
    }

    @Override
    public String toString() {
        return "LlmConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "****") + ", models=" + models
                + "]";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Builds an {@link LlmConfig}; setters reject bad values naming the field. */
    public static final class Builder {
        private @Nullable String apiKey;
        private String baseUrl = OPENAI;
        private final Map<Role, String> models = new EnumMap<>(Role.class);
        private Duration callTimeout = Duration.ofSeconds(60);

        private Builder() {
            for (Role r : Role.values()) {
                models.put(r, DEFAULT_MODEL);
            }
        }

        public Builder apiKey(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("apiKey must not be blank; leave it unset for a server without keys");
            }
            this.apiKey = value.strip();
            return this;
        }

        /** An http(s) URL ending before {@code /chat/completions}, e.g. {@code http://127.0.0.1:8000/v1}. */
        public Builder baseUrl(String value) {
            Objects.requireNonNull(value, "baseUrl");
            URI u;
            try {
                u = URI.create(value.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("baseUrl '" + value + "' is not a URL: " + e.getMessage(), e);
            }
            if (u.getScheme() == null
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new InvalidInputException(
                        "baseUrl '" + value + "' must be an http(s) URL such as https://api.openai.com/v1");
            }
            if (u.getUserInfo() != null || u.getQuery() != null) {
                throw new InvalidInputException(
                        "baseUrl must not hold credentials or a query; pass the key with apiKey(...)");
            }
            this.baseUrl = value.strip();
            return this;
        }

        public Builder model(Role role, String name) {
            Objects.requireNonNull(role, "role");
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("model name for " + role + " must not be blank");
            }
            models.put(role, name.strip());
            return this;
        }

        /** Every role's model. */
        public Builder model(String name) {
            for (Role r : Role.values()) {
                model(r, name);
            }
            return this;
        }

        public Builder callTimeout(Duration value) {
            this.callTimeout = Checks.positive("callTimeout", value);
            return this;
        }

        public LlmConfig build() {
            return new LlmConfig(this);
        }
    }
}
