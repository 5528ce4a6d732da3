package io.d3mas.examples.eval;

import io.d3mas.Ablation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The methods the harness compares, all on the same model, agents and memory. */
public enum EvalMethod {
    SINGLE("single", "one agent, zero-shot", null),
    COT("cot", "one agent, chain of thought", null),
    COT_SC("cot-sc", "chain of thought, n samples, majority vote", null),
    CHAIN("chain", "agents in a chain, each sees the earlier outputs", null),
    STAR("star", "agents answer alone, a coordinator writes the answer", null),
    DEBATE("debate", "complete graph / LLM debate, rounds of all-to-all", null),
    AGENTIC_SUPERVISOR(
            "agentic-supervisor",
            "langchain4j-agentic's supervisor: an LLM planner calls one expert per step, then recaps",
            null),
    D3MAS("d3mas", "D³MAS, all layers", Ablation.FULL),
    D3MAS_NO_TASK("d3mas-no-task", "D³MAS without the task layer", Ablation.NO_TASK_LAYER),
    D3MAS_NO_REASONING("d3mas-no-reasoning", "D³MAS without the reasoning layer", Ablation.NO_REASONING_LAYER),
    D3MAS_NO_MEMORY("d3mas-no-memory", "D³MAS without the memory layer", Ablation.NO_MEMORY_LAYER),
    D3MAS_NO_MP("d3mas-no-mp", "D³MAS without message passing", Ablation.NO_MESSAGE_PASSING),
    D3MAS_NO_FEEDBACK("d3mas-no-feedback", "D³MAS without feedback rounds", Ablation.NO_FEEDBACK),
    D3MAS_NO_HAND_OVER(
            "d3mas-no-hand-over",
            "D³MAS's sub-tasks without the retrieval ledger: every task retrieves on its own",
            Ablation.NO_HAND_OVER),
    D3MAS_FLAT("d3mas-flat", "flat architecture, no layer", Ablation.FLAT),
    D3MAS_GOLD("d3mas-gold", "D³MAS replaying the dataset's gold decomposition (MuSiQue)", Ablation.FULL, true),
    D3MAS_GOLD_NO_HAND_OVER(
            "d3mas-gold-no-hand-over",
            "the gold decomposition's sub-tasks without the retrieval ledger (MuSiQue)",
            Ablation.NO_HAND_OVER,
            true),
    RETRIEVAL_D3MAS("retrieval-d3mas", "offline: D³MAS's distributed memory (no LLM)", Ablation.FULL),
    RETRIEVAL_D3MAS_GOLD(
            "retrieval-d3mas-gold", "offline: D³MAS on the gold decomposition (MuSiQue, no LLM)", Ablation.FULL, true),
    RETRIEVAL_D3MAS_GOLD_NO_HAND_OVER(
            "retrieval-d3mas-gold-no-hand-over",
            "offline: the gold decomposition's sub-tasks, each retrieving on its own (MuSiQue, no LLM)",
            Ablation.NO_HAND_OVER,
            true),
    RETRIEVAL_D3MAS_NO_HAND_OVER(
            "retrieval-d3mas-no-hand-over",
            "offline: D³MAS's sub-tasks, each retrieving on its own (no ledger, no hand-over)",
            Ablation.NO_HAND_OVER),
    RETRIEVAL_INDEPENDENT(
            "retrieval-independent",
            "offline: every agent retrieves for the question and its own profile, no coordination",
            null),
    RETRIEVAL_SINGLE("retrieval-single", "offline: one retriever for the question, top k above θ", null),
    RETRIEVAL_SINGLE_WIDE(
            "retrieval-single-wide",
            "offline: one retriever for the question with as many results as the team (agents × k), no θ",
            null);

    private final String cliName;
    private final String description;
    private final @Nullable Ablation ablation;
    private final boolean goldDecomposition;

    EvalMethod(String cliName, String description, @Nullable Ablation ablation) {
        this(cliName, description, ablation, false);
    }

    EvalMethod(String cliName, String description, @Nullable Ablation ablation, boolean goldDecomposition) {
        this.cliName = cliName;
        this.description = description;
        this.ablation = ablation;
        this.goldDecomposition = goldDecomposition;
    }

    /** Whether D³MAS replays the item's gold decomposition instead of decomposing (MuSiQue only). */
    public boolean goldDecomposition() {
        return goldDecomposition;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** The D³MAS configuration this method runs, or null for a baseline. */
    public @Nullable Ablation ablation() {
        return ablation;
    }

    /** Whether the method calls the LLM (the retrieval methods do not, and score no answer). */
    public boolean needsLlm() {
        return !cliName.startsWith("retrieval-");
    }

    /** Whether the method runs a D³MAS solve (with a trace). */
    public boolean isD3mas() {
        return ablation != null;
    }

    /**
     * Parses a comma-separated list of method names and groups: {@code all} (every LLM method but the gold-replay
     * one), {@code baselines} (single to debate), {@code ablations} (D³MAS and its ablations), {@code retrieval}
     * (the offline retrieval methods; the gold-replay ones are named on their own).
     *
     * @throws IllegalArgumentException naming an unknown method and listing the known ones
     */
    public static List<EvalMethod> parse(String list) {
        Set<EvalMethod> out = new LinkedHashSet<>();
        for (String raw : list.split(",")) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "all" ->
                    Arrays.stream(values())
                            .filter(m -> m.needsLlm() && !m.goldDecomposition)
                            .forEach(out::add);
                case "baselines" -> out.addAll(List.of(SINGLE, COT, COT_SC, CHAIN, STAR, DEBATE));
                case "ablations" ->
                    out.addAll(List.of(
                            D3MAS,
                            D3MAS_NO_TASK,
                            D3MAS_NO_REASONING,
                            D3MAS_NO_MEMORY,
                            D3MAS_NO_MP,
                            D3MAS_NO_FEEDBACK,
                            D3MAS_NO_HAND_OVER,
                            D3MAS_FLAT));
                case "retrieval" ->
                    out.addAll(List.of(
                            RETRIEVAL_D3MAS,
                            RETRIEVAL_D3MAS_NO_HAND_OVER,
                            RETRIEVAL_INDEPENDENT,
                            RETRIEVAL_SINGLE,
                            RETRIEVAL_SINGLE_WIDE));
                default -> out.add(named(name));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--method names no method; known: " + known());
        }
        return new ArrayList<>(out);
    }

    /** @throws IllegalArgumentException naming the known methods */
    public static EvalMethod named(String name) {
        for (EvalMethod m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; known: " + known());
    }

    static String known() {
        return Arrays.stream(values()).map(EvalMethod::cliName).collect(Collectors.joining(", "))
                + ", and the groups all, baselines, ablations, retrieval";
    }
}
