package io.d3mas.internal.engine;

import io.d3mas.Budget;
import io.d3mas.ComponentFailedException;
import io.d3mas.D3MasException;
import io.d3mas.ModelUnavailableException;
import io.d3mas.SolveCancelledException;
import io.d3mas.SolveSettings;
import io.d3mas.SolveWarning;
import io.d3mas.SolveWarning.Code;
import io.d3mas.checkpoint.Checkpoint;
import io.d3mas.event.SolveEvent;
import io.d3mas.event.SolveListener;
import io.d3mas.graph.HeteroGraph;
import io.d3mas.graph.Node;
import io.d3mas.internal.ToolLedger;
import io.d3mas.metrics.Step;
import io.d3mas.metrics.TokenCount;
import io.d3mas.tool.AgentTool;
import io.d3mas.trace.Assignment;
import io.d3mas.trace.ReuseDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything one solve shares between its steps and threads. */
final class SolveContext {
    private static final Logger LOG = LoggerFactory.getLogger(SolveContext.class);

    final String solveId;
    final String query;
    final SolveSettings settings;
    /** The team's threads: agent calls, and the decomposer and synthesizer calls bound by the deadline. */
    final TeamThreads threads;

    final long deadlineNanos;
    final HeteroGraph graph = new HeteroGraph();
    /** Tasks in creation order; written while the tree is built, read afterwards. */
    final Map<String, TaskInfo> tasks = new LinkedHashMap<>();
    /** Work items in order; fixed once scheduling starts. */
    final Map<String, WorkItem> items = new LinkedHashMap<>();

    /**
     * The retrieval ledger's live half: memory node id to the work item that first received it in this solve. A
     * claim by a running item keeps other agents' concurrent tasks off that node; once the item has finished, its
     * conclusion is handed over instead (see {@link #groundedIn}). The other half is the trace: RETRIEVE edges of
     * recorded steps, from which memory redundancy is computed.
     */
    final Map<String, WorkItem> claims = new ConcurrentHashMap<>();
    /** Memory node id to the first answered reasoning node grounded in it. */
    final Map<String, String> groundedIn = new ConcurrentHashMap<>();
    /** Every assignment and change of assignment, in order (the trace's). */
    final List<Assignment> assignments = Collections.synchronizedList(new ArrayList<>());
    /** Every reuse decision, in order (the trace's). */
    final List<ReuseDecision> reuses = Collections.synchronizedList(new ArrayList<>());

    /**
     * Memory node id to the memory nodes waiting for it to join the graph: their records relate to its record
     * (ingestion RELATE edges). Guarded by the graph's lock.
     */
    final Map<String, Set<String>> relationsWaiting = new HashMap<>();

    /** What the solve may still spend; every component call gets a scope of it. */
    final Budget budget;

    final Telemetry telemetry;
    final Journal journal;
    final Approvals approvals;

    private final AtomicReference<D3MasException> stopped = new AtomicReference<>();
    /** Agent id to its failed calls in this solve. */
    final Map<String, Integer> agentFailures = new ConcurrentHashMap<>();
    /** Agents that failed {@code maxAgentFailures} times: they get no more tasks. */
    final Set<String> excludedAgents = ConcurrentHashMap.newKeySet();

    private final List<SolveWarning> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> budgetSkips = Collections.synchronizedList(new ArrayList<>());
    private volatile String budgetStop = "";
    private final List<SolveListener> listeners;
    private final Map<String, TokenCount> tokensByAgent = new ConcurrentHashMap<>();
    private final Map<Step, TokenCount> tokensByStep = new ConcurrentHashMap<>();
    private final Map<Step, AtomicLong> nanosByStep = new EnumMap<>(Step.class);
    final AtomicInteger llmCalls = new AtomicInteger();
    final AtomicInteger agentCalls = new AtomicInteger();
    final AtomicInteger callsSaved = new AtomicInteger();
    /** The solve's tool calls; set by the engine before any task runs. */
    ToolLedger tools = new ToolLedger(ToolLedger.Recorder.NONE, Budget.unlimited());
    /** The team's tools, offered to every agent. */
    final List<AgentTool> teamTools;

    private final AtomicInteger taskIds = new AtomicInteger();
    private final AtomicInteger reasoningIds = new AtomicInteger();

    SolveContext(
            String solveId,
            String query,
            SolveSettings settings,
            List<SolveListener> listeners,
            TeamThreads threads,
            SolveEngine.Operations operations,
            @Nullable Checkpoint resumed) {
        this.solveId = solveId;
        this.telemetry = operations.telemetry();
        this.teamTools = operations.tools();
        this.threads = threads;
        this.query = query;
        this.settings = settings;
        this.listeners = listeners;
        // after the listeners and settings: reading a checkpoint can warn already
        this.journal = new Journal(
                operations.checkpoints(), solveId, query, resumed, m -> warn(Code.CHECKPOINT_FAILED, "checkpoints", m));
        this.approvals = new Approvals(this, operations.approver(), operations.reviewAnswers());
        this.deadlineNanos = System.nanoTime() + settings.solveTimeout().toNanos();
        this.budget = Budget.of(settings.tokenBudget(), settings.llmCallBudget(), settings.solveTimeout())
                .observedBy(call -> {
                    telemetry.modelCall(call);
                    emit(new SolveEvent.ModelCalled(solveId, call));
                });
        for (Step s : Step.values()) {
            nanosByStep.put(s, new AtomicLong());
        }
    }

    String nextTaskId() {
        return "t" + taskIds.getAndIncrement();
    }

    String nextReasoningId() {
        return "r" + reasoningIds.getAndIncrement();
    }

    static String memoryNodeId(String recordId) {
        return Node.memoryNodeId(recordId);
    }

    void warn(Code code, String component, String message) {
        warn(code, component, message, null);
    }

    /**
     * Records a warning and reports it to the listeners; the same warning again (say, the same failure in a
     * feedback round) is not repeated. In strict mode a failure also stops the solve.
     */
    void warn(Code code, String component, String message, @Nullable Throwable cause) {
        SolveWarning w = new SolveWarning(code, component, message, cause);
        synchronized (warnings) {
            for (SolveWarning x : warnings) {
                if (x.code() == code
                        && x.component().equals(component)
                        && x.message().equals(message)) {
                    return;
                }
            }
            warnings.add(w);
        }
        LOG.warn("[{}] {}", solveId, w);
        emit(new SolveEvent.Warned(solveId, w));
        if (settings.strict() && code.isFailure()) {
            stop(new ComponentFailedException(w));
        }
    }

    /**
     * Whether the token or call budget is spent; if so, records that {@code skipped} was not started. The
     * deadline is handled by the scheduler, not here.
     */
    boolean budgetSpent(String skipped) {
        Budget.Limit limit = budget.reached();
        if (limit == null || limit == Budget.Limit.DEADLINE) {
            return false;
        }
        budgetStopped(
                limit == Budget.Limit.TOKENS
                        ? "token budget of " + settings.tokenBudget() + " reached"
                        : "LLM-call budget of " + settings.llmCallBudget() + " reached",
                skipped);
        return true;
    }

    /** Records that a budget stopped {@code skipped}; the first reason is kept. */
    synchronized void budgetStopped(String reason, String skipped) {
        if (budgetStop.isEmpty()) {
            budgetStop = reason;
            warn(
                    Code.BUDGET_REACHED,
                    "budget",
                    reason + ": no new LLM calls are started; the answer is synthesized from what exists");
        }
        budgetSkips.add(skipped);
    }

    /** Empty, or why and what the budget stopped. */
    String budgetStop() {
        if (budgetStop.isEmpty()) {
            return "";
        }
        synchronized (budgetSkips) {
            return budgetStop + "; not started: " + String.join(", ", budgetSkips);
        }
    }

    /** Counts a failed agent call; returns true when the agent has just reached maxAgentFailures. */
    boolean agentFailed(String agentId) {
        int n = agentFailures.merge(agentId, 1, Integer::sum);
        if (n >= settings.maxAgentFailures() && excludedAgents.add(agentId)) {
            warn(
                    Code.AGENT_EXCLUDED,
                    "agent:" + agentId,
                    "agent '" + agentId + "' failed " + n + " times in this solve (maxAgentFailures="
                            + settings.maxAgentFailures() + "); its remaining tasks go to the next-best agents");
            return true;
        }
        return false;
    }

    /** A snapshot of a synchronized list, for the trace. */
    static <T> List<T> copy(List<T> synchronizedList) {
        synchronized (synchronizedList) {
            return List.copyOf(synchronizedList);
        }
    }

    List<SolveWarning> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    void emit(SolveEvent event) {
        for (SolveListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "[{}] listener {} threw on {}; ignored",
                        solveId,
                        l.getClass().getName(),
                        event,
                        e);
            }
        }
    }

    void addTokens(Step step, String agentId, TokenCount tokens, int calls) {
        if (tokens.total() > 0) {
            tokensByStep.merge(step, tokens, TokenCount::plus);
            if (agentId != null) {
                tokensByAgent.merge(agentId, tokens, TokenCount::plus);
            }
        }
        llmCalls.addAndGet(calls);
    }

    Map<String, TokenCount> tokensByAgent() {
        return Map.copyOf(tokensByAgent);
    }

    Map<Step, TokenCount> tokensByStep() {
        return Map.copyOf(tokensByStep);
    }

    /** Runs a step's work, timing it and reporting it as a span. */
    <T> T timed(Step step, Supplier<T> work) {
        long start = System.nanoTime();
        try (Telemetry.Activity span = telemetry.step(step)) {
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                span.failed(e);
                throw e;
            }
        } finally {
            nanosByStep.get(step).addAndGet(System.nanoTime() - start);
        }
    }

    void addTime(Step step, long nanos) {
        nanosByStep.get(step).addAndGet(nanos);
    }

    Map<Step, Duration> timings() {
        Map<Step, Duration> out = new EnumMap<>(Step.class);
        nanosByStep.forEach((s, n) -> out.put(s, Duration.ofNanos(n.get())));
        return out;
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** How long the calling thread waits at a time before it looks whether the team was closed. */
    static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Records why the solve must stop on a task thread: a component's model refused its credentials, or the
     * approver suspended the solve. The scheduler and the engine stop the solve with it; the first is kept.
     */
    void stop(D3MasException e) {
        stopped.compareAndSet(null, e);
    }

    /** @throws D3MasException what {@link #stop} recorded during this solve */
    void throwIfStopped() {
        D3MasException e = stopped.get();
        if (e instanceof ModelUnavailableException) {
            throw new ModelUnavailableException(e.getMessage(), e);
        }
        if (e != null) {
            throw e;
        }
    }

    /** The solve ends because its team was closed. */
    SolveCancelledException cancelled(@Nullable Throwable cause) {
        return new SolveCancelledException(
                "the D3Mas instance was closed during solve " + solveId + "; its running calls were cancelled", cause);
    }

    /** The answer of a task: its item's answer for a leaf, else its terminal children's answers joined. */
    String answerOf(String taskId) {
        TaskInfo t = tasks.get(taskId);
        if (t == null) {
            return "";
        }
        if (t.isLeaf()) {
            WorkItem w = items.get(taskId);
            Outcome o = w == null ? null : w.outcome;
            return o == null ? "" : o.answer();
        }
        List<String> parts = new ArrayList<>();
        for (String child : t.children) {
            boolean neededBySibling =
                    t.children.stream().map(tasks::get).anyMatch(s -> s != null && s.dependsOn.contains(child));
            if (!neededBySibling) {
                String a = answerOf(child);
                if (!a.isBlank()) {
                    parts.add(a);
                }
            }
        }
        return String.join("; ", parts);
    }
}
