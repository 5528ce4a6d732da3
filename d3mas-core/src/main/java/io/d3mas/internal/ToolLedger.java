package io.d3mas.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.d3mas.Budget;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolBox;
import io.d3mas.tool.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool calls of one solve: runs each call under the tool's timeout and the solve's deadline, turns a failure
 * into an error result, and hands a call that repeats an earlier one (same tool, same canonical arguments) the
 * earlier result, waiting for it when it is still running. Counts what ran, what was reused, what failed.
 * Internal, not API: agents reach it through {@link ToolBox}.
 */
public final class ToolLedger {

    /** Results longer than this are cut before they reach the model and the graph. */
    public static final int MAX_RESULT_CHARS = 16_000;

    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ThreadPoolExecutor POOL = DaemonPools.direct("d3mas-tool-");

    /** Keeps a successful result: returns the id of the MEMORY node that holds it, or "" when none does. */
    @FunctionalInterface
    public interface Recorder {
        Recorder NONE = (tool, arguments, result, agentId) -> "";

        String record(AgentTool tool, String arguments, String result, String agentId);

        /** Told of every finished call, for events; does nothing by default. */
        default void called(String taskId, ToolCall call) {}
    }

    private record Done(String result, String memoryNodeId) {}

    private final Recorder recorder;
    private final Budget budget;
    private final Map<String, CompletableFuture<Done>> reusable = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger executed = new AtomicInteger();
    private final AtomicInteger reused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    public ToolLedger(Recorder recorder, Budget budget) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** The box one agent uses for one task. */
    public ToolBox box(String agentId, String taskId, List<AgentTool> teamTools) {
        return new Box(agentId, taskId, List.copyOf(teamTools));
    }

    /** Tool calls that ran (failed ones included). */
    public int executed() {
        return executed.get();
    }

    /** Calls answered with the result of an earlier identical call, without running the tool. */
    public int reused() {
        return reused.get();
    }

    /** Calls that failed: the tool threw or ran too long, or the arguments were not JSON. */
    public int failed() {
        return failed.get();
    }

    /** Of the calls that ran, the share that repeated a call (same tool and canonical arguments) already run. */
    public double redundancy() {
        int all = executed.get();
        if (all == 0) {
            return 0;
        }
        int repeats = executions.values().stream().mapToInt(c -> c.get() - 1).sum();
        return (double) repeats / all;
    }

    /** The arguments as canonical JSON: object keys sorted at every level, no white space. */
    public static String canonical(String arguments) throws JsonProcessingException {
        JsonNode tree = CANONICAL.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
        if (tree == null || !tree.isObject()) {
            throw new JsonProcessingException("the arguments must be a JSON object") {};
        }
        Object plain = CANONICAL.treeToValue(tree, Object.class);
        return CANONICAL.writeValueAsString(plain);
    }

    private ToolCall call(String agentId, AgentTool tool, String arguments) throws InterruptedException {
        String args;
        try {
            args = canonical(arguments);
        } catch (JsonProcessingException e) {
            failed.incrementAndGet();
            return new ToolCall(
                    tool.name(),
                    arguments == null ? "" : arguments,
                    "error: the arguments are not a JSON object (" + e.getOriginalMessage() + "); nothing was run",
                    true,
                    false,
                    agentId,
                    "");
        }
        if (!tool.reusable()) {
            return run(agentId, tool, args, null);
        }
        String key = tool.name() + '\u0000' + args;
        for (int attempt = 0; attempt < 3; attempt++) {
            CompletableFuture<Done> mine = new CompletableFuture<>();
            CompletableFuture<Done> earlier = reusable.putIfAbsent(key, mine);
            if (earlier == null) {
                return run(agentId, tool, args, mine);
            }
            Done d = await(earlier);
            if (d != null) {
                reused.incrementAndGet();
                return new ToolCall(tool.name(), args, d.result(), false, true, agentId, d.memoryNodeId());
            }
            reusable.remove(key, earlier); // the earlier call failed: this one runs the tool itself
        }
        return run(agentId, tool, args, null);
    }

    /** The earlier call's result, or null when it failed or the deadline passed first. */
    private Done await(CompletableFuture<Done> earlier) throws InterruptedException {
        try {
            return earlier.get(budget.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private ToolCall run(String agentId, AgentTool tool, String args, CompletableFuture<Done> shared)
            throws InterruptedException {
        executed.incrementAndGet();
        executions
                .computeIfAbsent(tool.name() + '\u0000' + args, k -> new AtomicInteger())
                .incrementAndGet();
        Duration limit = tool.timeout().compareTo(budget.remaining()) < 0 ? tool.timeout() : budget.remaining();
        String error;
        Future<String> f = POOL.submit(() -> tool.executor().execute(args));
        try {
            String result = f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (result == null) {
                throw new ExecutionException(new NullPointerException("the tool returned null"));
            }
            if (result.length() > MAX_RESULT_CHARS) {
                result = result.substring(0, MAX_RESULT_CHARS) + " … (cut at " + MAX_RESULT_CHARS + " characters)";
            }
            String node;
            try {
                node = recorder.record(tool, args, result, agentId);
            } catch (RuntimeException e) {
                node = ""; // the result still reaches the model; only its place in the graph is lost
            }
            if (shared != null) {
                shared.complete(new Done(result, node));
            }
            return new ToolCall(tool.name(), args, result, false, false, agentId, node);
        } catch (TimeoutException e) {
            f.cancel(true);
            error = "error: tool '" + tool.name() + "' gave no result within " + limit.toMillis() + " ms (its timeout "
                    + tool.timeout().toMillis() + " ms, or the solve's deadline); it was stopped";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String msg = cause.getMessage() == null ? "" : ": " + cause.getMessage();
            if (msg.length() > 500) {
                msg = msg.substring(0, 500) + " …";
            }
            error = "error: tool '" + tool.name() + "' failed: "
                    + cause.getClass().getSimpleName() + msg;
        } catch (InterruptedException e) {
            f.cancel(true);
            if (shared != null) {
                shared.completeExceptionally(e);
            }
            throw e;
        } catch (RuntimeException e) {
            if (shared != null) {
                shared.completeExceptionally(e);
            }
            throw e;
        }
        failed.incrementAndGet();
        if (shared != null) {
            shared.completeExceptionally(new IllegalStateException(error));
        }
        return new ToolCall(tool.name(), args, error, true, false, agentId, "");
    }

    private final class Box implements ToolBox {
        private final String agentId;
        private final String taskId;
        private final List<AgentTool> tools;
        private final List<ToolCall> calls = Collections.synchronizedList(new ArrayList<>());

        Box(String agentId, String taskId, List<AgentTool> tools) {
            this.agentId = agentId;
            this.taskId = taskId;
            this.tools = tools;
        }

        @Override
        public List<AgentTool> tools() {
            return tools;
        }

        @Override
        public ToolCall call(AgentTool tool, String arguments) throws InterruptedException {
            Objects.requireNonNull(tool, "tool");
            ToolCall c = ToolLedger.this.call(agentId, tool, arguments);
            calls.add(c);
            try {
                recorder.called(taskId, c);
            } catch (RuntimeException e) {
                // a listener's failure does not change the call
            }
            return c;
        }

        @Override
        public List<ToolCall> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }
}
