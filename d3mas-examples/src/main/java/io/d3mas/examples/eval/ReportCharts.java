package io.d3mas.examples.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, built with JFreeChart: colours from the Okabe–Ito palette, a marker shape per series, axis
 * text large enough to read when the chart is scaled to the page.
 */
final class ReportCharts {

    /** Okabe & Ito's colour-blind-safe palette for series in order; yellow, faint on white, comes last. */
    static final Color[] PALETTE = {
        new Color(0x0072B2),
        new Color(0xE69F00),
        new Color(0x009E73),
        new Color(0xD55E00),
        new Color(0x56B4E9),
        new Color(0xCC79A7),
        new Color(0x000000),
        new Color(0xF0E442)
    };

    static JFreeChart accuracyVsTokens(List<Summary> scored) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < scored.size(); i++) {
            XYSeries series = new XYSeries((i + 1) + " " + scored.get(i).method());
            series.add(scored.get(i).tokens(), scored.get(i).accuracy());
            data.addSeries(series);
        }
        JFreeChart c = ChartFactory.createScatterPlot(
                null, "mean tokens per item", "accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = c.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        // a number, not the name, next to each point: names of close points overlap, numbers are keyed in a table
        r.setDefaultItemLabelGenerator((dataset, series, item) -> String.valueOf(series + 1));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        for (int i = 0; i < scored.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, SHAPES[i % SHAPES.length]);
        }
        axes(plot.getDomainAxis(), plot.getRangeAxis());
        plot.getRangeAxis().setRange(0, 1.05); // the whole scale, so that small differences do not look large
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return c;
    }

    /** Recall at B = 1 … 20 paragraphs per method, with the run's k marked. */
    static JFreeChart recallAtBudget(List<Summary> summaries, int topK) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Summary> with =
                summaries.stream().filter(s -> !s.recallAtBudget().isEmpty()).toList();
        for (Summary s : with) {
            XYSeries series = new XYSeries(s.method());
            for (int b = 1; b <= s.recallAtBudget().size(); b++) {
                series.add(b, s.recallAtBudget().get(b - 1));
            }
            data.addSeries(series);
        }
        JFreeChart c = ChartFactory.createXYLineChart(
                null,
                "paragraph budget B (distinct paragraphs read)",
                "supporting-paragraph recall@B",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        XYPlot plot = c.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < with.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesShape(i, SHAPES[i % SHAPES.length]);
            r.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        plot.setRenderer(r);
        ValueMarker k = new ValueMarker(topK, Color.GRAY, new BasicStroke(1f));
        k.setLabel("k = " + topK);
        k.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        plot.addDomainMarker(k);
        axes(plot.getDomainAxis(), plot.getRangeAxis());
        plot.getRangeAxis().setRange(0, 1.02);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return c;
    }

    private static final java.awt.Shape[] SHAPES = {
        new java.awt.geom.Ellipse2D.Double(-5, -5, 10, 10),
        new Rectangle(-5, -5, 10, 10),
        new java.awt.Polygon(new int[] {0, 6, -6}, new int[] {-6, 5, 5}, 3),
        new java.awt.Polygon(new int[] {0, 6, 0, -6}, new int[] {-7, 0, 7, 0}, 4),
        new java.awt.Polygon(new int[] {-6, 6, 0}, new int[] {-5, -5, 6}, 3),
        new java.awt.geom.Rectangle2D.Double(-3, -7, 6, 14),
        new java.awt.geom.Rectangle2D.Double(-7, -3, 14, 6),
        new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6)
    };

    private static void axes(org.jfree.chart.axis.Axis domain, org.jfree.chart.axis.Axis range) {
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        for (org.jfree.chart.axis.Axis a : List.of(domain, range)) {
            a.setLabelFont(label);
            a.setTickLabelFont(ticks);
        }
    }

    static JFreeChart redundancy(List<Summary> summaries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            data.addValue(s.memoryRedundancy(), "memory", s.method());
            data.addValue(s.reasoningRedundancy(), "reasoning", s.method());
            data.addValue(s.taskRedundancy(), "task", s.method());
        }
        return bars(data, "redundancy (share)");
    }

    static JFreeChart latency(List<Summary> summaries) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Summary s : summaries) {
            data.addValue(s.latencyMedianMs(), "median", s.method());
            data.addValue(s.latencyP95Ms(), "95th percentile", s.method());
        }
        return bars(data, "ms per item");
    }

    private static JFreeChart bars(DefaultCategoryDataset data, String axis) {
        // horizontal: method names read left to right instead of rotated and cut
        JFreeChart c =
                ChartFactory.createBarChart(null, null, axis, data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = c.getCategoryPlot();
        org.jfree.chart.renderer.category.BarRenderer r =
                (org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < data.getRowCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]); // blue, orange, green: apart in grey too
        }
        axes(plot.getDomainAxis(), plot.getRangeAxis());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return c;
    }

    private ReportCharts() {}
}
