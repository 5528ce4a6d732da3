package io.d3mas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.d3mas.D3Mas;
import io.d3mas.SolveResult;
import io.d3mas.embed.BgeEmbeddingModel;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.Node;
import io.d3mas.graph.NodeType;
import io.d3mas.trace.TraceJson;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace viewer: structure and escaping, and the page as real headless Chromium renders it. */
class TraceViewerTest {

    /** Would change the page if it ever ran as markup or script. */
    static final String XSS = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
            + "</script><script>document.title='pwned'</script>";

    static BgeEmbeddingModel bge;
    static SolveResult solved;

    @BeforeAll
    static void solve() {
        bge = DemoTeam.embeddingModel();
        try (D3Mas team = DemoTeam.build(bge)) {
            team.remember("geo", "Mount Everest is the highest mountain on Earth. " + XSS, "atlas " + XSS);
            solved = team.solve("What is the highest mountain on Earth and who wrote Hamlet?");
        }
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    static Node xssNode() {
        return solved.graph().nodes(NodeType.MEMORY).stream()
                .filter(n -> n.content().contains("data-pwned"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the solve did not retrieve the XSS memory"));
    }

    @Test
    void everyNodeEdgeTypeAndAgentIsOnThePageAndContentIsEscaped() {
        String html = TraceViewer.html(solved.trace(), "demo <b>title</b>");
        for (Node n : solved.graph().nodes()) {
            assertTrue(html.contains("id=\"node-" + Html.escape(n.id()) + "\""), n.id());
        }
        for (EdgeType t : EdgeType.values()) {
            assertTrue(html.contains("id=\"arrow-" + t.name() + "\""), t.name());
            assertTrue(html.contains("</svg> " + t.name() + "</span>"), "legend entry for " + t);
        }
        assertTrue(html.contains("class=\"edge edge-RETRIEVE\""));
        assertTrue(html.contains("demo &lt;b&gt;title&lt;/b&gt;"));
        assertFalse(html.contains("<img src=x"), "no raw markup from a trace");
        assertEquals(2, html.split("<script", -1).length - 1, "the data block and the page's own script only");
        assertFalse(html.substring(html.indexOf("id=\"trace-data\">")).contains("</script><script>document"));
        assertTrue(html.contains("script-src 'sha256-"), "only the page's own script may run");
    }

    @Test
    void theCommandLineReadsATraceFileAndWritesThePage(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("trace.json");
        TraceJson.write(solved.trace(), json);
        Path page = dir.resolve("trace.html");
        TraceViewer.main(new String[] {"--trace", json.toString(), "--out", page.toString()});
        assertEquals(TraceViewer.html(TraceJson.read(json), ""), Files.readString(page));
    }

    static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's script ran, from headless Chromium with no network and a fresh profile. */
    static String dumpDom(String browser, Path page, String fragment, Path profile) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--dump-dom",
                page.toUri() + fragment));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium exit status");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumRendersTheKnownTraceAndTheXssStringStaysText(@TempDir Path dir) throws Exception {
        Optional<String> browser = chromium();
        if (browser.isEmpty() && "1".equals(System.getenv("D3MAS_REQUIRE_SERVICES"))) {
            throw new AssertionError("no chromium on the PATH, and D3MAS_REQUIRE_SERVICES=1: CI must run this test");
        }
        Assumptions.assumeTrue(
                browser.isPresent(),
                "skipped: no chromium on the PATH (Debian: apt-get install chromium); the test installs nothing");
        Path page = dir.resolve("trace.html");
        TraceViewer.write(solved.trace(), "known trace", page);
        Node xss = xssNode();
        String fragment =
                "#node=" + URLEncoder.encode(xss.id(), StandardCharsets.UTF_8).replace("+", "%20");
        String dom = dumpDom(browser.get(), page, fragment, dir.resolve("profile"));

        for (Node n : solved.graph().nodes()) {
            assertTrue(dom.contains("id=\"node-" + Html.escape(n.id()) + "\""), "rendered node " + n.id());
        }
        // the script ran: the deep link selected the node and filled the details panel
        assertTrue(dom.contains("<dd id=\"d-id\">" + Html.escape(xss.id()) + "</dd>"), "details show the node id");
        assertTrue(dom.contains("class=\"node node-memory selected\""), "the node is highlighted");
        assertTrue(dom.contains("<dd id=\"d-agent\">geo</dd>"));
        // the XSS string is in the panel as text, and did nothing
        assertTrue(dom.contains("&lt;img src=x onerror="), "the payload is shown as text");
        assertFalse(dom.contains("<img src=\"x\"") || dom.contains("<img src=x"), "no img element was created");
        assertFalse(dom.contains("data-pwned=\"1\""), "its handler never ran");
        assertFalse(dom.contains("<title>pwned</title>"), "its script never ran");
        assertTrue(dom.contains("atlas &lt;img"), "the source is escaped too");
    }
}
