package io.d3mas.internal.engine;

import io.d3mas.SolveWarning.Code;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.text.Text;
import io.d3mas.metrics.Vectors;
import io.d3mas.task.Decomposer;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.regex.Matcher;

/**
 * Step 2: recursive decomposition with depth and size limits, validation of the decomposer's output
 * (blank sub-tasks, bad references, cycles) and merging of near-duplicate sub-tasks.
 */
final class TaskTreeBuilder {

    /** Similarity at or above which a sub-task without dependencies is its parent restated. */
    static final double RESTATEMENT = 0.99;

    private final SolveContext ctx;
    private final Decomposer decomposer;
    private final DecomposerCall calls;
    private final Embedder embedder;
    private boolean warnedMaxTasks;

    TaskTreeBuilder(SolveContext ctx, Decomposer decomposer, Embedder embedder) {
        this.ctx = ctx;
        this.decomposer = decomposer;
        this.calls = new DecomposerCall(ctx, decomposer);
        this.embedder = embedder;
    }

    void build(TaskInfo root) {
        Deque<TaskInfo> queue = new ArrayDeque<>();
        queue.add(root);
        expand(queue, new ArrayList<>());
    }

    /**
     * Feedback's re-decomposition of a weak leaf: asks the decomposer again with what the attempt lacked, within
     * {@code maxDepth} and {@code maxTasks}, and splits the new sub-tasks further as {@link #build} would.
     *
     * @return every task created (empty when the decomposer keeps the task whole or a limit stops it)
     */
    List<TaskInfo> refine(TaskInfo task, List<String> feedback) {
        if (task.atomicByRequest
                || task.depth >= ctx.settings.maxDepth()
                || ctx.tasks.size() >= ctx.settings.maxTasks()) {
            return List.of();
        }
        List<SubTask> subs = decompose(task, feedback.isEmpty() ? List.of("no confident answer") : feedback);
        List<TaskInfo> created = subs.isEmpty() ? List.of() : attach(task, subs);
        if (created.isEmpty()) {
            return List.of();
        }
        ctx.emit(new SolveEvent.Decomposed(
                ctx.solveId, task.id, task.text, task.children.stream().toList()));
        List<TaskInfo> all = new ArrayList<>(created);
        expand(new ArrayDeque<>(created), all);
        return all;
    }

    /**
     * Decomposes the queued tasks and what they split into, adding every task created to {@code created}. Level by
     * level: the decomposer calls of one wave of queued tasks run at once, then their sub-tasks are attached in
     * queue order, so task ids stay breadth-first and an LLM decomposer's siblings cost one call's latency, not one
     * each.
     */
    private void expand(Deque<TaskInfo> queue, List<TaskInfo> createdOut) {
        while (!queue.isEmpty()) {
            List<TaskInfo> wave = new ArrayList<>();
            while (!queue.isEmpty()) {
                TaskInfo task = queue.poll();
                if (task.atomicByRequest || task.depth >= ctx.settings.maxDepth()) {
                    continue;
                }
                if (ctx.tasks.size() >= ctx.settings.maxTasks()) {
                    if (!warnedMaxTasks) {
                        ctx.warn(
                                Code.TASK_LIMIT_REACHED,
                                "engine",
                                "decomposition stopped at maxTasks=" + ctx.settings.maxTasks()
                                        + " task nodes; remaining tasks are answered as they are");
                        warnedMaxTasks = true;
                    }
                    continue;
                }
                wave.add(task);
            }
            List<DecomposerCall.Call> calls = new ArrayList<>();
            for (TaskInfo task : wave) {
                calls.add(this.calls.start(task, ancestors(task), List.of()));
            }
            int finished = 0;
            try {
                for (; finished < wave.size(); finished++) {
                    TaskInfo task = wave.get(finished);
                    List<SubTask> subs = this.calls.finish(task, calls.get(finished));
                    List<TaskInfo> created = subs.isEmpty() ? List.of() : attach(task, subs);
                    ctx.emit(new SolveEvent.Decomposed(
                            ctx.solveId,
                            task.id,
                            task.text,
                            task.children.stream().toList()));
                    queue.addAll(created);
                    createdOut.addAll(created);
                }
            } finally {
                // a solve stopped mid-wave (cancelled, interrupted, suspended) leaves no call running behind it
                for (int j = finished + 1; j < calls.size(); j++) {
                    Future<Decomposition> running = calls.get(j).running();
                    if (running != null) {
                        running.cancel(true);
                    }
                }
            }
        }
    }

    private List<SubTask> decompose(TaskInfo task, List<String> feedback) {
        return calls.finish(task, calls.start(task, ancestors(task), feedback));
    }

    /** Validates, merges and adds sub-tasks; returns the newly created ones. */
    private List<TaskInfo> attach(TaskInfo parent, List<SubTask> proposed) {
        int limit = Math.min(ctx.settings.maxSubTasks(), ctx.settings.maxTasks() - ctx.tasks.size());
        List<SubTask> subs = proposed.size() > limit ? proposed.subList(0, Math.max(limit, 0)) : proposed;
        if (proposed.size() > limit) {
            ctx.warn(
                    Code.DECOMPOSITION_REPAIRED,
                    "decomposer",
                    "decomposer returned " + proposed.size() + " sub-tasks for task " + parent.id + "; kept the first "
                            + limit + " (maxSubTasks=" + ctx.settings.maxSubTasks() + ", maxTasks="
                            + ctx.settings.maxTasks() + ")");
        }
        int n = subs.size();
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = !subs.get(i).text().isBlank();
            if (!keep[i]) {
                ctx.warn(
                        Code.DECOMPOSITION_REPAIRED,
                        "decomposer",
                        "decomposer returned a blank sub-task (#" + i + ") for task " + parent.id + "; dropped");
            }
        }
        List<Set<Integer>> deps = SiblingDependencies.valid(ctx, parent.id, subs, keep);
        SiblingDependencies.breakCycles(ctx, parent.id, subs.size(), deps, keep);

        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            return List.of();
        }
        // timed as part of DECOMPOSE by the engine; a root not embedded yet goes into the same batch
        List<String> texts = new ArrayList<>();
        if (parent.embedding == null) {
            texts.add(parent.text);
        }
        kept.forEach(i -> texts.add(readable(subs.get(i).text())));
        // the first agents wait for these: two calls at once
        List<float[]> vectors = embedder.embedAllNow(texts, ctx.threads.calls());
        if (parent.embedding == null) {
            setEmbedding(ctx, parent, vectors.get(0));
            vectors = vectors.subList(1, vectors.size());
        }

        String[] idOf = new String[n];
        List<TaskInfo> created = new ArrayList<>();
        Set<String> excluded = ancestorIds(parent);
        for (int k = 0; k < kept.size(); k++) {
            int i = kept.get(k);
            SubTask sub = subs.get(i);
            float[] h = vectors.get(k);
            double toParent = Vectors.cosine(h, parent.embedding);
            // a question and its own sub-question embed close together (BGE-small: 0.97 for the Captain Ahab
            // bridge and its first hop): only the same text, or a near-identical vector asking the same thing,
            // restates the parent; a sub-task that needs its siblings may restate it on purpose
            if (sub.dependsOn().isEmpty()
                    && (Text.normalize(sub.text()).equals(Text.normalize(parent.text))
                            || (toParent >= RESTATEMENT && QuestionShape.same(sub.text(), parent.text)))) {
                ctx.warn(
                        Code.DECOMPOSITION_REPAIRED,
                        "decomposer",
                        String.format(
                                Locale.ROOT,
                                "sub-task '%s' of task %s restates its parent (similarity %.3f); dropped",
                                sub.text(),
                                parent.id,
                                toParent));
                continue;
            }
            String existing = sub.dependsOn().isEmpty() ? findDuplicate(sub.text(), h, excluded) : null;
            if (existing != null) {
                idOf[i] = existing;
                ctx.callsSaved.incrementAndGet();
                TaskInfo target = ctx.tasks.get(existing);
                if (!target.parents.contains(parent.id)) {
                    target.parents.add(parent.id);
                    parent.children.add(existing);
                    ctx.graph.addEdge(EdgeType.DECOMPOSE, parent.id, existing);
                }
                ctx.graph
                        .node(existing)
                        .ifPresent(node -> ctx.graph.replaceNode(node.withAttribute(
                                Node.MERGED_FROM, appendText(node.attributes().get(Node.MERGED_FROM), sub.text()))));
                continue;
            }
            TaskInfo child = new TaskInfo(ctx.nextTaskId(), sub.text(), h, parent.depth + 1, sub.atomic());
            child.parents.add(parent.id);
            idOf[i] = child.id;
            ctx.tasks.put(child.id, child);
            parent.children.add(child.id);
            ctx.graph.addNode(Node.of(
                    child.id,
                    NodeType.TASK,
                    child.text,
                    h,
                    null,
                    new Provenance(List.of(), "decomposer:" + decomposer.name())));
            ctx.graph.addEdge(EdgeType.DECOMPOSE, parent.id, child.id);
            created.add(child);
        }
        // dependencies and placeholders, now that every kept sibling has an id
        for (int i = 0; i < n; i++) {
            if (idOf[i] == null || !created.contains(ctx.tasks.get(idOf[i]))) {
                continue;
            }
            TaskInfo child = ctx.tasks.get(idOf[i]);
            for (int j : deps.get(i)) {
                if (idOf[j] != null && !idOf[j].equals(child.id)) {
                    child.dependsOn.add(idOf[j]);
                }
            }
            Matcher m = SubTask.PLACEHOLDER.matcher(child.template);
            while (m.find()) {
                int ref = Integer.parseInt(m.group(1));
                if (ref < n && idOf[ref] != null && deps.get(i).contains(ref)) {
                    child.placeholders.put(ref, idOf[ref]);
                }
            }
        }
        return created;
    }

    /** Gives a task its embedding, in the engine's state and in the graph. */
    static void setEmbedding(SolveContext ctx, TaskInfo task, float[] h) {
        task.embedding = h;
        if (task.templateEmbedding == null) {
            task.templateEmbedding = h;
        }
        ctx.graph.node(task.id).ifPresent(n -> ctx.graph.replaceNode(n.withEmbedding(h)));
    }

    /**
     * An existing task that asks the same as a new sub-task: at least {@code mergeThreshold} similar and the same
     * {@link QuestionShape} (the same kind of answer, names and numbers), so that "When was Einstein born?" and
     * "Where was Einstein born?" stay two tasks.
     */
    private String findDuplicate(String text, float[] h, Set<String> excluded) {
        String best = null;
        double bestSim = ctx.settings.mergeThreshold();
        for (TaskInfo t : ctx.tasks.values()) {
            if (excluded.contains(t.id)
                    || !t.placeholders.isEmpty()
                    || t.embedding == null
                    || !QuestionShape.same(text, t.text)) {
                continue;
            }
            double sim = Vectors.cosine(h, t.embedding);
            if (sim >= bestSim) {
                best = t.id;
                bestSim = sim;
            }
        }
        return best;
    }

    /**
     * A sub-task's text as embedded before its answers are filled in: {@code {{i}}} read as "it", since braces and
     * digits pull "Which river flows through {{0}}?" towards a calculator's profile.
     */
    static String readable(String template) {
        return SubTask.PLACEHOLDER.matcher(template).replaceAll("it");
    }

    private Set<String> ancestorIds(TaskInfo task) {
        Set<String> out = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(task.id));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (out.add(id)) {
                todo.addAll(ctx.tasks.get(id).parents);
            }
        }
        return out;
    }

    private List<String> ancestors(TaskInfo task) {
        List<String> out = new ArrayList<>();
        String p = task.firstParent();
        while (p != null) {
            TaskInfo t = ctx.tasks.get(p);
            out.add(0, t.text);
            p = t.firstParent();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> appendText(Object existing, String text) {
        List<String> out = new ArrayList<>();
        if (existing instanceof List<?> l) {
            out.addAll((List<String>) l);
        }
        out.add(text);
        return out;
    }
}
