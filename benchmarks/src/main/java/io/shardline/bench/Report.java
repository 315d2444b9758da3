package io.shardline.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** The run as a Markdown table: µs/op per target, Shardline's ratios to direct JDBC and to ShardingSphere-JDBC. */
final class Report {
    private static final List<String> WORKLOADS = List.of("pointSelect", "singleInsert", "inThreeKeys",
            "orderByLimit10", "groupByAggregates", "deepPage", "batchInsert10k", "transaction3");
    private static final List<String> SCATTER = List.of("inThreeKeys", "orderByLimit10", "groupByAggregates",
            "deepPage");

    private final Map<String, Result<?>> scores = new LinkedHashMap<>();
    private final Map<String, Result<?>> hotPath = new LinkedHashMap<>();
    private final List<String> engines;
    private final boolean quick;
    private boolean complete = true;

    Report(Collection<RunResult> results, List<String> engines, boolean quick) {
        this.engines = engines;
        this.quick = quick;
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            if (r.getParams().getBenchmark().contains(HotPathBench.class.getSimpleName())) {
                hotPath.put(method, r.getPrimaryResult());
            } else {
                scores.put(key(method, r.getParams().getParam("engine"), r.getParams().getParam("target")),
                        r.getPrimaryResult());
            }
        }
    }

    boolean complete() {
        return complete;
    }

    String markdown() {
        StringBuilder t = new StringBuilder();
        if (quick) {
            t.append("_Quick smoke run: short warm-ups, numbers not comparable with a full run._\n\n");
        }
        t.append("| Workload | Engine | direct µs/op | Shardline µs/op | ShardingSphere µs/op | Shardline ÷ direct"
                + " | ShardingSphere ÷ Shardline | Bar |\n|---|---|---:|---:|---:|---:|---:|---|\n");
        for (String engine : engines) {
            for (String w : WORKLOADS) {
                Result<?> direct = scores.get(key(w, engine, "direct"));
                Result<?> sl = scores.get(key(w, engine, "shardline"));
                Result<?> ss = scores.get(key(w, engine, "shardingsphere"));
                if (direct == null && sl == null && ss == null) {
                    continue;
                }
                complete &= direct != null && sl != null && ss != null;
                double vsDirect = direct != null && sl != null ? sl.getScore() / direct.getScore() : Double.NaN;
                double vsSs = ss != null && sl != null ? ss.getScore() / sl.getScore() : Double.NaN;
                t.append("| ").append(w).append(" | ").append(engine).append(" | ").append(cell(direct))
                        .append(" | ").append(cell(sl)).append(" | ").append(cell(ss)).append(" | ")
                        .append(ratio(vsDirect)).append(" | ").append(ratio(vsSs)).append(" | ")
                        .append(bar(w, engine, vsDirect, vsSs)).append(" |\n");
            }
        }
        if (!hotPath.isEmpty()) {
            t.append("\n| Hot path piece | ns/op |\n|---|---:|\n");
            hotPath.forEach((name, r) -> t.append("| ").append(name).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f ± %.1f", r.getScore(), r.getScoreError())).append(" |\n"));
        }
        return t.toString();
    }

    /** The bar for Shardline on this workload, and whether this run met it. */
    private static String bar(String workload, String engine, double vsDirect, double vsSs) {
        if (Double.isNaN(vsDirect)) {
            return "FAILED";
        }
        if (engine.equals("mariadb")) {
            return workload.equals("pointSelect") ? verdict("≤ 1.05× direct", vsDirect <= 1.05) : "";
        }
        if (workload.equals("pointSelect") || workload.equals("singleInsert")) {
            return verdict("≤ 1.15× direct", vsDirect <= 1.15);
        }
        if (SCATTER.contains(workload)) {
            return verdict("≤ 1.5× direct, ≥ 3× faster than ShardingSphere", vsDirect <= 1.5 && vsSs >= 3);
        }
        if (workload.equals("batchInsert10k")) {
            return verdict("≥ 0.8× direct's throughput", 1 / vsDirect >= 0.8);
        }
        return "";
    }

    private static String verdict(String bar, boolean met) {
        return bar + (met ? ": met" : ": **missed**");
    }

    private static String cell(Result<?> r) {
        if (r == null) {
            return "FAILED";
        }
        return String.format(Locale.ROOT, r.getScore() >= 100 ? "%.0f ± %.0f" : "%.1f ± %.1f", r.getScore(),
                r.getScoreError());
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String key(String workload, String engine, String target) {
        return workload + "/" + engine + "/" + target;
    }
}
