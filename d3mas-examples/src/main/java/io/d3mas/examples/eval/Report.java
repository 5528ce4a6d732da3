package io.d3mas.examples.eval;

import io.d3mas.examples.Html;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;
import org.jspecify.annotations.Nullable;

/**
 * {@code report.html}: one self-contained page (no script, no external file, nothing fetched when viewed) with
 * the run's settings, a table per method, the headline paired comparisons with 95 % intervals, and charts drawn by
 * JFreeChart into inline SVG that scales to the page width:
 *
 * <ul>
 *   <li>where the dataset labels supporting paragraphs, first: recall at a paragraph budget (B = 1 … 20) and
 *       redundancy, side by side;
 *   <li>accuracy against mean tokens per item, one numbered point per method keyed to a table (the paper's
 *       Figure 7);
 *   <li>memory, reasoning and task redundancy per method (Figure 1);
 *   <li>median and 95th-percentile latency per method.
 * </ul>
 *
 * Colours are the Okabe–Ito palette, told apart in print and by colour-blind readers, and every series also has
 * its own marker shape. Each chart has a one-line reading of what its numbers say under it. Every text that comes
 * from data (method names, groups, settings) is HTML-escaped.
 */
final class Report {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int W = 1200;
    private static final int H = 520;
    private static final int HALF = 700;

    private Report() {}

    static void write(
            Path file,
            EvalSettings settings,
            int items,
            List<Summary> summaries,
            List<Paired> comparisons,
            List<ResultRow> rows) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>D³MAS evaluation: ")
                .append(Html.escape(settings.dataset().cliName()))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}")
                .append("th{background:#f3f3f3}.chart{margin:1em 0}.chart svg{width:100%;height:auto}")
                .append(".pair{display:flex;gap:2%}.pair>div{flex:1 1 49%}.reading{color:#444;margin:0 0 1.5em}")
                .append(".better{color:#006d2c}.worse{color:#b30000}</style></head><body>\n");
        b.append("<h1>D³MAS evaluation: ")
                .append(Html.escape(settings.dataset().cliName()))
                .append("</h1>\n");
        b.append("<p>").append(items).append(" items. Settings:</p><table>");
        for (Map.Entry<String, Object> e : settings.identity().entrySet()) {
            b.append("<tr><td>")
                    .append(Html.escape(e.getKey()))
                    .append("</td><td>")
                    .append(Html.escape(String.valueOf(e.getValue())))
                    .append("</td></tr>");
        }
        b.append("</table>\n");
        table(b, summaries, settings.topK());
        b.append("<p>Every method follows one memory-access policy: each agent retrieves from the same store with its"
                        + " own queries, and a record handed over as another agent's conclusion counts as read by the receiving"
                        + " agent. Recall@")
                .append(settings.topK())
                .append(" counts the supporting paragraphs among the first ")
                .append(settings.topK())
                .append(" distinct paragraphs a method read (rank by rank across its retrievals): every method at the"
                        + " same paragraph budget. Accuracy counts failed items as wrong; tokens, calls, latency and"
                        + " redundancy are over the items without error. The token budget is per item and the same"
                        + " for every method.</p>\n");
        comparisons(b, comparisons);
        if (summaries.stream().anyMatch(s -> !s.recallAtBudget().isEmpty())) {
            b.append("<div class=\"pair\"><div>");
            chart(
                    b,
                    "Recall at a paragraph budget",
                    ReportCharts.recallAtBudget(summaries, settings.topK()),
                    HALF,
                    560);
            reading(b, Readings.recall(summaries, settings.topK()));
            b.append("</div><div>");
            chart(b, "Redundancy by method", ReportCharts.redundancy(summaries), HALF, 560);
            reading(b, Readings.redundancy(summaries));
            b.append("</div></div>\n");
        }
        if (summaries.stream().anyMatch(s -> s.accuracy() != null)) {
            List<Summary> scored =
                    summaries.stream().filter(s -> s.accuracy() != null).toList();
            chart(b, "Accuracy against tokens (Figure 7)", ReportCharts.accuracyVsTokens(scored), W, H);
            key(b, scored);
            reading(b, Readings.accuracy(scored));
        }
        if (summaries.stream().allMatch(s -> s.recallAtBudget().isEmpty())) {
            chart(
                    b,
                    "Redundancy by method (Figure 1)",
                    ReportCharts.redundancy(summaries),
                    W,
                    barsHeight(summaries, 3));
            reading(b, Readings.redundancy(summaries));
        }
        chart(b, "Latency per item", ReportCharts.latency(summaries), W, barsHeight(summaries, 2));
        reading(b, Readings.latency(summaries));
        groups(b, summaries);
        traces(b, rows);
        b.append("</body></html>\n");
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void table(StringBuilder b, List<Summary> summaries, int topK) {
        boolean repeated = summaries.stream().anyMatch(s -> !s.acrossRepeats().isEmpty());
        b.append("<table><tr><th>method</th><th>items</th><th>errors</th><th>accuracy</th><th>F1</th>")
                .append("<th>tokens / item</th><th>calls / item</th><th>latency p50 (ms)</th><th>p95 (ms)</th>")
                .append("<th>memory red.</th><th>reasoning red.</th><th>task red.</th><th>paragraphs read</th>")
                .append("<th>recall@")
                .append(topK)
                .append("</th><th>supp. recall (all read)</th><th>budget stops</th></tr>\n");
        for (Summary s : summaries) {
            Double recallK = s.recallAtBudget().isEmpty()
                    ? null
                    : s.recallAtBudget().get(Math.min(topK, s.recallAtBudget().size()) - 1);
            b.append("<tr><td title=\"")
                    .append(Html.escape(s.description()))
                    .append("\">")
                    .append(Html.escape(s.method()))
                    .append("</td><td>")
                    .append(s.items())
                    .append("</td><td>")
                    .append(s.errors())
                    .append("</td><td>")
                    .append(withSpread(s.accuracy(), s.acrossRepeats().get("accuracy")))
                    .append("</td><td>")
                    .append(num(s.f1()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", s.tokens()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", s.calls()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", s.latencyMedianMs()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", s.latencyP95Ms()))
                    .append("</td><td>")
                    .append(withSpread(s.memoryRedundancy(), s.acrossRepeats().get("memoryRedundancy")))
                    .append("</td><td>")
                    .append(num(s.reasoningRedundancy()))
                    .append("</td><td>")
                    .append(num(s.taskRedundancy()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", s.paragraphs()))
                    .append("</td><td>")
                    .append(withSpread(recallK, s.acrossRepeats().get("recallAtK")))
                    .append("</td><td>")
                    .append(num(s.supportingRecall()))
                    .append("</td><td>")
                    .append(s.budgetStops())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (repeated) {
            b.append("<p>± is the standard deviation of the per-repeat means (")
                    .append(summaries.get(0).repeats())
                    .append(" repeats; repeat r deals the paragraphs with seed + r).</p>\n");
        }
    }

    private static String withSpread(@Nullable Double v, Summary.@Nullable Spread spread) {
        if (v == null) {
            return "–";
        }
        return spread == null ? num(v) : String.format(Locale.ROOT, "%.3f ± %.3f", spread.mean(), spread.sd());
    }

    /** The headline comparisons: paired per-item differences with their 95 % intervals. */
    private static void comparisons(StringBuilder b, List<Paired> comparisons) {
        if (comparisons.isEmpty()) {
            return;
        }
        b.append("<h2>Against the strongest simple alternatives</h2>")
                .append("<p>Paired per-item differences (D³MAS − alternative, each item averaged over its repeats),")
                .append(" with a 95 % bootstrap interval. <span class=\"better\">Green</span>: the interval")
                .append(" favours D³MAS; <span class=\"worse\">red</span>: it favours the alternative; plain: no")
                .append(" difference the data can tell.</p>")
                .append("<table><tr><th>D³MAS method</th><th>alternative</th><th>what it stands for</th>")
                .append("<th>metric</th><th>items</th><th>D³MAS</th><th>alternative</th><th>difference</th>")
                .append("<th>95 % interval</th><th>items better / worse</th></tr>\n");
        for (Paired p : comparisons) {
            boolean favours = p.decided() && (p.difference() < 0) == p.lowerIsBetter();
            String cls = !p.decided() ? "" : favours ? " class=\"better\"" : " class=\"worse\"";
            String fmt = p.metric().equals("tokens") ? "%.0f" : "%.3f";
            b.append("<tr><td>")
                    .append(Html.escape(p.method()))
                    .append("</td><td>")
                    .append(Html.escape(p.reference()))
                    .append("</td><td>")
                    .append(Html.escape(p.why()))
                    .append("</td><td>")
                    .append(Html.escape(p.metric() + (p.lowerIsBetter() ? " (lower is better)" : "")))
                    .append("</td><td>")
                    .append(p.items())
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, fmt, p.mean()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, fmt, p.referenceMean()))
                    .append("</td><td")
                    .append(cls)
                    .append(">")
                    .append(String.format(Locale.ROOT, "%+" + fmt.substring(1), p.difference()))
                    .append("</td><td")
                    .append(cls)
                    .append(">")
                    .append(String.format(Locale.ROOT, "[" + fmt + ", " + fmt + "]", p.low(), p.high()))
                    .append("</td><td>")
                    .append(p.better())
                    .append(" / ")
                    .append(p.worse())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    /** The table that keys the accuracy chart's numbered points to methods. */
    private static void key(StringBuilder b, List<Summary> scored) {
        b.append("<table><tr><th>point</th><th>method</th><th>accuracy</th><th>tokens / item</th></tr>");
        for (int i = 0; i < scored.size(); i++) {
            Summary s = scored.get(i);
            Color c = ReportCharts.PALETTE[i % ReportCharts.PALETTE.length];
            b.append(String.format(
                            Locale.ROOT,
                            "<tr><td><span style=\"color:#%06x\">■</span> %d</td><td>",
                            c.getRGB() & 0xFFFFFF,
                            i + 1))
                    .append(Html.escape(s.method()))
                    .append("</td><td>")
                    .append(num(s.accuracy()))
                    .append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.0f", s.tokens()))
                    .append("</td></tr>");
        }
        b.append("</table>\n");
    }

    /** Horizontal bars: room for every method's group of bars, whatever the number of methods. */
    private static int barsHeight(List<Summary> summaries, int series) {
        return Math.max(260, 140 + summaries.size() * (series * 14 + 16));
    }

    private static void reading(StringBuilder b, String text) {
        b.append("<p class=\"reading\">").append(Html.escape(text)).append("</p>\n");
    }

    /** Three decimals, or a dash for no value. */
    static String num(@Nullable Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void groups(StringBuilder b, List<Summary> summaries) {
        List<Summary> with =
                summaries.stream().filter(s -> !s.byGroup().isEmpty()).toList();
        if (with.isEmpty()) {
            return;
        }
        b.append("<h2>Accuracy per group</h2><table><tr><th>group</th>");
        with.forEach(s -> b.append("<th>").append(Html.escape(s.method())).append("</th>"));
        b.append("</tr>\n");
        for (String g : with.get(0).byGroup().keySet()) {
            b.append("<tr><td>").append(Html.escape(g)).append("</td>");
            with.forEach(s -> b.append("<td>").append(num(s.byGroup().get(g))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void traces(StringBuilder b, List<ResultRow> rows) {
        List<ResultRow> traced =
                rows.stream().filter(r -> !r.trace().isEmpty()).limit(50).toList();
        if (traced.isEmpty()) {
            return;
        }
        b.append("<h2>Traces</h2><p>The solve graph of D³MAS items (first 50), in the trace viewer:</p><ul>");
        for (ResultRow r : traced) {
            b.append("<li><a href=\"")
                    .append(Html.escape(r.trace()))
                    .append("\">")
                    .append(Html.escape(r.method() + " · " + r.itemId()))
                    .append("</a></li>");
        }
        b.append("</ul>\n");
    }

    private static void chart(StringBuilder b, String title, JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        }
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(width, height));
        b.append("<h2>")
                .append(Html.escape(title))
                .append("</h2>\n<div class=\"chart\">")
                .append(g.getSVGElement(null, false, new ViewBox(0, 0, width, height), null, null))
                .append("</div>\n");
    }
}
