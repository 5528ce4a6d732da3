package io.d3mas.llm.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.SolveSettings;
import io.d3mas.WordHashEmbeddingModel;
import io.d3mas.task.Decomposition;
import io.d3mas.task.SubTask;
import io.d3mas.tool.AgentTool;
import io.d3mas.tool.ToolAgents;
import io.d3mas.tool.ToolBox;
import io.d3mas.tool.ToolCall;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link McpTools} against MCP servers from the npm registry that we did not write. */
class McpToolsTest {

    private static AgentTool named(McpTools tools, String name) {
        return tools.tools().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name + " in " + tools.tools()));
    }

    private static McpTools everything(Path script, Duration callTimeout) {
        return McpTools.stdio("node", script.toString(), "stdio")
                .callTimeout(callTimeout)
                .start();
    }

    @Test
    void should_list_and_call_the_tools_of_server_everything_over_stdio() throws Exception {
        Path everything = McpServers.script("server-everything");
        try (McpTools mcp = everything(everything, Duration.ofSeconds(2))) {
            assertTrue(mcp.serverName().contains("everything"), mcp.serverName());
            assertTrue(named(mcp, "echo").reusable(), "read-only: reusable");
            assertFalse(named(mcp, "toggle-simulated-logging").reusable(), "idempotentHint false: never reused");
            assertEquals(
                    List.of("a", "b"),
                    List.copyOf(named(mcp, "get-sum")
                            .specification()
                            .parameters()
                            .properties()
                            .keySet()));
            ToolBox box = ToolBox.of(mcp.tools());

            ToolCall sum = box.call(named(mcp, "get-sum"), "{\"a\": 2, \"b\": 3}");
            assertFalse(sum.failed(), sum.result());
            assertTrue(sum.result().contains("5"), sum.result());

            ToolCall bad = box.call(named(mcp, "get-sum"), "{\"a\": \"two\"}");
            assertTrue(bad.failed(), "the server's validation error is an error result: " + bad.result());

            ToolCall slow = box.call(named(mcp, "trigger-long-running-operation"), "{\"duration\": 30, \"steps\": 3}");
            assertTrue(slow.failed() && slow.result().contains("gave no result within 2000 ms"), slow.result());

            ToolCall echo = box.call(named(mcp, "echo"), "{\"message\": \"still alive\"}");
            assertTrue(echo.result().contains("still alive"), "the server serves after a timeout: " + echo);
        }
        assertThrows(McpException.class, () -> McpTools.stdio("node", everything.toString(), "stdio")
                .only("no-such-tool")
                .start());
    }

    @Test
    void should_turn_a_server_that_died_into_an_error_result_not_a_hang() throws Exception {
        Path everything = McpServers.script("server-everything");
        try (McpTools mcp = everything(everything, Duration.ofSeconds(5))) {
            ToolBox box = ToolBox.of(mcp.tools());
            assertFalse(box.call(named(mcp, "echo"), "{\"message\": \"a\"}").failed());
            List<ProcessHandle> servers = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains(everything.toString()))
                    .toList();
            assertEquals(1, servers.size(), "the server process this object started");
            servers.get(0).destroyForcibly();
            servers.get(0).onExit().get(10, TimeUnit.SECONDS);

            long start = System.nanoTime();
            ToolCall c = box.call(named(mcp, "echo"), "{\"message\": \"b\"}");
            assertTrue(c.failed(), c.toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "no hang");
        }
    }

    @Test
    void should_read_files_through_server_filesystem_and_refuse_paths_outside_its_folder(@TempDir Path dir)
            throws Exception {
        Path fs = McpServers.script("server-filesystem");
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Files.writeString(allowed.resolve("notes.txt"), "The meeting is on Tuesday.", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("secret.txt"), "do not read", StandardCharsets.UTF_8);
        try (McpTools mcp = McpTools.stdio(
                        "node", fs.toString(), allowed.toRealPath().toString())
                .start()) {
            ToolBox box = ToolBox.of(mcp.tools());
            AgentTool read = named(mcp, "read_text_file");
            assertTrue(read.reusable());
            assertFalse(named(mcp, "edit_file").reusable());
            assertFalse(named(mcp, "write_file").reusable(), "idempotent but destructive");
            assertTrue(named(mcp, "create_directory").reusable(), "idempotent and not destructive");
            ToolCall ok = box.call(read, "{\"path\": \"" + allowed.toRealPath().resolve("notes.txt") + "\"}");
            assertEquals("The meeting is on Tuesday.", ok.result().strip(), ok.toString());
            ToolCall outside = box.call(read, "{\"path\": \"" + dir.toRealPath().resolve("secret.txt") + "\"}");
            assertTrue(outside.failed(), outside.toString());
            assertFalse(outside.result().contains("do not read"));
        }
    }

    private static D3Mas team(McpTools mcp, String tool, String arguments, List<ToolCall> seen) {
        return D3Mas.builder()
                .embeddingModel(new WordHashEmbeddingModel())
                .decomposer(r -> r.depth() == 0
                        ? Decomposition.of(
                                List.of(SubTask.of("echo Lyon for the census"), SubTask.of("echo Lyon for the budget")))
                        : Decomposition.atomicTask())
                .agent("census", "census office", ToolAgents.calling(tool, arguments, seen))
                .agent("budget", "city budget", ToolAgents.calling(tool, arguments, seen))
                .tools(mcp)
                .settings(SolveSettings.builder().maxFeedbackRounds(0).build())
                .build();
    }

    @Test
    void should_make_one_call_for_two_agents_on_the_servers_own_count_over_streamable_http() throws Exception {
        Path everything = McpServers.script("server-everything");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb =
                new ProcessBuilder("node", everything.toString(), "streamableHttp").redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process server = pb.start();
        server.getOutputStream().close();
        AtomicInteger posts = new AtomicInteger();
        CountDownLatch listening = new CountDownLatch(1);
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    if (line.contains("Received MCP POST request")) {
                        posts.incrementAndGet();
                    }
                    if (line.contains("listening on port")) {
                        listening.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the server ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!listening.await(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            throw new AssertionError("server-everything did not start: " + log);
        }
        String url = "http://127.0.0.1:" + port + "/mcp";
        try {
            List<ToolCall> seen = new CopyOnWriteArrayList<>();
            McpTools mcp = McpTools.http(url).start();
            int before = posts.get();
            try (D3Mas team = team(mcp, "echo", "{\"message\": \"Lyon\"}", seen)) {
                SolveResult r = team.solve("Echo Lyon twice");
                assertEquals(2, seen.size(), r.warnings().toString());
                assertEquals(1, posts.get() - before, "one tools/call reached the server: " + log);
                assertEquals(1, r.usage().toolCallsSaved());
            }
            ToolCall afterClose = ToolBox.of(mcp.tools()).call(mcp.tools().get(0), "{}");
            assertTrue(afterClose.failed(), "the team closed the connection it owned: " + afterClose);

            List<ToolCall> toggles = new CopyOnWriteArrayList<>();
            try (D3Mas team = team(McpTools.http(url).start(), "toggle-simulated-logging", "{}", toggles)) {
                int started = posts.get();
                team.solve("Toggle twice");
                assertEquals(2, posts.get() - started, "a tool that is not idempotent runs every time: " + log);
                assertTrue(toggles.stream().anyMatch(c -> c.result().startsWith("Started")), toggles.toString());
                assertTrue(toggles.stream().anyMatch(c -> c.result().startsWith("Stopped")), toggles.toString());
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
