package io.d3mas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.d3mas.InvalidInputException;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.DecompositionRequest;
import io.d3mas.task.SubTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Decomposes a task with an LLM (paper eq. 3–4): sub-tasks with dependencies between siblings and an
 * "atomic" flag, asked for as JSON (schema-constrained where the server supports it) and validated.
 *
 * <ul>
 *   <li>Empty sub-tasks and exact duplicates are dropped, and references to a duplicate point to the one kept.
 *   <li>A {@code {{i}}} placeholder missing from {@code dependsOn} is added to it.
 *   <li>An unknown reference (no such sibling, or a sub-task depending on itself) is an error shown to the
 *       model in one repair round, as are invalid JSON and wrong field types.
 *   <li>Cycles are left to the engine, which breaks and reports them.
 * </ul>
 *
 * A second bad answer throws {@link MalformedAnswerException}: the engine records it as a warning and answers
 * the task whole. In a feedback round the request's {@link DecompositionRequest#feedback()} (what answering the
 * task whole lacked) goes to the model as {@code <answering-whole-lacked>} elements in the {@code ${ancestors}}
 * block. Thread-safe.
 *
 * @since 0.1.0
 */
public final class LlmDecomposer implements Decomposer {

    static final Set<String> SYSTEM_VARIABLES = Set.of("maxSubTasks");
    static final Set<String> USER_VARIABLES = Set.of("query", "ancestors", "task");

    private final LlmClient client;
    private final PromptTemplate system;
    private final PromptTemplate user;
    private final PromptTemplate repair;
    private final int maxSubTasks;

    /** A decomposer with the default prompts, asking for at most 5 sub-tasks. */
    public LlmDecomposer(LlmClient client) {
        this(builder(client));
    }

    private LlmDecomposer(Builder b) {
        this.client = b.client;
        this.system = b.system.requireVariables("decomposer system", SYSTEM_VARIABLES);
        this.user = b.user.requireVariables("decomposer user", USER_VARIABLES);
        this.repair = b.repair.requireVariables("repair", Set.of("error"));
        this.maxSubTasks = b.maxSubTasks;
    }

    public static Builder builder(LlmClient client) {
        return new Builder(client);
    }

    @Override
    public Decomposition decompose(DecompositionRequest request) throws InterruptedException {
        StringBuilder ancestors = new StringBuilder();
        for (String a : request.ancestors()) {
            ancestors.append(Untrusted.element("parent", a)).append('\n');
        }
        // a feedback round's second look: what answering the task whole lacked, in the same block so that custom
        // templates need no new variable, and only then, so that a first decomposition costs no more tokens
        if (request.isRefinement()) {
            ancestors.append("A team member answered this task whole and lacked what <answering-whole-lacked> says:"
                    + " split it so that each part can be answered, or keep it whole if it cannot be split.\n");
            for (String lacked : request.feedback()) {
                ancestors
                        .append(Untrusted.element("answering-whole-lacked", lacked))
                        .append('\n');
            }
        }
        String userText = user.render(Map.of(
                "query", Untrusted.escape(request.query()),
                "ancestors", ancestors.toString(),
                "task", Untrusted.escape(request.task())));
        String systemText = system.render(Map.of("maxSubTasks", Integer.toString(maxSubTasks)));
        JsonExchange.Answer<List<SubTask>> a = JsonExchange.ask(
                client, systemText, userText, Schemas.DECOMPOSITION, repair, request.budget(), LlmDecomposer::read);
        List<SubTask> subs = a.value();
        return subs.isEmpty()
                ? new Decomposition(List.of(), true, a.tokens(), a.calls())
                : new Decomposition(subs, false, a.tokens(), a.calls());
    }

    /** Reads and cleans a decomposition; an empty list means atomic. */
    static List<SubTask> read(JsonNode o) throws LenientJson.Problem {
        boolean atomic = LenientJson.flag(o, "atomic", false);
        JsonNode list = LenientJson.array(o, "subtasks");
        if (atomic || list == null || list.isEmpty()) {
            if (!atomic && list == null) {
                throw new LenientJson.Problem("field \"subtasks\" is missing; give sub-tasks or \"atomic\": true");
            }
            return List.of();
        }
        int n = list.size();
        List<String> texts = new ArrayList<>(n);
        List<Set<Integer>> deps = new ArrayList<>(n);
        List<Boolean> atomics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode s = list.get(i);
            if (s.isTextual()) {
                texts.add(s.asText().strip());
                deps.add(new LinkedHashSet<>());
                atomics.add(false);
                continue;
            }
            if (!s.isObject()) {
                throw new LenientJson.Problem("sub-task " + i + " must be an object with \"task\"");
            }
            String text = LenientJson.text(s, "task", "");
            Set<Integer> d = new LinkedHashSet<>();
            JsonNode on = LenientJson.array(s, "dependsOn");
            if (on != null) {
                for (JsonNode e : on) {
                    if (!e.canConvertToInt()
                            && !(e.isTextual() && e.asText().strip().matches("\\d+"))) {
                        throw new LenientJson.Problem(
                                "sub-task " + i + ": \"dependsOn\" must hold sub-task indices, found " + e);
                    }
                    d.add(e.isTextual() ? Integer.parseInt(e.asText().strip()) : e.asInt());
                }
            }
            Matcher m = SubTask.PLACEHOLDER.matcher(text);
            while (m.find()) {
                d.add(Integer.parseInt(m.group(1)));
            }
            for (int ref : d) {
                if (ref < 0 || ref >= n) {
                    throw new LenientJson.Problem("sub-task " + i + " refers to sub-task " + ref + ", but there are "
                            + n + " (indices 0 to " + (n - 1) + ")");
                }
                if (ref == i) {
                    throw new LenientJson.Problem("sub-task " + i + " depends on itself");
                }
            }
            texts.add(text);
            deps.add(d);
            atomics.add(LenientJson.flag(s, "atomic", false));
        }
        return clean(texts, deps, atomics);
    }

    /** Drops blank sub-tasks and duplicates; renumbers references (to a duplicate: to the one kept). */
    private static List<SubTask> clean(List<String> texts, List<Set<Integer>> deps, List<Boolean> atomics)
            throws LenientJson.Problem {
        int n = texts.size();
        int[] target = new int[n];
        Map<String, Integer> firstByText = new HashMap<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = texts.get(i).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (key.isBlank()) {
                target[i] = -1;
                continue;
            }
            Integer first = firstByText.putIfAbsent(key, i);
            if (first != null) {
                target[i] = target[first];
                continue;
            }
            target[i] = kept.size();
            kept.add(i);
        }
        List<SubTask> out = new ArrayList<>(kept.size());
        for (int i : kept) {
            String text = texts.get(i);
            List<Integer> on = new ArrayList<>();
            StringBuilder rewritten = new StringBuilder();
            Matcher m = SubTask.PLACEHOLDER.matcher(text);
            while (m.find()) {
                int to = target[Integer.parseInt(m.group(1))];
                if (to < 0) {
                    throw new LenientJson.Problem(
                            "sub-task " + i + " uses {{" + m.group(1) + "}}, but sub-task " + m.group(1) + " is empty");
                }
                m.appendReplacement(rewritten, Matcher.quoteReplacement("{{" + to + "}}"));
            }
            m.appendTail(rewritten);
            for (int ref : deps.get(i)) {
                int to = target[ref];
                if (to >= 0 && to != target[i] && !on.contains(to)) {
                    on.add(to);
                }
            }
            out.add(new SubTask(rewritten.toString(), on, atomics.get(i)));
        }
        return out;
    }

    @Override
    public String name() {
        return "LlmDecomposer(" + client.name() + ")";
    }

    /**
     * Builds an {@link LlmDecomposer}. Uses variable {@code ${maxSubTasks}} in the system prompt and {@code ${query}}, {@code ${ancestors}}
     * and {@code ${task}} in the user prompt.
     */
    public static final class Builder extends PromptedBuilder<Builder> {
        private int maxSubTasks = 5;

        private Builder(LlmClient client) {
            super(client, DefaultPrompts.DECOMPOSER_SYSTEM, DefaultPrompts.DECOMPOSER_USER);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The most sub-tasks the prompt asks for. Default 5. */
        public Builder maxSubTasks(int value) {
            if (value < 2) {
                throw new InvalidInputException("maxSubTasks must be >= 2, was " + value);
            }
            this.maxSubTasks = value;
            return this;
        }

        public LlmDecomposer build() {
            return new LlmDecomposer(this);
        }
    }
}
