package io.shardline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts of a run, one line per target, written as PNG files. */
final class Charts {
    private static final Map<String, Color> COLORS = Map.of("direct", new Color(0x4d4d4d),
            "direct-kept", new Color(0x999999), "shardline", new Color(0x1f77b4), "shardline-kept", new Color(0x6baed6),
            "shardingsphere", new Color(0xd62728));

    private Charts() {
    }

    /**
     * Draws every chart again from the points written beside it ({@code <name>.csv}: title, axis labels and scales on
     * the first line, then {@code target,x,y}), e.g. after a change of style: {@code Charts docs/bench}.
     */
    public static void main(String[] args) throws IOException {
        try (var files = Files.list(Path.of(args[0]))) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                List<String> lines = Files.readAllLines(csv);
                String[] head = lines.get(0).split("\t");
                Map<String, TreeMap<Double, Double>> data = new LinkedHashMap<>();
                for (String line : lines.subList(1, lines.size())) {
                    String[] p = line.split(",");
                    data.computeIfAbsent(p[0], k -> new TreeMap<>()).put(Double.parseDouble(p[1]), Double.parseDouble(p[2]));
                }
                String png = csv.getFileName().toString().replace(".csv", ".png");
                write(csv.resolveSibling(png), head[0], head[1], head[2], data, head[3].equals("log"), head[4].equals("log"));
            }
        }
    }

    /** Writes {@code lines} as the CSV {@link #main} draws from. */
    static void writePoints(Path file, String title, String xLabel, String yLabel, Map<String, TreeMap<Double, Double>> lines,
                            boolean logX, boolean logY) throws IOException {
        StringBuilder b = new StringBuilder(String.join("\t", title, xLabel, yLabel, logX ? "log" : "linear",
                logY ? "log" : "linear")).append('\n');
        lines.forEach((target, points) -> points.forEach((x, y) -> b.append(target).append(',').append(x).append(',')
                .append(y).append('\n')));
        Files.createDirectories(file.getParent());
        Files.writeString(file, b.toString());
    }

    /**
     * One chart: {@code lines} maps a target to its points (x to y); {@code logX}/{@code logY} draw that axis on a
     * log scale (shard counts, thread counts and latencies span orders of magnitude).
     */
    static void write(Path file, String title, String xLabel, String yLabel, Map<String, TreeMap<Double, Double>> lines,
                      boolean logX, boolean logY) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (var line : lines.entrySet()) {
            XYSeries series = new XYSeries(line.getKey());
            line.getValue().forEach(series::add);
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (logX) {
            LogAxis x = new LogAxis(xLabel);
            x.setBase(2);
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            x.setNumberFormatOverride(new DecimalFormat("#,##0"));
            plot.setDomainAxis(x);
        }
        if (logY) {
            LogAxis y = new LogAxis(yLabel);
            y.setBase(10);
            y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
            plot.setRangeAxis(y);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new DecimalFormat("#,##0"));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS.getOrDefault((String) data.getSeriesKey(i), Color.MAGENTA));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        Files.createDirectories(file.getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 640, 400);
    }
}
