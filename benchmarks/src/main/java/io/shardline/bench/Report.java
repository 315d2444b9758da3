package io.shardline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The run as Markdown tables (µs/op per target and Shardline's ratios; scale in shards; throughput in threads) and
 * as charts. Ratios compare targets measured in the same run.
 */
final class Report {
    private static final List<String> WORKLOADS = List.of("pointSelect", "singleInsert", "inThreeKeys",
            "orderByLimit10", "groupByAggregates", "deepPage", "batchInsert10k", "transaction3");
    private static final List<String> SINGLE_SHARD = List.of("pointSelect", "singleInsert", "transaction3");
    private static final List<String> SCATTER = List.of("inThreeKeys", "orderByLimit10", "groupByAggregates",
            "deepPage");
    static final List<String> SCALE_WORKLOADS = List.of("pointSelect", "inThreeKeys", "orderByLimit10",
            "groupByAggregates");
    static final List<String> SCALE_TARGETS = List.of("direct", "shardline", "shardingsphere");
    private static final List<String> THREAD_WORKLOADS = List.of("pointSelect", "mixedReadWrite");
    /** A quick run's bar column: its numbers can neither meet nor miss a bar. */
    private static final String NOT_JUDGED = "quick run: not judged";

    /** workload/engine/target/layout → score (µs/op); for throughput runs workload/engine/target/threads → ops/s. */
    private final Map<String, Result<?>> scores = new LinkedHashMap<>();
    private final Map<String, Result<?>> throughput = new LinkedHashMap<>();
    private final Map<String, Result<?>> hotPath = new LinkedHashMap<>();
    private final List<String> engines;
    private final boolean quick;
    private boolean complete = true;

    /** The targets this run was asked for (null: every target), so one it did not run is not counted as failed. */
    private final java.util.Set<String> asked;

    Report(Collection<RunResult> results, List<String> engines, boolean quick, String[] targets) {
        this.asked = targets == null ? null : java.util.Set.of(targets);
        this.engines = engines;
        this.quick = quick;
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            if (benchmark.contains(ShapesBench.class.getSimpleName())) {
                continue; // ShapesReport's
            }
            if (benchmark.contains(HotPathBench.class.getSimpleName())) {
                hotPath.put(method, r.getPrimaryResult());
            } else if (benchmark.contains(ThreadsBench.class.getSimpleName())) {
                throughput.put(key(method, r.getParams().getParam("engine"), r.getParams().getParam("target"),
                        String.valueOf(r.getParams().getThreads())), r.getPrimaryResult());
            } else {
                scores.put(key(method, r.getParams().getParam("engine"), r.getParams().getParam("target"),
                        r.getParams().getParam("layout")), r.getPrimaryResult());
            }
        }
    }

    boolean complete() {
        return complete;
    }

    String markdown(String facts) {
        StringBuilder t = new StringBuilder();
        if (quick) {
            t.append("_").append(BenchMain.QUICK_NOTE).append("_\n\n");
        }
        workloads(t);
        kept(t);
        scale(t);
        threads(t);
        if (facts != null) {
            t.append("\n| Largest layout | new data source to first answer | heap kept by the runtime"
                    + " | connections after one statement on every server |\n|---|---:|---:|---|\n").append(facts);
        }
        if (!hotPath.isEmpty()) {
            t.append("\n| Hot path piece | ns/op |\n|---|---:|\n");
            hotPath.forEach((name, r) -> t.append("| ").append(name).append(" | ")
                    .append(Double.isNaN(r.getScoreError()) ? String.format(Locale.ROOT, "%.1f", r.getScore())
                            : String.format(Locale.ROOT, "%.1f ± %.1f", r.getScore(), r.getScoreError())).append(" |\n"));
        }
        return t.toString();
    }

    private void workloads(StringBuilder t) {
        boolean header = false;
        for (String engine : engines) {
            for (String w : WORKLOADS) {
                Result<?> direct = scores.get(key(w, engine, "direct", Layout.DEFAULT));
                Result<?> sl = scores.get(key(w, engine, "shardline", Layout.DEFAULT));
                Result<?> ss = scores.get(key(w, engine, "shardingsphere", Layout.DEFAULT));
                if (direct == null && sl == null && ss == null) {
                    continue;
                }
                if (!header) {
                    t.append("| Workload | Engine | direct µs/op | Shardline µs/op | ShardingSphere µs/op"
                            + " | Shardline ÷ direct | ShardingSphere ÷ Shardline |\n|---|---|---:|---:|---:|---:|---:|\n");
                    header = true;
                }
                complete &= ran(direct, "direct") && ran(sl, "shardline") && ran(ss, "shardingsphere");
                t.append("| ").append(w).append(" | ").append(engine).append(" | ").append(cell(direct, "direct"))
                        .append(" | ").append(cell(sl, "shardline")).append(" | ").append(cell(ss, "shardingsphere"))
                        .append(" | ")
                        .append(ratio(ratio(sl, direct))).append(" | ").append(ratio(ratio(ss, sl))).append(" |\n");
            }
        }
    }

    /** The same workloads when the application keeps its connection and prepared statements: the true floor. */
    private void kept(StringBuilder t) {
        boolean header = false;
        for (String engine : engines) {
            for (String w : WORKLOADS) {
                Result<?> direct = scores.get(key(w, engine, "direct-kept", Layout.DEFAULT));
                Result<?> sl = scores.get(key(w, engine, "shardline-kept", Layout.DEFAULT));
                if (direct == null && sl == null) {
                    continue;
                }
                if (!header) {
                    t.append("\n| Workload, connection kept | Engine | direct µs/op | Shardline µs/op"
                            + " | Shardline ÷ direct | Bar |\n|---|---|---:|---:|---:|---|\n");
                    header = true;
                }
                complete &= ran(direct, "direct-kept") && ran(sl, "shardline-kept");
                double r = ratio(sl, direct);
                t.append("| ").append(w).append(" | ").append(engine).append(" | ").append(cell(direct)).append(" | ")
                        .append(cell(sl)).append(" | ").append(ratio(r)).append(" | ")
                        .append(quick && !Double.isNaN(r) ? NOT_JUDGED : bar(w, engine, r))
                        .append(" |\n");
            }
        }
    }

    /** The bar against the kept floor, and whether this run met it. */
    private static String bar(String workload, String engine, double vsDirect) {
        if (Double.isNaN(vsDirect)) {
            return "FAILED";
        }
        if (SINGLE_SHARD.contains(workload)) {
            double limit = engine.equals("mariadb") ? 1.05 : 1.15;
            return verdict("≤ " + limit + "×", vsDirect <= limit);
        }
        if (engine.equals("h2") && SCATTER.contains(workload)) {
            return verdict("≤ 1.5×", vsDirect <= 1.5);
        }
        return "";
    }

    private void scale(StringBuilder t) {
        boolean header = false;
        for (String engine : engines) {
            for (String w : SCALE_WORKLOADS) {
                Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
                for (String layout : layouts(w, engine)) {
                    Result<?> direct = scores.get(key(w, engine, "direct", layout));
                    Result<?> sl = scores.get(key(w, engine, "shardline", layout));
                    Result<?> ss = scores.get(key(w, engine, "shardingsphere", layout));
                    if (!header) {
                        t.append("\n| Scale: workload | Engine | tables × databases | direct µs/op | Shardline µs/op"
                                + " | ShardingSphere µs/op | Shardline ÷ direct | Shardline − direct per table reached"
                                + " |\n|---|---|---|---:|---:|---:|---:|---:|\n");
                        header = true;
                    }
                    int tables = Integer.parseInt(layout.split("x")[0]);
                    int reached = w.equals("pointSelect") ? 1 : w.equals("inThreeKeys") ? 3 : tables;
                    String perTable = direct == null || sl == null ? "–" : String.format(Locale.ROOT, "%.2f µs",
                            (sl.getScore() - direct.getScore()) / reached);
                    t.append("| ").append(w).append(" | ").append(engine).append(" | ").append(layout.replace("x", " × "))
                            .append(" | ").append(cell(direct)).append(" | ").append(cell(sl)).append(" | ")
                            .append(cell(ss)).append(" | ").append(ratio(ratio(sl, direct))).append(" | ")
                            .append(perTable).append(" |\n");
                    for (String target : SCALE_TARGETS) {
                        Result<?> r = scores.get(key(w, engine, target, layout));
                        if (r != null) {
                            lines.computeIfAbsent(target, k -> new TreeMap<>()).put((double) tables, r.getScore());
                        }
                    }
                }
                chart("scale-" + engine + "-" + w + ".png", w + " on " + engine + ": µs per operation by physical tables",
                        "physical tables", "µs/op", lines, true, true);
            }
        }
    }

    private List<String> layouts(String workload, String engine) {
        TreeMap<Integer, String> byTables = new TreeMap<>();
        for (String k : scores.keySet()) {
            String[] p = k.split("/");
            if (p[0].equals(workload) && p[1].equals(engine) && SCALE_TARGETS.contains(p[2])) {
                byTables.put(Integer.parseInt(p[3].split("x")[0]), p[3]);
            }
        }
        return byTables.size() > 1 ? List.copyOf(byTables.values()) : List.of();
    }

    private void threads(StringBuilder t) {
        boolean header = false;
        for (String engine : engines) {
            for (String w : THREAD_WORKLOADS) {
                Map<String, TreeMap<Double, Double>> lines = new LinkedHashMap<>();
                TreeMap<Integer, Boolean> counts = new TreeMap<>();
                for (String k : throughput.keySet()) {
                    String[] p = k.split("/");
                    if (p[0].equals(w) && p[1].equals(engine)) {
                        counts.put(Integer.parseInt(p[3]), true);
                    }
                }
                for (int n : counts.keySet()) {
                    Result<?> direct = throughput.get(key(w, engine, "direct", String.valueOf(n)));
                    Result<?> sl = throughput.get(key(w, engine, "shardline", String.valueOf(n)));
                    Result<?> ss = throughput.get(key(w, engine, "shardingsphere", String.valueOf(n)));
                    if (!header) {
                        t.append("\n| Threads: workload | Engine | threads | direct ops/s | Shardline ops/s"
                                + " | ShardingSphere ops/s | Shardline ÷ direct | Bar |\n|---|---|---:|---:|---:|---:|---:|---|\n");
                        header = true;
                    }
                    complete &= ran(direct, "direct") && ran(sl, "shardline") && ran(ss, "shardingsphere");
                    double r = ratio(sl, direct);
                    t.append("| ").append(w).append(" | ").append(engine).append(" | ").append(n).append(" | ")
                            .append(cell(direct, "direct")).append(" | ").append(cell(sl, "shardline")).append(" | ")
                            .append(cell(ss, "shardingsphere"))
                            .append(" | ").append(ratio(r)).append(" | ")
                            .append(Double.isNaN(r) ? (notAsked("direct") || notAsked("shardline") ? "–" : "FAILED")
                                    : quick ? NOT_JUDGED : verdict("≥ 0.9× direct", r >= 0.9))
                            .append(" |\n");
                    for (String target : SCALE_TARGETS) {
                        Result<?> res = throughput.get(key(w, engine, target, String.valueOf(n)));
                        if (res != null) {
                            lines.computeIfAbsent(target, k -> new TreeMap<>()).put((double) n, res.getScore());
                        }
                    }
                }
                if (!counts.isEmpty()) {
                    chart("threads-" + engine + "-" + w + ".png", w + " on " + engine + ": operations per second by"
                            + " threads", "threads", "ops/s", lines, true, false);
                }
            }
        }
    }

    private void chart(String name, String title, String x, String y, Map<String, TreeMap<Double, Double>> lines,
                       boolean logX, boolean logY) {
        if (lines.isEmpty()) {
            return;
        }
        try { // a quick run's charts are not worth keeping: they stay under target/
            Path dir = quick ? Path.of("target", "bench", "charts") : Path.of("..", "docs", "bench");
            Charts.write(dir.resolve(name), title, x, y, lines, logX, logY);
            Charts.writePoints(dir.resolve(name.replace(".png", ".csv")), title, x, y, lines, logX, logY);
        } catch (IOException | RuntimeException e) {
            System.err.println("chart " + name + " not written: " + e);
        }
    }

    private static double ratio(Result<?> a, Result<?> b) {
        return a != null && b != null ? a.getScore() / b.getScore() : Double.NaN;
    }

    private static String verdict(String bar, boolean met) {
        return bar + (met ? ": met" : ": **missed**");
    }

    /** Whether {@code r} is there, or was not asked for. */
    private boolean ran(Result<?> r, String target) {
        return r != null || notAsked(target);
    }

    private boolean notAsked(String target) {
        return asked != null && !asked.contains(target);
    }

    /** A result's cell: "–" for a target this run was not asked to measure, FAILED for one that did not finish. */
    private String cell(Result<?> r, String target) {
        return r == null && notAsked(target) ? "–" : cell(r);
    }

    private static String cell(Result<?> r) {
        return r == null ? "FAILED" : score(r);
    }

    /** A score ± its 99.9% error; a quick run's single measurement has no error, so only the score. */
    static String score(Result<?> r) {
        boolean wide = r.getScore() >= 100;
        if (Double.isNaN(r.getScoreError())) {
            return String.format(Locale.ROOT, wide ? "%.0f" : "%.1f", r.getScore());
        }
        return String.format(Locale.ROOT, wide ? "%.0f ± %.0f" : "%.1f ± %.1f", r.getScore(), r.getScoreError());
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String key(String workload, String engine, String target, String layout) {
        return workload + "/" + engine + "/" + target + "/" + layout;
    }
}
