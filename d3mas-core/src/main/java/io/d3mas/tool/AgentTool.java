package io.d3mas.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import io.d3mas.InvalidInputException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tool an agent may call: a langchain4j {@link ToolSpecification} (name, description, JSON schema of the
 * arguments) with the {@link ToolExecutor} that runs it, whether its calls may be reused, and its timeout.
 *
 * <pre>
 * class Lookup {
 *     &#64;Tool("Population of a city")
 *     long population(&#64;P("the city") String city) { ... }
 *
 *     &#64;Tool("Books a table") &#64;NotReusable
 *     String book(String restaurant, int people) { ... }
 * }
 * List&lt;AgentTool&gt; tools = AgentTool.from(new Lookup());
 * AgentTool clock = AgentTool.of(ToolSpecification.builder().name("now").description("the time").build(),
 *         arguments -&gt; Instant.now().toString()).notReusable();
 * </pre>
 *
 * <p>Immutable; the {@code with} methods return a copy.
 *
 * @since 0.2.0
 */
public final class AgentTool {

    /** The default limit for one call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolSpecification specification;
    private final ToolExecutor executor;
    private final boolean reusable;
    private final Duration timeout;

    private AgentTool(ToolSpecification specification, ToolExecutor executor, boolean reusable, Duration timeout) {
        this.specification = specification;
        this.executor = executor;
        this.reusable = reusable;
        this.timeout = timeout;
    }

    /**
     * A tool from its specification and executor; reusable, with the {@linkplain #DEFAULT_TIMEOUT default timeout}.
     *
     * @throws InvalidInputException for a name the OpenAI protocol would refuse (it must match
     *     {@code [a-zA-Z0-9_-]{1,64}})
     */
    public static AgentTool of(ToolSpecification specification, ToolExecutor executor) {
        Objects.requireNonNull(specification, "specification");
        Objects.requireNonNull(executor, "executor");
        String name = specification.name();
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new InvalidInputException("tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'"
                    + " (what the OpenAI protocol accepts)");
        }
        return new AgentTool(specification, executor, true, DEFAULT_TIMEOUT);
    }

    /**
     * The langchain4j {@link Tool @Tool} methods of an object, each a tool; a method also marked
     * {@link NotReusable @NotReusable} is not reusable. Arguments are bound by position and converted with
     * Jackson; a {@code String} result is passed as it is, {@code void} gives {@code "done"}, anything else is
     * written as JSON.
     *
     * @throws InvalidInputException when the object has no {@code @Tool} method, or one takes a
     *     {@code @ToolMemoryId} (D³MAS has no chat memory to pass)
     */
    public static List<AgentTool> from(Object toolObject) {
        Objects.requireNonNull(toolObject, "toolObject");
        List<AgentTool> out = new ArrayList<>();
        for (Method m : toolObject.getClass().getDeclaredMethods()) {
            if (!m.isAnnotationPresent(Tool.class)) {
                continue;
            }
            for (Parameter p : m.getParameters()) {
                if (p.isAnnotationPresent(ToolMemoryId.class)) {
                    throw new InvalidInputException("tool method " + m.getName() + " takes a @ToolMemoryId;"
                            + " D³MAS agents have no chat memory id to pass: remove the parameter");
                }
            }
            ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(m);
            if (!Modifier.isPublic(m.getModifiers())
                    || !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                m.setAccessible(true);
            }
            AgentTool t = of(spec, arguments -> invoke(toolObject, m, spec, arguments));
            out.add(m.isAnnotationPresent(NotReusable.class) ? t.notReusable() : t);
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(
                    toolObject.getClass().getName() + " has no method annotated with dev.langchain4j.agent.tool.Tool");
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return List.copyOf(out);
    }

    private static String invoke(Object target, Method m, ToolSpecification spec, String arguments) throws Exception {
        JsonNode given = JSON.readTree(arguments.isBlank() ? "{}" : arguments);
        if (!given.isObject()) {
            throw new IllegalArgumentException("the arguments must be a JSON object, were: " + arguments);
        }
        List<String> names = spec.parameters() == null
                ? List.of()
                : new ArrayList<>(spec.parameters().properties().keySet());
        Parameter[] params = m.getParameters();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            String name = i < names.size() ? names.get(i) : params[i].getName();
            JsonNode v = given.get(name);
            if (v == null || v.isNull()) {
                if (params[i].getType().isPrimitive()) {
                    throw new IllegalArgumentException("missing argument '" + name + "'");
                }
                continue;
            }
            values[i] = JSON.convertValue(v, JSON.constructType(params[i].getParameterizedType()));
        }
        Object result;
        try {
            result = m.invoke(target, values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
        if (m.getReturnType() == void.class) {
            return "done";
        }
        return result instanceof String s ? s : JSON.writeValueAsString(result);
    }

    /** The tool's name, as the model calls it. */
    public String name() {
        return specification.name();
    }

    public ToolSpecification specification() {
        return specification;
    }

    public ToolExecutor executor() {
        return executor;
    }

    /** Whether a call may take the result of the same call made earlier in the solve. Default true. */
    public boolean reusable() {
        return reusable;
    }

    /** The limit for one call (the solve's deadline may cut it shorter). */
    public Duration timeout() {
        return timeout;
    }

    /** This tool, never reused: for tools that act or whose answer changes between calls. */
    public AgentTool notReusable() {
        return new AgentTool(specification, executor, false, timeout);
    }

    /** This tool with another limit for one call. */
    public AgentTool withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isZero() || value.isNegative()) {
            throw new InvalidInputException("a tool's timeout must be positive, was " + value);
        }
        return new AgentTool(specification, executor, reusable, value);
    }

    @Override
    public String toString() {
        return "AgentTool(" + name() + (reusable ? "" : ", not reusable") + ")";
    }
}
