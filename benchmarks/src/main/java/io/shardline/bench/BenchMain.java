package io.shardline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints one report of ratios measured in this run: every workload on every target and
 * engine (with pooled and kept connections), the read workloads on larger layouts (scale), throughput by threads, the
 * large estate's start-up facts, then the hot-path micro-benchmarks. {@code --quick} is a smoke run (numbers not
 * worth keeping); {@code --short} keeps two warm-ups and three measurements per trial (wider errors, a third of the
 * time); {@code --parts}, {@code --engine}, {@code --only} and {@code --targets} narrow it.
 */
public final class BenchMain {
    private static final Set<String> PARTS = Set.of("workloads", "scale", "threads", "facts", "hotpath", "shapes");
    /** The layouts of the scale part per engine: H2 servers are cheap; MariaDB is one local server. */
    private static final List<String> H2_LAYOUTS = List.of("16x4", "256x16", "4096x64");
    private static final List<String> MARIADB_LAYOUTS = List.of("16x4", "256x16");
    private static final int[] THREADS = {1, 8, 32, 128};

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean shorter = false;
        List<String> engines = new ArrayList<>(List.of("h2", "mariadb"));
        List<String> parts = new ArrayList<>(PARTS);
        String only = ".*";
        String[] targets = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--short" -> shorter = true;
                case "--engine" -> engines = List.of(args[++i]);
                case "--only" -> {
                    only = args[++i];
                    parts.remove("hotpath");
                }
                case "--no-hot-path" -> parts.remove("hotpath");
                case "--targets" -> targets = args[++i].split(",");
                case "--parts" -> {
                    parts = new ArrayList<>(List.of(args[++i].split(",")));
                    if (!PARTS.containsAll(parts)) {
                        throw new IllegalArgumentException("--parts takes a comma list of " + PARTS);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --quick, --short,"
                        + " --engine h2|mariadb, --parts " + String.join(",", PARTS) + ", --only <workload regex>,"
                        + " --targets a,b, --no-hot-path");
            }
        }
        String facts = parts.contains("facts") && engines.contains("h2") ? ScaleFacts.measure() : null;
        List<RunResult> results = new ArrayList<>();
        for (String engine : engines) {
            // H2 needs >= 20 s of warm-up per fork before it settles (docs/design.md); MariaDB's round trip dominates
            int warmups = quick ? 1 : shorter ? 2 : engine.equals("h2") ? 4 : 2;
            if (parts.contains("workloads")) {
                ChainedOptionsBuilder o = timing(new OptionsBuilder(), quick, warmups, shorter ? 3 : 5)
                        .include(WorkloadBench.class.getName() + "\\.(" + only + ")$")
                        .param("engine", engine);
                if (targets != null) {
                    o.param("target", targets);
                }
                results.addAll(run(o));
            }
            if (parts.contains("scale")) {
                List<String> layouts = new ArrayList<>(engine.equals("h2") ? H2_LAYOUTS : MARIADB_LAYOUTS);
                if (parts.contains("workloads")) {
                    layouts.remove(Layout.DEFAULT); // measured already
                }
                ChainedOptionsBuilder o = timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                        .include(WorkloadBench.class.getName() + "\\.(" + String.join("|", Report.SCALE_WORKLOADS)
                                + ")$")
                        .param("engine", engine)
                        .param("layout", layouts.toArray(String[]::new))
                        .param("target", targets != null ? targets : Report.SCALE_TARGETS.toArray(String[]::new));
                results.addAll(run(o));
            }
            if (parts.contains("threads")) {
                for (int threads : THREADS) {
                    ChainedOptionsBuilder o = timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                            .include(ThreadsBench.class.getName() + "\\.(" + only + ")$")
                            .param("engine", engine)
                            .threads(threads);
                    if (targets != null) {
                        o.param("target", targets);
                    }
                    results.addAll(run(o));
                }
            }
            String[] shapeTargets = ShapesTargets.asked(targets);
            if (parts.contains("shapes") && shapeTargets.length > 0) {
                results.addAll(run(timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                        .include(ShapesBench.class.getName() + "\\.(" + only + ")$")
                        .param("engine", engine).param("target", shapeTargets)));
            }
        }
        if (parts.contains("hotpath")) {
            results.addAll(run(new OptionsBuilder().include(HotPathBench.class.getName())
                    .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))));
        }
        Report report = new Report(results, engines, quick, targets);
        ShapesReport shapes = new ShapesReport(results, engines, ShapesTargets.asked(targets), only);
        String table = report.markdown(facts) + (parts.contains("shapes") ? shapes.markdown() : "");
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out.toAbsolutePath());
        if (!report.complete() || !shapes.complete()) {
            System.err.println("some benchmarks failed (a wrong answer or an error): see the JMH output above");
            System.exit(1);
        }
    }

    private static ChainedOptionsBuilder timing(ChainedOptionsBuilder o, boolean quick, int warmups, int measurements) {
        return o.warmupIterations(warmups).warmupTime(TimeValue.seconds(quick ? 1 : 5))
                .measurementIterations(quick ? 2 : measurements).measurementTime(TimeValue.seconds(quick ? 1 : 2));
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder o) throws Exception {
        return new Runner(o.forks(1).shouldFailOnError(false)
                .jvmArgsAppend("-Xms3g", "-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").build()).run();
    }
}
