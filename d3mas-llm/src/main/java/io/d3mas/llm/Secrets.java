package io.d3mas.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps API keys out of text that leaves the SDK: warnings, exception messages, logs and traces. Keys given
 * to {@link LlmConfig} are registered here; every message the LLM components build from a provider's error
 * goes through {@link #redact}. Anything shaped like a bearer token or an OpenAI-style key is masked too.
 *
 * @since 0.1.0
 */
public final class Secrets {

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final Pattern SHAPED = Pattern.compile("(?i)(bearer\\s+\\S+|\\b(sk|pk|rk)-[A-Za-z0-9_\\-*]{12,})");
    static final String MASK = "[redacted]";

    private Secrets() {}

    /** Registers a secret so it is masked wherever the SDK writes text. Blank values are ignored. */
    public static void register(@Nullable String secret) {
        if (secret != null && secret.length() >= 4) {
            KNOWN.add(secret);
        }
    }

    /** The text with every registered secret and every key-shaped string replaced by {@value #MASK}. */
    public static String redact(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : KNOWN) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return SHAPED.matcher(out).replaceAll(MASK);
    }
}
