package io.d3mas.llm;

import io.d3mas.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with {@code ${name}} variables. The LLM components take one per message they send, so users can
 * replace the defaults ({@code docs/llm.md} lists them); a template must use every variable its component
 * fills in ({@link #of} checks), and may not use others. {@code {{i}}} is not a variable: it is the
 * placeholder syntax decomposers write for sub-task answers.
 *
 * @since 0.1.0
 */
public final class PromptTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String text;
    private final Set<String> variables;

    private PromptTemplate(String text) {
        this.text = text;
        Set<String> found = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        this.variables = Set.copyOf(found);
    }

    /** A template from text. */
    public static PromptTemplate of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new InvalidInputException("a prompt template must not be blank");
        }
        return new PromptTemplate(text);
    }

    /** A default template shipped in this jar ({@code io/d3mas/llm/prompts/<name>.txt}). */
    static PromptTemplate resource(String name) {
        String path = "prompts/" + name + ".txt";
        try (InputStream in = PromptTemplate.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("default prompt " + path + " is missing from the d3mas-llm jar");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read default prompt " + path, e);
        }
    }

    /**
     * Checks that this template uses exactly the variables a component fills in.
     *
     * @throws InvalidInputException naming the missing or unknown variables
     */
    PromptTemplate requireVariables(String role, Set<String> expected) {
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(variables);
        Set<String> unknown = new LinkedHashSet<>(variables);
        unknown.removeAll(expected);
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new InvalidInputException("the " + role + " prompt template must use the variables " + expected
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
        return this;
    }

    /** The text with every variable replaced. */
    public String render(Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new InvalidInputException("no value for prompt variable ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The template's text. */
    public String text() {
        return text;
    }

    /** The variables it uses. */
    public Set<String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return text;
    }
}
