package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.BudgetExhaustedException;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveCancelledException;
import io.d3mas.SolveInterruptedException;
import io.d3mas.SolveWarning.Code;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.internal.BudgetAccess;
import io.d3mas.metrics.RedundancyMetrics;
import io.d3mas.metrics.RedundancyMetrics.AgentVector;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.Vectors;
import io.d3mas.synthesis.ExtractiveSynthesizer;
import io.d3mas.synthesis.RankedConclusion;
import io.d3mas.synthesis.Synthesis;
import io.d3mas.synthesis.SynthesisRequest;
import io.d3mas.synthesis.Synthesizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Step 8 and the metrics of step 9. */
final class ResultAssembler {

    static final String NO_ANSWER = "No answer could be found for this query.";

    private final SolveContext ctx;
    private final Deducer deducer;
    private final FeedbackRounds rounds;

    ResultAssembler(SolveContext ctx, Deducer deducer, FeedbackRounds rounds) {
        this.ctx = ctx;
        this.deducer = deducer;
        this.rounds = rounds;
    }

    String synthesize(Synthesizer synthesizer, TaskInfo root) {
        List<RankedConclusion> conclusions = conclusions(root);
        warnUnansweredTerminals();
        if (conclusions.isEmpty()) {
            ctx.warn(Code.NO_ANSWER, "engine", "no task was answered: " + whyUnanswered());
            return NO_ANSWER;
        }
        if (ctx.budgetSpent("synthesis by " + synthesizer.name())) {
            return fromWhatExists(conclusions);
        }
        Budget scope = BudgetAccess.scope(ctx.budget);
        try {
            SynthesisRequest request = new SynthesisRequest(ctx.query, conclusions, scope);
            String key = ctx.journal.key(
                    "synthesize",
                    conclusions.stream()
                            .map(c -> c.reasoningNodeId() + "=" + c.conclusion())
                            .collect(java.util.stream.Collectors.joining("\n")));
            Synthesis replayed = ctx.journal.replay(key, Synthesis.class);
            Synthesis s = replayed != null
                    ? replayed
                    : ComponentCalls.withinDeadline(ctx, () -> synthesizer.synthesize(request));
            if (s != null && !s.answer().isBlank()) {
                ctx.journal.record(key, s);
            }
            if (s == null || s.answer().isBlank()) {
                ctx.warn(
                        Code.SYNTHESIZER_FAILED,
                        "synthesizer",
                        "synthesizer " + synthesizer.name()
                                + " returned no answer; using the most relevant conclusion");
                return conclusions.get(0).answer();
            }
            BudgetAccess.settle(scope, s.tokens(), s.llmCalls());
            ctx.addTokens(Step.SYNTHESIZE, null, s.tokens(), s.llmCalls());
            return s.answer();
        } catch (SolveCancelledException | SolveInterruptedException | ModelUnavailableException e) {
            throw e;
        } catch (ComponentCalls.PastDeadline e) {
            ComponentCalls.charge(ctx, Step.SYNTHESIZE, scope);
            ctx.warn(
                    Code.SYNTHESIZER_FAILED,
                    "synthesizer",
                    "synthesizer " + synthesizer.name() + " did not finish within the solveTimeout ("
                            + ctx.settings.solveTimeout() + "); abandoned, the answer is the extractive one from the"
                            + " conclusions");
            return fromWhatExists(conclusions);
        } catch (BudgetExhaustedException e) {
            ComponentCalls.charge(ctx, Step.SYNTHESIZE, scope);
            ctx.budgetStopped(e.getMessage(), "synthesis by " + synthesizer.name());
            return fromWhatExists(conclusions);
        } catch (Exception e) {
            ComponentCalls.failed(
                    ctx,
                    Step.SYNTHESIZE,
                    scope,
                    Code.SYNTHESIZER_FAILED,
                    "synthesizer",
                    "synthesizer " + synthesizer.name() + " failed: " + e + "; using the most relevant conclusion",
                    e);
            return conclusions.get(0).answer();
        }
    }

    /**
     * A task no other task depends on carries part of the answer: when it has none, the answer leaves that part out,
     * and the warnings say so rather than let a partial answer pass for a whole one.
     */
    private void warnUnansweredTerminals() {
        Set<String> prerequisites = prerequisites();
        for (WorkItem w : ctx.items.values()) {
            Outcome o = w.outcome;
            if (!prerequisites.contains(w.id) && (o == null || !o.answered())) {
                ctx.warn(
                        Code.TASK_UNANSWERED,
                        "engine",
                        "task " + w.task.id + " ('" + w.task.text + "') has no answer"
                                + (o == null || o.needs().isEmpty()
                                        ? ""
                                        : " (agent '" + o.agentId() + "' needs: " + String.join("; ", o.needs()) + ")")
                                + "; the answer leaves that part out");
            }
        }
    }

    /** Per work item, why it has no answer: what its agent needed, why it failed, or what it was given. */
    private String whyUnanswered() {
        List<String> out = new ArrayList<>();
        for (WorkItem w : ctx.items.values()) {
            Outcome o = w.outcome;
            String why;
            if (o == null) {
                why = "never ran (the solve timeout or budget came first)";
            } else if (o.reasoningNodeId() == null) {
                why = "agent '" + o.agentId() + "' failed: " + String.join("; ", o.needs());
            } else if (!o.needs().isEmpty()) {
                why = "agent '" + o.agentId() + "' needs: " + String.join("; ", o.needs());
            } else {
                why = "agent '" + o.agentId() + "' concluded nothing from the " + w.held.size()
                        + " memory record(s) it was given";
            }
            out.add("task " + w.task.id + " ('" + w.task.text + "'): " + why);
        }
        return out.isEmpty() ? "there were no tasks" : String.join("; ", out);
    }

    /** Items that some other item waits for; the rest are terminal: they carry the answer. */
    private Set<String> prerequisites() {
        Set<String> out = new HashSet<>();
        ctx.items.values().forEach(w -> out.addAll(w.prerequisites));
        return out;
    }

    /** The offline extractive answer: no model call, so it is always within budget. */
    private String fromWhatExists(List<RankedConclusion> conclusions) {
        String answer = new ExtractiveSynthesizer()
                .synthesize(new SynthesisRequest(ctx.query, conclusions))
                .answer();
        return answer.isBlank() ? conclusions.get(0).answer() : answer;
    }

    /**
     * Answered conclusions of every work item, most relevant to the root first: by the propagated embeddings when
     * message passing gave both the root and the conclusion one, else by the embeddings as concluded.
     */
    private List<RankedConclusion> conclusions(TaskInfo root) {
        float[] rootPropagated = rounds.propagated(root.id);
        Set<String> prerequisites = prerequisites();
        List<RankedConclusion> out = new ArrayList<>();
        for (WorkItem w : ctx.items.values()) {
            Outcome o = w.outcome;
            if (o == null || !o.answered()) {
                continue;
            }
            double relevance = relevance(rootPropagated, rounds.propagated(o.reasoningNodeId()), root.embedding, o);
            out.add(new RankedConclusion(
                    o.reasoningNodeId(),
                    w.task.id,
                    w.task.text,
                    o.agentId(),
                    o.answer(),
                    o.conclusion(),
                    o.confidence(),
                    relevance,
                    !prerequisites.contains(w.id)));
        }
        out.sort(Comparator.comparingDouble(RankedConclusion::relevance).reversed());
        return out;
    }

    private static double relevance(
            float @Nullable [] rootPropagated,
            float @Nullable [] propagated,
            float @Nullable [] rootEmbedding,
            Outcome o) {
        if (rootPropagated != null && propagated != null && rootPropagated.length == propagated.length) {
            return Vectors.cosine(rootPropagated, propagated);
        }
        float[] h = o.conclusionEmbedding();
        return h == null || rootEmbedding == null ? 0 : Vectors.cosine(rootEmbedding, h);
    }

    /**
     * The three metrics of ARCHITECTURE §7, from what the trace shows: memory redundancy from the RETRIEVE edges of
     * recorded steps (a failed or reassigned attempt recorded nothing, so it counts for nothing).
     */
    RedundancyMetrics metrics() {
        GraphSnapshot g = ctx.graph.snapshot();
        Map<String, Set<String>> retrievedBy = new HashMap<>();
        for (Edge e : g.edges(EdgeType.RETRIEVE)) {
            String agent = g.node(e.from()).agentId();
            if (agent != null) {
                retrievedBy.computeIfAbsent(e.to(), k -> new HashSet<>()).add(agent);
            }
        }
        List<AgentVector> reasoning = new ArrayList<>();
        for (Node n : g.nodes(NodeType.REASONING)) {
            float[] h = deducer.conclusionEmbeddings.get(n.id());
            if (h != null && n.agentId() != null) {
                reasoning.add(new AgentVector(n.agentId(), h));
            }
        }
        List<AgentVector> tasks = new ArrayList<>();
        for (WorkItem w : ctx.items.values()) {
            tasks.add(new AgentVector(w.agentId, w.task.embedding));
        }
        return new RedundancyMetrics(
                RedundancyMetrics.memoryRedundancy(retrievedBy),
                retrievedBy.size(),
                RedundancyMetrics.pairwiseRedundancy(reasoning),
                RedundancyMetrics.crossAgentPairs(reasoning),
                RedundancyMetrics.pairwiseRedundancy(tasks),
                RedundancyMetrics.crossAgentPairs(tasks),
                ctx.tools.redundancy(),
                ctx.tools.executed());
    }
}
