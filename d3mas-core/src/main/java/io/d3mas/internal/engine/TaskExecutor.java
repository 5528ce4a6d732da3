package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.Layer;
import io.d3mas.SolveWarning.Code;
import io.d3mas.agent.Premise;
import io.d3mas.agent.ReasoningRequest;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.memory.MemoryHit;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import io.d3mas.tool.ToolCall;
import io.d3mas.trace.Assignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Steps 5 and 6 for one work item: fill in the answers it depends on, reuse an existing conclusion when one
 * answers the task, retrieve, call the agent under the per-task timeout (reassigning on failure), and
 * record the reasoning node with its TRIGGER, RETRIEVE, GROUND and DEPEND edges.
 */
final class TaskExecutor {

    private final SolveContext ctx;
    private final Map<String, TeamMember> team = new LinkedHashMap<>();
    private final Embedder embedder;
    private final MemoryCoordinator memory;
    private final Assigner assigner;
    private final Deducer deducer;
    private final ReuseFinder reuseFinder;

    private final TaskRouter router;
    private final AgentCall agentCall;

    TaskExecutor(
            SolveContext ctx,
            List<TeamMember> members,
            Embedder embedder,
            MemoryCoordinator memory,
            Assigner assigner,
            ExecutorService executor,
            Deducer deducer) {
        this.ctx = ctx;
        this.deducer = deducer;
        this.reuseFinder = new ReuseFinder(ctx);
        this.router = new TaskRouter(ctx, members, assigner);
        this.agentCall = new AgentCall(ctx, executor);
        members.forEach(m -> team.put(m.id(), m));
        this.embedder = embedder;
        this.memory = memory;
        this.assigner = assigner;
    }

    /** Who takes the tasks: assignment, re-assignment and their records. */
    TaskRouter router() {
        return router;
    }

    /** Runs one item; {@code extraQueries} add retrieval queries in feedback rounds. */
    void run(WorkItem w, int round, List<float[]> extraQueries) {
        w.running = true;
        try {
            resolvePlaceholders(w, round);
            if (ctx.settings.has(Layer.REASONING) && reuse(w, round)) {
                return;
            }
            reason(w, round, extraQueries);
        } catch (AgentCall.Cancelled e) {
            // the solve was interrupted or timed out; the scheduler reports it
        } finally {
            w.running = false;
        }
    }

    private void resolvePlaceholders(WorkItem w, int round) {
        TaskInfo t = w.task;
        if (t.placeholders.isEmpty()) {
            return;
        }
        String text = t.template;
        for (Map.Entry<Integer, String> p : t.placeholders.entrySet()) {
            String answer = ctx.answerOf(p.getValue());
            if (answer.isBlank()) {
                answer = "(" + ctx.tasks.get(p.getValue()).text + ")";
            }
            text = text.replace("{{" + p.getKey() + "}}", answer);
        }
        if (text.equals(t.text)) {
            return;
        }
        String resolved = text;
        // on the critical path: ahead of the conclusions the background is embedding
        float[] h = ctx.timed(Step.RETRIEVE, () -> deducer.ahead(() -> embedder.embed(resolved)));
        t.text = resolved;
        t.embedding = h;
        ctx.graph
                .node(t.id)
                .ifPresent(old -> ctx.graph.replaceNode(new Node(
                                old.id(), NodeType.TASK, resolved, h, old.agentId(), old.provenance(), old.attributes())
                        .withAttribute("template", t.template)));
        if (ctx.settings.has(Layer.TASK)) {
            router.reassignFilledIn(w, h, round);
        }
    }

    /** Reuses the conclusion of a finished item that answers the same question ({@link ReuseFinder}). */
    private boolean reuse(WorkItem w, int round) {
        if (w.outcome != null) {
            return false; // feedback rounds re-reason
        }
        WorkItem best = reuseFinder.find(w);
        Outcome source = best == null ? null : best.outcome;
        if (source == null) {
            return false;
        }
        if (!source.agentId().equals(w.agentId)) {
            assigner.release(w.agentId);
            TeamMember m = team.get(source.agentId());
            router.assign(
                    w,
                    new Assigner.Choice(m, Vectors.cosine(m.profileEmbedding(), w.task.embedding)),
                    Assignment.Reason.REUSED,
                    "reuses the conclusion of task " + best.task.id + " ('" + best.task.text + "')",
                    round);
        }
        w.outcome = new Outcome(
                source.reasoningNodeId(),
                source.agentId(),
                source.answer(),
                source.conclusion(),
                source.confidence(),
                source.needs(),
                source.conclusionEmbedding(),
                true);
        ctx.graph.addEdge(EdgeType.TRIGGER, w.task.id, source.reasoningNodeId());
        ctx.callsSaved.incrementAndGet();
        ctx.emit(new SolveEvent.Reasoned(
                ctx.solveId, w.task.id, source.agentId(), source.reasoningNodeId(), source.confidence(), true));
        if (!source.answer().isBlank()) {
            ctx.emit(new SolveEvent.PartialAnswer(
                    ctx.solveId, w.task.id, w.task.text, source.agentId(), source.answer(), round));
        }
        return true;
    }

    private void reason(WorkItem w, int round, List<float[]> extraQueries) {
        TaskInfo t = w.task;
        List<Premise> fromPrerequisites = ctx.settings.has(Layer.REASONING) ? prerequisitePremises(w) : List.of();
        List<float[]> queries = new ArrayList<>();
        queries.add(t.embedding);
        queries.addAll(extraQueries);
        Set<String> tried = new LinkedHashSet<>();
        String lastFailure = "";
        if (ctx.excludedAgents.contains(w.agentId)) {
            Assigner.Choice other = assigner.assign(t.embedding, ctx.excludedAgents);
            if (other != null) {
                assigner.release(w.agentId);
                router.assign(
                        w,
                        other,
                        Assignment.Reason.AGENT_EXCLUDED,
                        "agent '" + w.agentId + "' failed " + ctx.settings.maxAgentFailures()
                                + " times in this solve (maxAgentFailures)",
                        round);
            }
        }
        for (int attempt = 0; attempt <= ctx.settings.maxReassignments(); attempt++) {
            if (ctx.budgetSpent("task " + t.id + (round > 0 ? " (round " + round + ")" : ""))) {
                keepOrFail(w, "not started: the solve's budget is spent");
                return;
            }
            TeamMember m = team.get(w.agentId);
            w.triedAgents.add(m.id());
            List<MemoryHit> kept = round > 0 ? w.held : List.of();
            MemoryCoordinator.Retrieval found =
                    ctx.timed(Step.RETRIEVE, () -> memory.retrieve(queries, kept, w, m.id()));
            w.deferred = !found.deferred().isEmpty();
            Map<String, Premise> premises = new LinkedHashMap<>();
            fromPrerequisites.forEach(p -> premises.put(p.reasoningNodeId(), p));
            found.handedOver().forEach(p -> premises.putIfAbsent(p.reasoningNodeId(), p));
            ctx.emit(new SolveEvent.Retrieved(
                    ctx.solveId,
                    t.id,
                    m.id(),
                    found.memory().stream().map(h -> h.record().id()).toList(),
                    found.handedOver().size()));
            Budget scope = BudgetAccess.scope(ctx.budget);
            ReasoningRequest request = new ReasoningRequest(
                    ctx.query,
                    t.id,
                    t.text,
                    m.profile(),
                    found.memory(),
                    List.copyOf(premises.values()),
                    round,
                    scope,
                    ctx.tools.box(m.id(), t.id, ctx.teamTools));
            String failure;
            AgentCall.Failed failed;
            try {
                ReasoningResult result = agentCall.call(m, request);
                record(w, m, request, result, round, filledIn(t, fromPrerequisites), found.handedOverRecords());
                return;
            } catch (AgentCall.Failed e) {
                failure = e.getMessage();
                failed = e;
            } catch (AgentCall.OverBudget e) {
                ctx.budgetStopped(e.getMessage(), "task " + t.id + (round > 0 ? " (round " + round + ")" : ""));
                keepOrFail(w, "stopped: " + e.getMessage());
                return;
            }
            lastFailure = failure;
            tried.add(m.id());
            ctx.agentFailed(m.id());
            Set<String> skip = new LinkedHashSet<>(tried);
            skip.addAll(ctx.excludedAgents);
            Assigner.Choice next =
                    attempt < ctx.settings.maxReassignments() ? assigner.assign(t.embedding, skip) : null;
            if (next == null) {
                warnFailed(failed, m);
                break;
            }
            warnFailed(failed, m, "; task reassigned to agent '" + next.member().id() + "'");
            assigner.release(m.id());
            router.assign(w, next, Assignment.Reason.AGENT_FAILED, failure, round);
        }
        keepOrFail(w, lastFailure);
    }

    private void warnFailed(AgentCall.Failed failed, TeamMember m) {
        warnFailed(failed, m, "");
    }

    private void warnFailed(AgentCall.Failed failed, TeamMember m, String then) {
        String component = failed.code == Code.APPROVAL_REJECTED ? "approver" : "agent:" + m.id();
        ctx.warn(failed.code, component, failed.getMessage() + then, failed.getCause());
    }

    /** A feedback round that fails keeps the conclusion the item already has; otherwise the item failed. */
    private void keepOrFail(WorkItem w, String why) {
        if (w.outcome == null || !w.outcome.answered()) {
            w.outcome = Outcome.failed(w.agentId, why);
        }
        ctx.emit(new SolveEvent.Reasoned(ctx.solveId, w.task.id, w.agentId, "", 0, false));
    }

    private void record(
            WorkItem w,
            TeamMember m,
            ReasoningRequest request,
            ReasoningResult result,
            int round,
            Set<String> filledIn,
            List<String> handedOver) {
        TaskInfo t = w.task;
        String rid = ctx.nextReasoningId();
        // only a weak task retried for itself must beat its answer; one rerun because a prerequisite changed takes
        // its new result (its old answer rests on the old premise)
        boolean adopted = !w.retried || Outcome.replacedBy(w.outcome, result);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(Node.TASK, t.text);
        attrs.put(Node.ANSWER, result.answer());
        attrs.put(Node.PREMISES, result.premises());
        attrs.put(Node.CONFIDENCE, result.confidence());
        attrs.put(Node.NEEDS, result.needs());
        attrs.put(Node.ROUND, round);
        attrs.put(Node.INPUT_TOKENS, result.tokens().input());
        attrs.put(Node.OUTPUT_TOKENS, result.tokens().output());
        attrs.put(Node.LLM_CALLS, result.llmCalls());
        if (!adopted) {
            attrs.put(Node.ADOPTED, false);
        }
        if (!handedOver.isEmpty()) {
            attrs.put(Node.HANDED_OVER, handedOver);
        }
        List<ToolCall> toolCalls = request.tools().calls();
        if (!toolCalls.isEmpty()) {
            attrs.put(Node.TOOL_CALLS, toolCalls.size());
            attrs.put(
                    Node.TOOL_CALLS_REUSED,
                    toolCalls.stream().filter(ToolCall::reused).count());
        }
        String content =
                result.answered() ? result.conclusion() : "No conclusion; needs: " + String.join("; ", result.needs());
        // the conclusion is embedded in the background (Deducer): the scheduler does not wait for it
        ctx.graph.addNode(
                new Node(rid, NodeType.REASONING, content, null, m.id(), Provenance.of(m.id(), "agent"), attrs));
        ctx.graph.addEdge(EdgeType.TRIGGER, t.id, rid);
        BudgetAccess.settle(request.budget(), result.tokens(), result.llmCalls());
        ctx.addTokens(Step.REASON, m.id(), result.tokens(), result.llmCalls());

        Map<String, MemoryHit> given = new HashMap<>();
        for (MemoryHit hit : request.memory()) {
            given.put(hit.record().id(), hit);
            String mid = SolveContext.memoryNodeId(hit.record().id());
            memory.addNode(mid, hit);
            ctx.graph.addEdge(EdgeType.RETRIEVE, rid, mid);
        }
        w.held = List.copyOf(request.memory());
        for (String used : result.usedMemoryIds()) {
            if (!given.containsKey(used)) {
                ctx.warn(
                        Code.AGENT_CITED_UNRETRIEVED_MEMORY,
                        "agent:" + m.id(),
                        "agent '" + m.id() + "' says it used memory '" + used + "', which was not retrieved for task "
                                + t.id + "; ignored");
                continue;
            }
            String mid = SolveContext.memoryNodeId(used);
            ctx.graph.addEdge(EdgeType.GROUND, rid, mid);
            if (adopted && result.answered()) {
                ctx.groundedIn.putIfAbsent(mid, rid);
            }
        }
        groundInToolResults(rid, request.tools().calls());
        if (!adopted) {
            // the step stays in the graph, but the item keeps the surer conclusion it had: feedback never makes an
            // answer worse, and a step nobody adopts is not offered to other tasks
            ctx.emit(new SolveEvent.Reasoned(ctx.solveId, t.id, m.id(), rid, result.confidence(), false));
            return;
        }
        if (result.answered()) {
            deducer.enqueue(w, rid, result.conclusion(), result.premises(), request.premises(), filledIn);
        }
        String previous = w.reasoningNodes.isEmpty() ? null : w.reasoningNodes.get(w.reasoningNodes.size() - 1);
        if (previous != null) {
            ctx.graph.node(previous).ifPresent(old -> ctx.graph.replaceNode(old.withAttribute("supersededBy", rid)));
        }
        w.reasoningNodes.add(rid);
        w.outcome = new Outcome(
                rid, m.id(), result.answer(), result.conclusion(), result.confidence(), result.needs(), null, false);
        ctx.emit(new SolveEvent.Reasoned(ctx.solveId, t.id, m.id(), rid, result.confidence(), false));
        if (result.answered()) {
            ctx.emit(new SolveEvent.PartialAnswer(ctx.solveId, t.id, t.text, m.id(), result.answer(), round));
        }
    }

    /** GROUND edges from the step to the MEMORY nodes of the tool results it was given, its own or reused. */
    private void groundInToolResults(String rid, List<ToolCall> calls) {
        Set<String> seen = new HashSet<>();
        for (ToolCall c : calls) {
            if (!c.failed() && !c.memoryNodeId().isEmpty() && seen.add(c.memoryNodeId())) {
                ctx.graph.addEdge(EdgeType.GROUND, rid, c.memoryNodeId());
            }
        }
    }

    /** The prerequisite steps whose answers were filled into the task's text. */
    private static Set<String> filledIn(TaskInfo t, List<Premise> fromPrerequisites) {
        Set<String> out = new HashSet<>();
        if (t.placeholders.isEmpty()) {
            return out;
        }
        for (Premise p : fromPrerequisites) {
            if (!p.answer().isBlank() && t.text.contains(p.answer())) {
                out.add(p.reasoningNodeId());
            }
        }
        return out;
    }

    private List<Premise> prerequisitePremises(WorkItem w) {
        List<Premise> out = new ArrayList<>();
        for (String p : w.prerequisites) {
            WorkItem pre = ctx.items.get(p);
            Outcome o = pre == null ? null : pre.outcome;
            if (o != null && o.answered()) {
                ctx.graph.node(o.reasoningNodeId()).ifPresent(n -> out.add(MemoryCoordinator.premiseOf(n)));
            }
        }
        return out;
    }
}
