package io.d3mas.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveResult;
import io.d3mas.agent.ReasoningResult;
import io.d3mas.event.SolveEvent;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.task.SubTask;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.NotReusable;
import io.d3mas.tool.ToolAgents;
import io.d3mas.tool.ToolBox;
import io.d3mas.tool.ToolCall;
import io.d3mas.tool.ToolSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tool results are knowledge: identical calls within a solve run once, results are MEMORY nodes GROUNDed to steps. */
class ToolCallsTest {

    private static AgentTool tool(String name, AtomicInteger runs, String result) {
        return AgentTool.of(
                ToolSpecification.builder().name(name).description(name).build(), arguments -> {
                    runs.incrementAndGet();
                    return result + " " + arguments;
                });
    }

    private static D3Mas.Builder twoTasks() {
        return Scripted.team()
                .decomposer(Scripted.decomposer(Map.of(
                        "q", List.of(SubTask.of("population of Lyon for the report"), SubTask.of("mayor of Lyon")))));
    }

    @Test
    void should_run_the_same_call_of_two_agents_once_and_ground_both_steps_in_its_result() {
        AtomicInteger runs = new AtomicInteger();
        List<ToolCall> seen = new CopyOnWriteArrayList<>();
        List<SolveEvent.ToolCalled> events = new CopyOnWriteArrayList<>();
        try (D3Mas team = twoTasks()
                .listener(e -> {
                    if (e instanceof SolveEvent.ToolCalled c) {
                        events.add(c);
                    }
                })
                .tools(tool("lookup", runs, "Lyon: 522,250 inhabitants"))
                .agent("a", "statistics", ToolAgents.calling("lookup", "{\"city\":\"Lyon\",\"year\":2021}", seen))
                .agent("b", "politics", ToolAgents.calling("lookup", "{ \"year\": 2021, \"city\": \"Lyon\" }", seen))
                .build()) {
            SolveResult r = team.solve("q");

            assertEquals(1, runs.get(), "the second call (same arguments, other key order) reused the first");
            assertEquals(2, seen.size());
            assertEquals(1, seen.stream().filter(ToolCall::reused).count());
            assertEquals(2, events.size(), "one event per call, reused or not");
            assertEquals(
                    Set2.of("t1", "t2"),
                    events.stream().map(SolveEvent.ToolCalled::taskId).collect(Collectors.toSet()));
            assertEquals(1, r.usage().toolCalls());
            assertEquals(1, r.usage().toolCallsSaved());
            assertEquals(0, r.metrics().tool());
            GraphSnapshot g = r.trace().graph();
            List<Node> toolNodes = g.nodes(NodeType.MEMORY).stream()
                    .filter(n -> n.provenance().source().equals("tool:lookup"))
                    .toList();
            assertEquals(1, toolNodes.size());
            Node result = toolNodes.get(0);
            assertEquals(
                    "{\"city\":\"Lyon\",\"year\":2021}", result.attributes().get(Node.TOOL_ARGUMENTS));
            assertTrue(result.embedding() != null && result.embedding().length > 0);
            ToolCall ran = seen.stream().filter(c -> !c.reused()).findFirst().orElseThrow();
            assertEquals(ran.agentId(), result.agentId(), "the agent that ran the call owns the result");
            assertEquals(result.id(), ran.memoryNodeId());
            List<String> grounded = g.edges(EdgeType.GROUND).stream()
                    .filter(e -> e.to().equals(result.id()))
                    .map(Edge::from)
                    .toList();
            assertEquals(2, grounded.size(), "both steps rest on the one result: " + grounded);
            assertEquals(
                    Set2.of("a", "b"),
                    grounded.stream().map(id -> g.node(id).agentId()).collect(Collectors.toSet()));
        }
    }

    @Test
    void should_call_a_tool_that_is_not_reusable_every_time() {
        AtomicInteger runs = new AtomicInteger();
        List<ToolCall> seen = new CopyOnWriteArrayList<>();
        try (D3Mas team = twoTasks()
                .tools(tool("book", runs, "booked").notReusable())
                .agent("a", "statistics", ToolAgents.calling("book", "{}", seen))
                .agent("b", "politics", ToolAgents.calling("book", "{}", seen))
                .build()) {
            SolveResult r = team.solve("q");

            assertEquals(2, runs.get());
            assertEquals(2, r.usage().toolCalls());
            assertEquals(0, r.usage().toolCallsSaved());
            assertEquals(0.5, r.metrics().tool(), 1e-9, "the second run repeated the first");
            assertEquals(2, r.metrics().toolCalls());
        }
    }

    @Test
    void should_give_a_failing_or_slow_tool_an_error_result_and_finish_the_solve() {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        AgentTool broken =
                AgentTool.of(ToolSpecification.builder().name("broken").build(), a -> {
                    throw new IllegalStateException("backend down");
                });
        AgentTool slow = AgentTool.of(ToolSpecification.builder().name("slow").build(), a -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        stopped.countDown();
                        throw e;
                    }
                    return "late";
                })
                .withTimeout(Duration.ofMillis(200));
        List<ToolCall> seen = new CopyOnWriteArrayList<>();
        try (D3Mas team = twoTasks()
                .tools(broken, slow)
                .agent("a", "statistics", ToolAgents.calling("broken", "{}", seen))
                .agent("b", "politics", ToolAgents.calling("slow", "{}", seen))
                .build()) {
            SolveResult r = team.solve("q");

            assertTrue(seen.size() >= 2, "each agent called (feedback rounds may call again): " + seen);
            assertTrue(seen.stream().allMatch(ToolCall::failed), seen.toString());
            String errors = seen.stream().map(ToolCall::result).collect(Collectors.joining("\n"));
            assertTrue(errors.contains("IllegalStateException: backend down"), errors);
            assertTrue(errors.contains("gave no result within 200 ms"), errors);
            assertEquals(seen.size(), r.usage().toolCallsFailed());
            assertEquals(seen.size(), r.usage().toolCalls(), "a failed call is never reused");
            assertTrue(r.trace().graph().nodes(NodeType.MEMORY).stream()
                    .noneMatch(n -> n.provenance().source().startsWith("tool:")));
            assertTrue(stopped.await(10, TimeUnit.SECONDS));
            assertTrue(interrupted.get(), "the slow tool's thread was interrupted at its timeout");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void should_not_run_a_call_whose_arguments_are_not_a_json_object() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ToolBox box = ToolBox.of(List.of());
        ToolCall c = box.call(tool("lookup", runs, "x"), "{city: Lyon");
        assertTrue(c.failed());
        assertTrue(c.result().contains("not a JSON object"), c.result());
        assertEquals(0, runs.get());
        assertTrue(box.call(tool("lookup", runs, "x"), "[1,2]").failed());
    }

    /** Annotated tools as a langchain4j user writes them. */
    public static final class Atlas {
        final AtomicInteger bookings = new AtomicInteger();

        @Tool("Distance in km between two cities")
        public double distance(@P("from") String from, @P("to") String to) {
            return from.equals("Lyon") && to.equals("Paris") ? 392.0 : -1;
        }

        @Tool("Books a train seat")
        @NotReusable
        public String book(@P("route") List<String> stops, @P("seats") int seats) {
            bookings.incrementAndGet();
            return "booked " + seats + " via " + String.join(">", stops);
        }
    }

    @Test
    void should_bind_the_arguments_of_annotated_tool_methods() throws Exception {
        Atlas atlas = new Atlas();
        List<AgentTool> tools = AgentTool.from(atlas);
        assertEquals(
                List.of("book", "distance"), tools.stream().map(AgentTool::name).toList());
        AgentTool book = tools.get(0);
        AgentTool distance = tools.get(1);
        assertFalse(book.reusable());
        assertTrue(distance.reusable());
        List<String> params =
                List.copyOf(distance.specification().parameters().properties().keySet());
        ToolBox box = ToolBox.of(tools);
        ToolCall d = box.call(distance, "{\"" + params.get(1) + "\":\"Paris\",\"" + params.get(0) + "\":\"Lyon\"}");
        assertEquals("392.0", d.result(), d.toString());
        List<String> bookParams =
                List.copyOf(book.specification().parameters().properties().keySet());
        String args = "{\"" + bookParams.get(0) + "\":[\"Lyon\",\"Dijon\",\"Paris\"],\"" + bookParams.get(1) + "\":2}";
        assertEquals("booked 2 via Lyon>Dijon>Paris", box.call(book, args).result());
        box.call(book, args);
        assertEquals(2, atlas.bookings.get());
        ToolCall missing = box.call(book, "{}");
        assertTrue(missing.failed() && missing.result().contains("missing argument"), missing.result());
        assertThrows(InvalidInputException.class, () -> AgentTool.from(new Object()));
    }

    @Test
    void should_refuse_two_team_tools_with_one_name_and_close_tool_sources_with_the_team() {
        AtomicInteger runs = new AtomicInteger();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Scripted.team()
                .agent("a", "x", r -> ReasoningResult.answer("1").build())
                .tools(tool("lookup", runs, "1"), tool("lookup", runs, "2"))
                .build());
        assertTrue(e.getMessage().contains("'lookup'"), e.getMessage());
        assertThrows(
                InvalidInputException.class,
                () -> AgentTool.of(ToolSpecification.builder().name("two words").build(), a -> ""));

        AtomicInteger closed = new AtomicInteger();
        ToolSource source = new ToolSource() {
            @Override
            public List<AgentTool> tools() {
                return List.of(tool("lookup", runs, "1"));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        D3Mas team = Scripted.team()
                .agent("a", "x", r -> ReasoningResult.answer("1").build())
                .tools(source)
                .closeWith(closed::incrementAndGet)
                .build();
        team.close();
        team.close();
        assertEquals(2, closed.get(), "the source and the resource, once each");
    }

    private static final class Set2 {
        static java.util.Set<String> of(String... s) {
            return java.util.Set.of(s);
        }
    }
}
