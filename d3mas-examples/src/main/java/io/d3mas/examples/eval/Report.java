package io.d3mas.examples.eval;

import io.d3mas.examples.Html;
import java.awt.BasicStroke;
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
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jspecify.annotations.Nullable;

/**
 * {@code report.html}: one self-contained page (no script, no external file, nothing fetched when viewed) with
 * the run's settings, a table per method, and charts drawn by JFreeChart into inline SVG:
 *
 * <ul>
 *   <li>accuracy against mean tokens per item, one point per method (the paper's Figure 7);
 *   <li>memory, reasoning and task redundancy per method (Figure 1);
 *   <li>median and 95th-percentile latency per method;
 *   <li>supporting-paragraph recall per method, where the dataset labels it.
 * </ul>
 *
 * Every text that comes from data (method names, groups, settings) is HTML-escaped.
 */
final class Report {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int W = 760;
    private static final int H = 420;

    private Report() {}

    static void write(Path file, EvalSettings settings, int items, List<Summary> summaries, List<ResultRow> rows) {
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
                .append("th{background:#f3f3f3}.chart{margin:1em 0}</style></head><body>\n");
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
        table(b, summaries);
        b.append("<p>Accuracy counts failed items as wrong; tokens, calls, latency and redundancy are over the items"
                + " without error. The token budget is per item and the same for every method.</p>\n");
        if (summaries.stream().anyMatch(s -> s.accuracy() != null)) {
            chart(b, "Accuracy against tokens (Figure 7)", accuracyVsTokens(summaries));
        }
        chart(b, "Redundancy by method (Figure 1)", redundancy(summaries));
        chart(b, "Latency per item", latency(summaries));
        if (summaries.stream().anyMatch(s -> s.supportingRecall() != null)) {
            chart(b, "Supporting-paragraph recall", recall(summaries));
        }
        groups(b, summaries);
        traces(b, rows);
        b.append("</body></html>\n");
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void table(StringBuilder b, List<Summary> summaries) {
        b.append("<table><tr><th>method</th><th>items</th><th>errors</th><th>accuracy</th><th>F1</th>")
                .append("<th>tokens / item</th><th>calls / item</th><th>latency p50 (ms)</th><th>p95 (ms)</th>")
                .append("<th>memory red.</th><th>reasoning red.</th><th>task red.</th><th>supp. recall</th>")
                .append("<th>budget stops</th></tr>\n");
        for (Summary s : summaries) {
            b.append("<tr><td title=\"")
                    .append(Html.escape(s.description()))
                    .append("\">")
                    .append(Html.escape(s.method()))
                    .append("</td><td>")
                    .append(s.items())
                    .append("</td><td>")
                    .append(s.errors())
                    .append("</td><td>")
                    .append(num(s.accuracy()))
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
                    .append(num(s.memoryRedundancy()))
                    .append("</td><td>")
                    .append(num(s.reasoningRedundancy()))
                    .append("</td><td>")
                    .append(num(s.taskRedundancy()))
                    .append("</td><td>")
                    .append(num(s.supportingRecall()))
                    .append("</td><td>")
                    .append(s.budgetStops())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static String num(@Nullable Double v) {
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

    private static void chart(StringBuilder b, String title, JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(W, H);
        chart.draw(g, new Rectangle(W, H));
        b.append("<h2>")
                .append(Html.escape(title))
                .append("</h2>\n<div class=\"chart\">")
                .append(g.getSVGElement())
                .append("</div>\n");
    }

    private static JFreeChart accuracyVsTokens(List<Summary> summaries) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Summary s : summaries) {
            if (s.accuracy() != null) {
                XYSeries series = new XYSeries(s.method());
                series.add(s.tokens(), s.accuracy());
                data.addSeries(series);
            }
        }
        JFreeChart c = ChartFactory.createScatterPlot(
                null, "mean tokens per item", "accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = c.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{0}"));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        r.setDefaultStroke(new BasicStroke(1f));
        plot.getRangeAxis().setRange(0, 1.05); // the whole scale, so that small differences do not look large
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return c;
    }

    private static JFreeChart redundancy(List<Summary> summaries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            data.addValue(s.memoryRedundancy(), "memory", s.method());
            data.addValue(s.reasoningRedundancy(), "reasoning", s.method());
            data.addValue(s.taskRedundancy(), "task", s.method());
        }
        return bars(data, "redundancy (share)");
    }

    private static JFreeChart latency(List<Summary> summaries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            data.addValue(s.latencyMedianMs(), "median", s.method());
            data.addValue(s.latencyP95Ms(), "95th percentile", s.method());
        }
        return bars(data, "ms per item");
    }

    private static JFreeChart recall(List<Summary> summaries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            if (s.supportingRecall() != null) {
                data.addValue(s.supportingRecall(), "supporting-paragraph recall", s.method());
            }
        }
        return bars(data, "recall");
    }

    private static JFreeChart bars(DefaultCategoryDataset data, String axis) {
        JFreeChart c =
                ChartFactory.createBarChart(null, null, axis, data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = c.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
        return c;
    }
}
