package io.d3mas.internal.engine;

import io.d3mas.event.SolveEvent;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.graph.Provenance;
import io.d3mas.internal.ToolLedger;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts each tool result in the graph as a MEMORY node: provenance {@code tool:<name>} from the agent that called
 * it, the tool and its canonical arguments as attributes, embedded like retrieved knowledge so that message
 * passing and RELATE edges treat it as knowledge.
 */
final class ToolNodes implements ToolLedger.Recorder {

    /** What is embedded of a long result: about what a 512-token embedding model reads. */
    private static final int EMBEDDED_CHARS = 2_000;

    private final SolveContext ctx;
    private final Embedder embedder;
    private final AtomicInteger ids = new AtomicInteger();

    ToolNodes(SolveContext ctx, Embedder embedder) {
        this.ctx = ctx;
        this.embedder = embedder;
    }

    @Override
    public void called(String taskId, ToolCall call) {
        ctx.emit(new SolveEvent.ToolCalled(ctx.solveId, taskId, call));
    }

    @Override
    public String record(AgentTool tool, String arguments, String result, String agentId) {
        String id = "tool:" + ids.getAndIncrement();
        String content = tool.name() + " " + arguments + " → " + result;
        float[] h = embedder.embed(content.length() > EMBEDDED_CHARS ? content.substring(0, EMBEDDED_CHARS) : content);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put(Node.TOOL, tool.name());
        attrs.put(Node.TOOL_ARGUMENTS, arguments);
        if (!tool.reusable()) {
            attrs.put("reusable", false);
        }
        ctx.graph.addNode(new Node(
                id, NodeType.MEMORY, content, h, agentId, Provenance.of(agentId, "tool:" + tool.name()), attrs));
        return id;
    }
}
