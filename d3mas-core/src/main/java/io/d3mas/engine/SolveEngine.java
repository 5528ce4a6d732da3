package io.d3mas.engine;

import io.d3mas.InvalidInputException;
import io.d3mas.Layer;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.event.SolveEvent;
import io.d3mas.event.SolveListener;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.memory.MemoryStore;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Usage;
import io.d3mas.metrics.Vectors;
import io.d3mas.propagation.MessagePassing;
import io.d3mas.synthesis.Synthesizer;
import io.d3mas.task.Decomposer;
import io.d3mas.trace.Trace;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
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
    private final ExecutorService executor;

    public SolveEngine(
            List<TeamMember> team,
            Embedder embedder,
            MemoryStore memory,
            Decomposer decomposer,
            Synthesizer synthesizer,
            @Nullable MessagePassing messagePassing,
            String messagePassingAbsentReason,
            List<SolveListener> listeners,
            ExecutorService executor) {
        this.team = List.copyOf(team);
        this.embedder = embedder;
        this.memory = memory;
        this.decomposer = decomposer;
        this.synthesizer = synthesizer;
        this.messagePassing = messagePassing;
        this.messagePassingAbsentReason = messagePassingAbsentReason;
        this.listeners = List.copyOf(listeners);
        this.executor = executor;
    }

    public SolveResult solve(String query, SolveSettings settings) {
        validate(query, settings);
        long start = System.nanoTime();
        SolveContext ctx = new SolveContext(UUID.randomUUID().toString(), query, settings, listeners);

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
        if (root.embedding == null) {
            TaskTreeBuilder.setEmbedding(ctx, root, ctx.timed(Step.ROOT, () -> embedder.embed(query)));
        }

        // 3. assign
        Assigner assigner = new Assigner(team, settings.maxTasksPerAgent());
        MemoryCoordinator coordinator = new MemoryCoordinator(ctx, memory);
        Deducer deducer = new Deducer(ctx, embedder, executor);
        TaskExecutor taskExecutor = new TaskExecutor(ctx, team, embedder, coordinator, assigner, executor, deducer);
        ctx.timed(Step.ASSIGN, () -> {
            createWorkItems(ctx, assigner, taskExecutor);
            return null;
        });

        // 4–6. schedule: retrieve and reason, every ready task in parallel
        DagRunner runner = new DagRunner(ctx, executor);
        long executeStart = System.nanoTime();
        boolean inTime = runner.run(ctx.items.values(), w -> taskExecutor.run(w, 0, List.of()));
        deducer.deduce();
        ctx.addTime(Step.EXECUTE, System.nanoTime() - executeStart);

        // 7. message passing and feedback
        FeedbackRounds rounds = new FeedbackRounds(ctx, messagePassing, messagePassingAbsentReason, embedder);
        if (inTime) {
            rounds.run(runner, taskExecutor, deducer);
        }

        // 8. synthesize
        ResultAssembler assembler = new ResultAssembler(ctx, deducer, rounds);
        String answer = ctx.timed(Step.SYNTHESIZE, () -> assembler.synthesize(synthesizer, root));

        // 9. report
        rounds.applyToGraph();
        ctx.addTime(Step.TOTAL, System.nanoTime() - start);
        Trace trace = new Trace(Trace.SCHEMA_VERSION, ctx.solveId, query, ctx.graph.snapshot(), rounds.record());
        Usage usage = new Usage(
                ctx.tokensByAgent(),
                ctx.tokensByStep(),
                ctx.llmCalls.get(),
                ctx.agentCalls.get(),
                ctx.callsSaved.get(),
                ctx.budgetStop(),
                ctx.agentFailures);
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
        ctx.emit(new SolveEvent.Finished(
                ctx.solveId,
                answer,
                ctx.timings().get(Step.TOTAL).toMillis(),
                result.warnings().size()));
        return result;
    }

    private void validate(String query, SolveSettings settings) {
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
    }

    /** One work item per leaf task (task layer on), or per agent on the root (off). */
    private void createWorkItems(SolveContext ctx, Assigner assigner, TaskExecutor taskExecutor) {
        if (!ctx.settings.has(Layer.TASK)) {
            TaskInfo root = ctx.tasks.values().iterator().next();
            for (TeamMember m : team) {
                WorkItem w = new WorkItem(root.id + "@" + m.id(), root, m.id());
                ctx.items.put(w.id, w);
                taskExecutor.assign(w, new Assigner.Choice(m, Vectors.cosine(m.profileEmbedding(), root.embedding)));
            }
            return;
        }
        for (TaskInfo t : ctx.tasks.values()) {
            if (t.isLeaf()) {
                Assigner.Choice c = assigner.assign(t.embedding, Set.of());
                WorkItem w = new WorkItem(t.id, t, c.member().id());
                ctx.items.put(w.id, w);
                taskExecutor.assign(w, c);
            }
        }
        if (assigner.overloaded()) {
            ctx.warn("every agent reached maxTasksPerAgent=" + ctx.settings.maxTasksPerAgent()
                    + "; some agents got more tasks than the limit");
        }
        for (WorkItem w : ctx.items.values()) {
            w.prerequisites.addAll(prerequisites(ctx, w.task));
        }
        breakLeafCycles(ctx);
    }

    /** Leaves under every task that this leaf or one of its ancestors depends on. */
    private static Set<String> prerequisites(SolveContext ctx, TaskInfo leaf) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(leaf.id));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            TaskInfo t = ctx.tasks.get(todo.poll());
            if (!seen.add(t.id)) {
                continue;
            }
            for (String dep : t.dependsOn) {
                out.addAll(leavesUnder(ctx, dep));
            }
            todo.addAll(t.parents);
        }
        out.remove(leaf.id);
        return out;
    }

    private static Set<String> leavesUnder(SolveContext ctx, String taskId) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(taskId));
        while (!todo.isEmpty()) {
            TaskInfo t = ctx.tasks.get(todo.poll());
            if (t.isLeaf()) {
                out.add(t.id);
            } else {
                todo.addAll(t.children);
            }
        }
        return out;
    }

    /** A safety net: merged sub-tasks can join two branches into a cycle; break it and say so. */
    private static void breakLeafCycles(SolveContext ctx) {
        while (true) {
            Set<String> done = new HashSet<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (WorkItem w : ctx.items.values()) {
                    if (!done.contains(w.id) && done.containsAll(w.prerequisites)) {
                        done.add(w.id);
                        progress = true;
                    }
                }
            }
            WorkItem stuck = ctx.items.values().stream()
                    .filter(w -> !done.contains(w.id))
                    .findFirst()
                    .orElse(null);
            if (stuck == null) {
                return;
            }
            String dropped = stuck.prerequisites.stream()
                    .filter(p -> !done.contains(p))
                    .findFirst()
                    .orElseThrow();
            stuck.prerequisites.remove(dropped);
            ctx.warn("task dependencies formed a cycle through " + stuck.id + " and " + dropped + "; dropped "
                    + stuck.id + " -> " + dropped);
        }
    }

    private Map<String, String> components(SolveSettings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("embedding", embedder.name());
        out.put("memory", memory.getClass().getSimpleName());
        out.put("decomposer", settings.has(Layer.TASK) ? decomposer.name() : "off (TASK layer switched off)");
        out.put("synthesizer", synthesizer.name());
        out.put(
                "messagePassing",
                !settings.has(Layer.MESSAGE_PASSING)
                        ? "off (MESSAGE_PASSING layer switched off)"
                        : messagePassing == null ? "off (" + messagePassingAbsentReason + ")" : messagePassing.name());
        for (TeamMember m : team) {
            out.put("agent:" + m.id(), m.agent().getClass().getSimpleName());
        }
        return out;
    }
}
