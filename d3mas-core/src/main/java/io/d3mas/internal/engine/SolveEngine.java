package io.d3mas.internal.engine;

import io.d3mas.InvalidInputException;
import io.d3mas.Layer;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.SolveWarning.Code;
import io.d3mas.approval.Approver;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.checkpoint.CheckpointStore;
import io.d3mas.event.SolveEvent;
import io.d3mas.event.SolveListener;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.ToolLedger;
import io.d3mas.internal.text.Text;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Usage;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.synthesis.Synthesizer;
import io.d3mas.task.Decomposer;
import io.d3mas.tool.AgentTool;
import io.d3mas.trace.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Runs the nine steps of one solve (ARCHITECTURE §4). Holds no per-solve state: one engine serves
 * concurrent solves. Not API; use {@link io.d3mas.D3Mas}.
 */
public final class SolveEngine {

    private final List<TeamMember> team;
    private final Embedder embedder;
    private final MemoryStore memory;
    private final Decomposer decomposer;
    private final Synthesizer synthesizer;
    private final @Nullable MessagePassing messagePassing;
    private final String messagePassingAbsentReason;
    private final List<SolveListener> listeners;
    private final TeamThreads threads;
    private final Telemetry telemetry;
    private final Operations operations;

    /**
     * What production runs add around the engine: telemetry, checkpoints, an approver (with whether it also
     * reviews answers), and the team's tools.
     */
    public record Operations(
            Telemetry telemetry,
            @Nullable CheckpointStore checkpoints,
            @Nullable Approver approver,
            boolean reviewAnswers,
            List<AgentTool> tools) {

        public Operations {
            tools = List.copyOf(tools);
        }
    }

    public SolveEngine(
            List<TeamMember> team,
            Embedder embedder,
            MemoryStore memory,
            Decomposer decomposer,
            Synthesizer synthesizer,
            @Nullable MessagePassing messagePassing,
            String messagePassingAbsentReason,
            List<SolveListener> listeners,
            TeamThreads threads,
            Operations operations) {
        this.team = List.copyOf(team);
        this.embedder = embedder;
        this.memory = memory;
        this.decomposer = decomposer;
        this.synthesizer = synthesizer;
        this.messagePassing = messagePassing;
        this.messagePassingAbsentReason = messagePassingAbsentReason;
        this.listeners = List.copyOf(listeners);
        this.threads = threads;
        this.operations = operations;
        this.telemetry = operations.telemetry();
    }

    public SolveResult solve(String given, SolveSettings settings) {
        return solve(given, settings, List.of());
    }

    /** A solve whose events also go to {@code extraListeners}, after the team's. */
    public SolveResult solve(String given, SolveSettings settings, List<SolveListener> extraListeners) {
        validate(given, settings);
        return solve(UUID.randomUUID().toString(), given, settings, extraListeners, null);
    }

    /**
     * Finishes a checkpointed solve under its id: the calls its checkpoint records are not made again.
     *
     * @throws InvalidInputException when no checkpoint store is configured
     */
    public SolveResult resume(Checkpoint from, SolveSettings settings, List<SolveListener> extraListeners) {
        if (operations.checkpoints() == null) {
            throw new InvalidInputException("resuming needs a checkpoint store: D3Mas.builder().checkpoints(store)");
        }
        validate(from.query(), settings);
        return solve(from.solveId(), from.query(), settings, extraListeners, from);
    }

    private SolveResult solve(
            String solveId,
            String given,
            SolveSettings settings,
            List<SolveListener> extraListeners,
            @Nullable Checkpoint resumed) {
        String query = Text.clean(given);
        long start = System.nanoTime();
        try (Telemetry.Activity span = telemetry.solve(solveId, query)) {
            try {
                List<SolveListener> all = new ArrayList<>(listeners);
                all.addAll(extraListeners);
                SolveResult r = run(solveId, given, query, settings, start, List.copyOf(all), resumed);
                span.attribute(
                        "gen_ai.usage.input_tokens", r.usage().totalTokens().input());
                span.attribute(
                        "gen_ai.usage.output_tokens", r.usage().totalTokens().output());
                span.attribute("d3mas.llm.calls", r.usage().llmCalls());
                span.attribute("d3mas.calls.saved", r.usage().callsSaved());
                span.attribute("d3mas.tool.calls", r.usage().toolCalls());
                span.attribute("d3mas.tool.calls.saved", r.usage().toolCallsSaved());
                span.attribute("d3mas.warnings", r.warnings().size());
                span.attribute("d3mas.answer", r.answer());
                telemetry.finished(r, System.nanoTime() - start);
                return r;
            } catch (RuntimeException | Error e) {
                span.failed(e);
                throw e;
            }
        }
    }

    private SolveResult run(
            String solveId,
            String given,
            String query,
            SolveSettings settings,
            long start,
            List<SolveListener> listeners,
            @Nullable Checkpoint resumed) {
        SolveContext ctx = new SolveContext(solveId, query, settings, listeners, threads, operations, resumed);
        if (!query.equals(given)) {
            ctx.warn(
                    Code.QUERY_CLEANED,
                    "query",
                    "removed " + (given.length() - query.length()) + " character(s) from the query that cannot be"
                            + " read (escape sequences, control or invisible characters, unpaired surrogates)");
        }

        // 1. root; with the task layer on, the query is embedded in one batch with its first sub-tasks
        TaskInfo root = new TaskInfo(ctx.nextTaskId(), query, null, 0, false);
        ctx.tasks.put(root.id, root);
        ctx.graph.addNode(Node.of(root.id, NodeType.TASK, query, null, null, Provenance.QUERY));

        // 2. decompose
        if (settings.has(Layer.TASK)) {
            ctx.timed(Step.DECOMPOSE, () -> {
                new TaskTreeBuilder(ctx, decomposer, embedder).build(root);
                return null;
            });
        }
        ctx.throwIfStopped();
        if (root.embedding == null) {
            TaskTreeBuilder.setEmbedding(ctx, root, ctx.timed(Step.ROOT, () -> embedder.embed(query)));
        }
        if (Vectors.norm(root.embedding) == 0) {
            ctx.warn(
                    Code.ZERO_QUERY_VECTOR,
                    "embeddingModel",
                    "embedding model " + embedder.name() + " gave the query a zero vector: no memory and no agent"
                            + " profile can be matched to it by similarity");
        }

        // 3. assign
        Assigner assigner = new Assigner(team, settings.maxTasksPerAgent());
        MemoryCoordinator coordinator = new MemoryCoordinator(ctx, memory);
        ctx.tools = new ToolLedger(new ToolNodes(ctx, embedder), ctx.budget);
        Deducer deducer = new Deducer(ctx, embedder, threads.calls());
        TaskExecutor taskExecutor =
                new TaskExecutor(ctx, team, embedder, coordinator, assigner, threads.calls(), deducer);
        WorkPlan plan = new WorkPlan(ctx, team, assigner, taskExecutor);
        ctx.timed(Step.ASSIGN, () -> {
            plan.create();
            return null;
        });

        // 4–6. schedule: retrieve and reason, every ready task in parallel
        DagRunner runner = new DagRunner(ctx, threads.tasks());
        boolean inTime = ctx.timed(Step.EXECUTE, () -> {
            boolean done = runner.run(ctx.items.values(), w -> taskExecutor.run(w, 0, List.of()));
            deducer.deduce();
            return done;
        });

        // 7. message passing and feedback
        FeedbackRounds rounds = new FeedbackRounds(ctx, messagePassing, messagePassingAbsentReason, embedder, deducer);
        TaskTreeBuilder refiner = new TaskTreeBuilder(ctx, decomposer, embedder);
        try (Telemetry.Activity feedback = ctx.telemetry.step(Step.FEEDBACK)) {
            rounds.run(inTime, runner, taskExecutor, plan, refiner);
        }
        ctx.throwIfStopped();

        // 8. synthesize
        ResultAssembler assembler = new ResultAssembler(ctx, deducer, rounds);
        String answer = ctx.timed(Step.SYNTHESIZE, () -> assembler.synthesize(synthesizer, root));
        ctx.throwIfStopped();

        // 9. report
        rounds.applyToGraph();
        ctx.addTime(Step.TOTAL, System.nanoTime() - start);
        Trace trace = new Trace(
                Trace.SCHEMA_VERSION,
                ctx.solveId,
                query,
                ctx.graph.snapshot(),
                rounds.record(),
                rounds.feedback(),
                SolveContext.copy(ctx.assignments),
                SolveContext.copy(ctx.reuses));
        Usage usage = new Usage(
                ctx.tokensByAgent(),
                ctx.tokensByStep(),
                ctx.llmCalls.get(),
                ctx.agentCalls.get(),
                ctx.callsSaved.get(),
                ctx.budgetStop(),
                ctx.agentFailures,
                ctx.tools.executed(),
                ctx.tools.reused(),
                ctx.tools.failed());
        SolveResult result = new SolveResult(
                ctx.solveId,
                answer,
                trace,
                settings.layers(),
                components(settings),
                usage,
                assembler.metrics(),
                ctx.timings(),
                ctx.warnings());
        ctx.journal.finish(answer);
        ctx.emit(new SolveEvent.Finished(
                ctx.solveId,
                answer,
                ctx.timings().get(Step.TOTAL).toMillis(),
                result.warnings().size()));
        return result;
    }

    /**
     * @throws InvalidInputException for a null, blank, too long or unreadable query or bad settings
     */
    public void validate(String query, SolveSettings settings) {
        if (query == null) {
            throw new InvalidInputException("query must not be null");
        }
        if (query.isBlank()) {
            throw new InvalidInputException("query must not be blank; ask a question");
        }
        if (query.length() > settings.maxQueryLength()) {
            throw new InvalidInputException("query has " + query.length() + " characters, more than maxQueryLength="
                    + settings.maxQueryLength() + "; shorten it or raise SolveSettings.maxQueryLength");
        }
        if (!Text.hasLetterOrDigit(Text.clean(query))) {
            throw new InvalidInputException("query has no letter or digit to read (only spaces, invisible or control"
                    + " characters, escape sequences or punctuation); ask a question in words");
        }
    }

    private Map<String, String> components(SolveSettings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("embedding", embedder.name());
        out.put("memory", Text.displayName(memory.getClass()));
        out.put("decomposer", settings.has(Layer.TASK) ? decomposer.name() : "off (TASK layer switched off)");
        out.put("synthesizer", synthesizer.name());
        out.put(
                "messagePassing",
                !settings.has(Layer.MESSAGE_PASSING)
                        ? "off (MESSAGE_PASSING layer switched off)"
                        : messagePassing == null ? "off (" + messagePassingAbsentReason + ")" : messagePassing.name());
        for (TeamMember m : team) {
            out.put("agent:" + m.id(), Text.displayName(m.agent().getClass()));
        }
        return out;
    }
}
