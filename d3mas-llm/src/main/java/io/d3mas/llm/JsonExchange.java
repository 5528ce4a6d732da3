package io.d3mas.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import io.d3mas.Budget;
import io.d3mas.internal.DaemonPools;
import io.d3mas.metrics.TokenCount;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolBox;
import io.d3mas.tool.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * One structured question to a model: the system and user messages, the answer read as JSON and checked by
 * the caller's reader, and one repair round that shows the model its error. Shared by the decomposer, the
 * agent and the synthesizer. With tools, the model may first ask for tool calls, round after round up to a
 * limit: each round's calls run in parallel through the request's {@link ToolBox}, and their results go back as
 * tool messages, each an escaped data element.
 */
final class JsonExchange {

    private static final ThreadPoolExecutor TOOL_CALLS = DaemonPools.direct("d3mas-llm-tool-");

    /** Reads and checks an answer; a {@link LenientJson.Problem} is shown to the model once. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode answer) throws LenientJson.Problem;
    }

    /** The value read and what the calls cost. */
    record Answer<T>(T value, TokenCount tokens, int calls) {}

    /** The tools offered, by name, the box that runs them, and how many rounds of tool calls are allowed. */
    record Tooling(Map<String, AgentTool> tools, ToolBox box, int maxRounds) {
        static final Tooling NONE = new Tooling(Map.of(), ToolBox.none(), 0);

        List<ToolSpecification> specifications() {
            return tools.values().stream().map(AgentTool::specification).toList();
        }
    }

    private JsonExchange() {}

    static <T> Answer<T> ask(
            LlmClient client,
            String system,
            String user,
            JsonSchema schema,
            PromptTemplate repair,
            Budget budget,
            Reader<T> reader)
            throws InterruptedException {
        return ask(client, system, user, schema, repair, budget, reader, Tooling.NONE);
    }

    static <T> Answer<T> ask(
            LlmClient client,
            String system,
            String user,
            JsonSchema schema,
            PromptTemplate repair,
            Budget budget,
            Reader<T> reader,
            Tooling tooling)
            throws InterruptedException {
        List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(system), UserMessage.from(user)));
        TokenCount tokens = TokenCount.ZERO;
        int calls = 0;
        String problem = "";
        int toolRounds = 0;
        List<ToolSpecification> specs = tooling.specifications();
        for (int round = 0; round < 2; ) {
            boolean toolsAllowed = toolRounds < tooling.maxRounds();
            LlmClient.Reply reply;
            try {
                reply = client.chat(messages, schema, toolsAllowed ? specs : List.of(), budget);
            } catch (LlmCallException e) {
                throw new LlmCallException(e.getMessage(), calls + e.calls(), tokens.plus(e.tokens()), e.isRetriable());
            }
            tokens = tokens.plus(reply.tokens());
            calls += reply.calls();
            if (reply.wantsTools()) {
                messages.add(
                        reply.text().isBlank()
                                ? AiMessage.from(reply.toolRequests())
                                : AiMessage.from(reply.text(), reply.toolRequests()));
                if (toolsAllowed) {
                    toolRounds++;
                    messages.addAll(run(reply.toolRequests(), tooling));
                    continue;
                }
                // past the limit: every call is answered with an error, and the model is asked for its answer
                for (ToolExecutionRequest r : reply.toolRequests()) {
                    messages.add(ToolExecutionResultMessage.from(
                            r,
                            result(
                                    r.name(),
                                    "error: the limit of " + tooling.maxRounds() + " rounds of tool calls"
                                            + " is reached; no tool was run. Answer now from what you have.",
                                    true)));
                }
                problem = "asked for tools again after " + tooling.maxRounds() + " rounds of tool calls";
                round++;
                continue;
            }
            try {
                return new Answer<>(reader.read(LenientJson.object(reply.text())), tokens, calls);
            } catch (LenientJson.Problem p) {
                problem = p.getMessage();
                messages.add(AiMessage.from(reply.text()));
                // the problem may quote the model's reply: data, escaped in its element
                messages.add(UserMessage.from(repair.render(Map.of("error", Untrusted.escape(problem)))));
                round++;
            }
        }
        throw new MalformedAnswerException(
                client.name() + " answered in the wrong shape twice; last problem: " + problem, calls, tokens);
    }

    /** Runs one round's tool calls at once; the results come back in the order the model asked. */
    private static List<ChatMessage> run(List<ToolExecutionRequest> requests, Tooling tooling)
            throws InterruptedException {
        Map<ToolExecutionRequest, Future<ToolCall>> running = new LinkedHashMap<>();
        try {
            for (ToolExecutionRequest r : requests) {
                AgentTool tool = tooling.tools().get(r.name());
                if (tool == null) {
                    continue;
                }
                String arguments = r.arguments() == null ? "" : r.arguments();
                running.put(r, TOOL_CALLS.submit(() -> tooling.box().call(tool, arguments)));
            }
            List<ChatMessage> out = new ArrayList<>();
            for (ToolExecutionRequest r : requests) {
                Future<ToolCall> f = running.get(r);
                String text;
                boolean failed;
                if (f == null) {
                    text = "error: there is no tool named '" + r.name() + "'; the tools are: "
                            + String.join(", ", tooling.tools().keySet());
                    failed = true;
                } else {
                    ToolCall c = get(f);
                    text = c.result();
                    failed = c.failed();
                }
                out.add(ToolExecutionResultMessage.from(r, result(r.name(), text, failed)));
            }
            return out;
        } finally {
            running.values().forEach(f -> f.cancel(true));
        }
    }

    private static ToolCall get(Future<ToolCall> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** A tool's result as the model sees it: data in an escaped element, never instructions. */
    private static String result(String tool, String text, boolean failed) {
        return Untrusted.element("tool_result", text, "tool", tool, "status", failed ? "error" : "ok");
    }
}
