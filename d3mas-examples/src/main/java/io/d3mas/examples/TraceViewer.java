package io.d3mas.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.d3mas.graph.Edge;
import io.d3mas.graph.EdgeType;
import io.d3mas.graph.GraphSnapshot;
import io.d3mas.graph.Node;
import io.d3mas.trace.ReuseDecision;
import io.d3mas.trace.Trace;
import io.d3mas.trace.TraceJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Any solve's trace as one self-contained HTML page: the task, reasoning and memory layers as three bands in a
 * layered layout ({@link TraceLayout}: edges run between rows and columns, never through a node they do not
 * connect), the six edge types in their own colour-blind-safe colour and dash pattern (DEPEND thicker, with a larger
 * arrowhead), nodes coloured by agent. Hovering or focusing a node shows its full label and highlights its edges. Clicking a node shows its content,
 * provenance, tokens and other attributes; {@code #node=<id>} in the address selects a node on load.
 *
 * <p>Safety: every text from the trace is HTML-escaped in the SVG, and the details panel is filled with
 * {@code textContent} from a JSON block that cannot close its element ({@link Html#scriptJson}); the page's
 * Content-Security-Policy allows no network access and only its own script (by hash), so content in a trace stays
 * text.
 *
 * <p>Usage: {@code TraceViewer --trace trace.json --out trace.html}
 */
public final class TraceViewer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<EdgeType, String[]> EDGE_STYLE = Map.of(
            EdgeType.DECOMPOSE, new String[] {"#000000", ""},
            EdgeType.TRIGGER, new String[] {"#0072B2", "6 3"},
            EdgeType.DEPEND, new String[] {"#D55E00", ""},
            EdgeType.RETRIEVE, new String[] {"#009E73", "2 3"},
            EdgeType.GROUND, new String[] {"#CC79A7", "8 3 2 3"},
            EdgeType.RELATE, new String[] {"#E69F00", "1 4"});
    private static final String[] AGENT_COLOURS = {
        "#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5", "#ffffb3", "#bc80bd", "#ccebc5"
    };
    private static final String SCRIPT = String.join(
            "\n",
            "(function () {",
            "  var data = JSON.parse(document.getElementById('trace-data').textContent);",
            "  function field(name, value) {",
            "    document.getElementById('d-' + name).textContent = value;",
            "  }",
            "  function show(id) {",
            "    var n = data.nodes[id];",
            "    if (!n) { return; }",
            "    var old = document.querySelector('.node.selected');",
            "    if (old) { old.classList.remove('selected'); }",
            "    var el = document.getElementById('node-' + id);",
            "    if (el) { el.classList.add('selected'); }",
            "    field('id', id);",
            "    field('type', n.type);",
            "    field('agent', n.agent || '(none)');",
            "    field('content', n.content);",
            "    field('source', n.source);",
            "    field('contributors', n.contributors.join(', ') || '(none)');",
            "    field('tokens', n.tokens);",
            "    var list = document.getElementById('d-attributes');",
            "    while (list.firstChild) { list.removeChild(list.firstChild); }",
            "    Object.keys(n.attributes).forEach(function (k) {",
            "      var li = document.createElement('li');",
            "      li.textContent = k + ': ' + JSON.stringify(n.attributes[k]);",
            "      list.appendChild(li);",
            "    });",
            "    document.getElementById('details').hidden = false;",
            "  }",
            "  var hover = document.getElementById('hover');",
            "  var edges = document.querySelectorAll('.edge');",
            "  function focus(id, on) {",
            "    edges.forEach(function (e) {",
            "      var mine = e.getAttribute('data-from') === id || e.getAttribute('data-to') === id;",
            "      e.classList.toggle('hl', on && mine);",
            "      e.classList.toggle('dim', on && !mine);",
            "    });",
            "    var n = data.nodes[id];",
            "    hover.textContent = on && n ? id + (n.agent ? ' \u00b7 ' + n.agent : '') + ': ' + n.content : '';",
            "    hover.hidden = !on;",
            "  }",
            "  document.querySelectorAll('.node').forEach(function (el) {",
            "    var id = el.getAttribute('data-id');",
            "    el.addEventListener('click', function () { show(id); });",
            "    el.addEventListener('keydown', function (ev) {",
            "      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(id); }",
            "    });",
            "    ['mouseenter', 'focus'].forEach(function (t) { el.addEventListener(t, function () { focus(id, true); }); });",
            "    ['mouseleave', 'blur'].forEach(function (t) { el.addEventListener(t, function () { focus(id, false); }); });",
            "  });",
            "  var m = /^#node=(.*)$/.exec(window.location.hash);",
            "  if (m) { show(decodeURIComponent(m[1])); focus(decodeURIComponent(m[1]), true); }",
            "})();");

    private TraceViewer() {}

    public static void main(String[] argv) {
        Map<String, String> args = Args.parse(argv, Set.of("trace", "out"));
        if (!args.containsKey("trace") || !args.containsKey("out")) {
            throw new IllegalArgumentException("usage: TraceViewer --trace <trace.json> --out <page.html>");
        }
        Trace trace = TraceJson.read(Path.of(args.get("trace")));
        Path out = Path.of(args.get("out"));
        write(trace, "", out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** Writes the page for a trace. */
    public static void write(Trace trace, String title, Path file) {
        try {
            Files.writeString(file, html(trace, title), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace page " + file + ": " + e.getMessage(), e);
        }
    }

    /** The page for a trace; {@code title} is shown above the query (may be empty). */
    public static String html(Trace trace, String title) {
        GraphSnapshot g = trace.graph();
        Map<String, String> colours = agentColours(g);
        TraceLayout layout = TraceLayout.of(g);
        StringBuilder bands = new StringBuilder();
        for (TraceLayout.Band band : layout.bands) {
            bands.append(String.format(
                    Locale.ROOT,
                    "<rect class=\"band\" x=\"4\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>"
                            + "<text class=\"band-label\" x=\"10\" y=\"%.1f\">%s layer (%d)</text>\n",
                    band.top() + 2,
                    layout.width - 8,
                    band.height() - 4,
                    band.top() + 14,
                    band.type().name().toLowerCase(Locale.ROOT),
                    band.nodes()));
        }
        StringBuilder nodes = new StringBuilder();
        for (Node n : g.nodes()) {
            TraceLayout.Box box = layout.boxes.get(n.id());
            node(nodes, n, box.cx(), box.cy(), colours);
        }
        StringBuilder edges = new StringBuilder();
        for (TraceLayout.Route route : layout.routes) {
            Edge e = route.edge();
            String[] style = EDGE_STYLE.get(e.type());
            edges.append(String.format(
                    Locale.ROOT,
                    "<path class=\"edge edge-%s\" d=\"%s\" stroke=\"%s\" data-from=\"%s\" data-to=\"%s\"%s"
                            + " marker-end=\"url(#arrow-%s)\"><title>%s</title></path>\n",
                    e.type().name(),
                    route.path(),
                    style[0],
                    Html.escape(e.from()),
                    Html.escape(e.to()),
                    style[1].isEmpty() ? "" : " stroke-dasharray=\"" + style[1] + "\"",
                    e.type().name(),
                    Html.escape(e.type() + ": " + e.from() + " → " + e.to())));
        }
        String script = SCRIPT;
        StringBuilder page = new StringBuilder(16 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src '")
                .append(sha256(script))
                .append("'\"><title>D³MAS trace ")
                .append(Html.escape(trace.solveId()))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}")
                .append(".band{fill:#fafafa;stroke:#ddd}.band-label{font-size:12px;fill:#777}")
                .append(".node{cursor:pointer}.node text{font-size:10px;fill:#333;pointer-events:none}")
                .append(".node.selected .shape{stroke:#000;stroke-width:3}.node:focus{outline:none}")
                .append(".node:focus .shape,.node:hover .shape{stroke:#000;stroke-width:2.5}")
                .append(".edge{fill:none;stroke-width:1.6;stroke-opacity:.85}.edge-DEPEND{stroke-width:2.8}")
                .append(".edge.hl{stroke-width:3.2;stroke-opacity:1}.edge.dim{stroke-opacity:.15}")
                .append("#hover{position:fixed;left:8px;bottom:8px;max-width:60%;background:#fffbe6;")
                .append(
                        "border:1px solid #c9b458;padding:4px 8px;white-space:pre-wrap;font-size:13px;max-height:30vh;overflow:auto}")
                .append(".main{display:flex;gap:16px;align-items:flex-start}.graph{overflow:auto;flex:0 1 auto}")
                .append("#details{position:sticky;top:8px;flex:0 0 32%;max-height:95vh;overflow:auto;background:#fff;")
                .append("border:1px solid #ccc;padding:8px 12px}")
                .append("#d-content{white-space:pre-wrap}dt{font-weight:600}.legend span{margin-right:1em}")
                .append("</style></head><body>\n");
        if (!title.isEmpty()) {
            page.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        }
        page.append("<p><b>Query:</b> <span id=\"query\">")
                .append(Html.escape(trace.query()))
                .append("</span></p>\n<p>Solve ")
                .append(Html.escape(trace.solveId()))
                .append(" · ")
                .append(g.nodes().size())
                .append(" nodes, ")
                .append(g.edges().size())
                .append(" edges · message passing: ")
                .append(Html.escape(
                        trace.propagation().ran()
                                ? trace.propagation().implementation() + ", "
                                        + trace.propagation().rounds().size() + " round(s)"
                                : "off (" + trace.propagation().implementation() + ")"))
                .append(" · feedback: ")
                .append(Html.escape(trace.feedback().rounds().size() + " round(s), stopped: "
                        + trace.feedback().stop()))
                .append(" · ")
                .append(trace.reuses().stream().filter(ReuseDecision::reused).count())
                .append(" reuse(s) taken, ")
                .append(trace.reuses().stream().filter(d -> !d.reused()).count())
                .append(" refused</p>\n");
        legend(page, colours);
        page.append("<div class=\"main\"><div class=\"graph\">");
        page.append(String.format(
                Locale.ROOT,
                "<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"><defs>",
                layout.width,
                layout.height));
        for (EdgeType t : EdgeType.values()) {
            // in pixels, not in stroke widths, so every arrowhead is as large, with its tip on the node's border
            int size = t == EdgeType.DEPEND ? 13 : 10;
            page.append(String.format(
                    Locale.ROOT,
                    "<marker id=\"arrow-%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"%d\""
                            + " markerHeight=\"%d\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">"
                            + "<path d=\"M0,0L10,5L0,10z\" fill=\"%s\"/></marker>",
                    t.name(),
                    size,
                    size,
                    EDGE_STYLE.get(t)[0]));
        }
        page.append("</defs>\n").append(bands).append(edges).append(nodes).append("</svg></div>\n");
        page.append("<aside id=\"details\" hidden><dl>")
                .append("<dt>node</dt><dd id=\"d-id\"></dd><dt>layer</dt><dd id=\"d-type\"></dd>")
                .append("<dt>agent</dt><dd id=\"d-agent\"></dd><dt>content</dt><dd id=\"d-content\"></dd>")
                .append("<dt>source</dt><dd id=\"d-source\"></dd><dt>contributors</dt><dd id=\"d-contributors\"></dd>")
                .append("<dt>tokens</dt><dd id=\"d-tokens\"></dd><dt>attributes</dt><dd><ul id=\"d-attributes\">")
                .append("</ul></dd></dl></aside>\n");
        page.append("</div>\n<div id=\"hover\" role=\"status\" hidden></div>\n");
        page.append("<script type=\"application/json\" id=\"trace-data\">")
                .append(Html.scriptJson(data(g)))
                .append("</script>\n<script>")
                .append(script)
                .append("</script>\n</body></html>\n");
        return page.toString();
    }

    private static void node(StringBuilder out, Node n, double cx, double cy, Map<String, String> colours) {
        String fill = n.agentId() == null ? "#e0e0e0" : colours.getOrDefault(n.agentId(), "#e0e0e0");
        String shape =
                switch (n.type()) {
                    case TASK ->
                        String.format(
                                Locale.ROOT,
                                "<rect class=\"shape\" x=\"%.1f\" y=\"%.1f\" width=\"28\" height=\"20\" rx=\"3\" fill=\"%s\""
                                        + " stroke=\"#333\"/>",
                                cx - 14,
                                cy - 10,
                                fill);
                    case REASONING ->
                        String.format(
                                Locale.ROOT,
                                "<circle class=\"shape\" cx=\"%.1f\" cy=\"%.1f\" r=\"12\" fill=\"%s\" stroke=\"#333\"/>",
                                cx,
                                cy,
                                fill);
                    case MEMORY ->
                        String.format(
                                Locale.ROOT,
                                "<polygon class=\"shape\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\""
                                        + " stroke=\"#333\"/>",
                                cx,
                                cy - 13,
                                cx + 13,
                                cy,
                                cx,
                                cy + 13,
                                cx - 13,
                                cy,
                                fill);
                };
        String label = n.id().length() > 8 ? n.id().substring(0, 7) + "…" : n.id();
        String full = n.id() + (n.agentId() == null ? "" : " · " + n.agentId()) + ": " + n.content();
        out.append("<g class=\"node node-")
                .append(n.type().name().toLowerCase(Locale.ROOT))
                .append("\" id=\"node-")
                .append(Html.escape(n.id()))
                .append("\" data-id=\"")
                .append(Html.escape(n.id()))
                .append("\" data-agent=\"")
                .append(Html.escape(n.agentId() == null ? "" : n.agentId()))
                .append("\" tabindex=\"0\" role=\"button\" aria-label=\"")
                .append(Html.escape(full))
                .append("\"><title>")
                .append(Html.escape(full))
                .append("</title>")
                .append(shape)
                .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, cy + 26))
                .append(Html.escape(label))
                .append("</text></g>\n");
    }

    private static void legend(StringBuilder page, Map<String, String> colours) {
        page.append("<p class=\"legend\">Edges: ");
        for (EdgeType t : EdgeType.values()) {
            String[] s = EDGE_STYLE.get(t);
            page.append(String.format(
                    Locale.ROOT,
                    "<span class=\"legend-edge\"><svg width=\"36\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"36\""
                            + " y2=\"5\" stroke=\"%s\" stroke-width=\"2\"%s/></svg> %s</span>",
                    s[0],
                    s[1].isEmpty() ? "" : " stroke-dasharray=\"" + s[1] + "\"",
                    t.name()));
        }
        page.append("<br>Agents: ");
        colours.forEach((agent, colour) -> page.append("<span class=\"legend-agent\"><svg width=\"12\" height=\"12\">")
                .append("<rect width=\"12\" height=\"12\" fill=\"")
                .append(colour)
                .append("\"/></svg> ")
                .append(Html.escape(agent))
                .append("</span>"));
        page.append("<br>Shapes: square task, circle reasoning, diamond memory. Hover or focus (Tab) a node for its"
                + " full label and its edges; click it or press Enter for its details.</p>\n");
    }

    private static Map<String, String> agentColours(GraphSnapshot g) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (n.agentId() != null && !out.containsKey(n.agentId())) {
                out.put(n.agentId(), AGENT_COLOURS[out.size() % AGENT_COLOURS.length]);
            }
        }
        return out;
    }

    private static String data(GraphSnapshot g) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode nodes = root.putObject("nodes");
        for (Node n : g.nodes()) {
            ObjectNode o = nodes.putObject(n.id());
            o.put("type", n.type().name().toLowerCase(Locale.ROOT));
            o.put("agent", n.agentId() == null ? "" : n.agentId());
            o.put("content", n.content());
            o.put("source", n.provenance().source());
            ArrayNode c = o.putArray("contributors");
            n.provenance().contributors().forEach(c::add);
            Object in = n.attributes().get(Node.INPUT_TOKENS);
            Object outTokens = n.attributes().get(Node.OUTPUT_TOKENS);
            o.put(
                    "tokens",
                    in == null && outTokens == null
                            ? "(none recorded)"
                            : "input " + (in == null ? 0 : in) + ", output " + (outTokens == null ? 0 : outTokens));
            Map<String, Object> attrs = new LinkedHashMap<>(n.attributes());
            attrs.remove("embedding");
            o.set("attributes", JSON.valueToTree(attrs));
        }
        List<String> order = new ArrayList<>();
        g.nodes().forEach(n -> order.add(n.id()));
        root.set("order", JSON.valueToTree(order));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the trace's node data as JSON", e);
        }
    }

    private static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
