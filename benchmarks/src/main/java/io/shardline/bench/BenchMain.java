package io.shardline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints one report of ratios measured in this run: every workload on every target and
 * engine (with pooled and kept connections), the read workloads on larger layouts (scale), throughput by threads, the
 * large estate's start-up facts, then the hot-path micro-benchmarks. {@code --quick} is a smoke run, every trial in
 * this JVM (numbers not worth keeping); {@code --short} keeps two warm-ups and three measurements per trial (wider
 * errors, a third of the time); {@code --parts}, {@code --engine}, {@code --only} and {@code --targets} narrow it.
 */
public final class BenchMain {
    private static final Set<String> PARTS = Set.of("workloads", "scale", "threads", "facts", "hotpath", "shapes");
    /** The layouts of the scale part per engine: H2 servers are cheap; MariaDB is one local server. */
    private static final List<String> H2_LAYOUTS = List.of("16x4", "256x16", "4096x64");
    private static final List<String> MARIADB_LAYOUTS = List.of("16x4", "256x16");
    private static final int[] THREADS = {1, 8, 32, 128};
    /** Every JMH run's console output, and each trial's wall time for the summary at the end. */
    private static final TrialClock CLOCK = new TrialClock();
    private static final TimeValue QUICK_ITERATION = TimeValue.milliseconds(200);
    static final String QUICK_NOTE = "A quick run is a smoke run: every trial in one JVM, one 0.2-second warm-up and"
            + " one 0.2-second measurement; its numbers are not worth keeping (charts in"
            + " benchmarks/target/bench/charts/, docs/bench/ left as it was).";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        // as in the forks: a quick run's trials, and the facts, run in this JVM, and HikariCP's INFO lines drown JMH's
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
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
        if (quick) {
            System.out.println(QUICK_NOTE);
            Targets.shareAcrossTrials();
        }
        String facts = parts.contains("facts") && engines.contains("h2") ? ScaleFacts.measure() : null;
        List<RunResult> results = new ArrayList<>();
        for (String engine : engines) {
            // H2 needs >= 20 s of warm-up per fork before it settles (docs/design.md); MariaDB's round trip dominates
            int warmups = quick ? 1 : shorter ? 2 : engine.equals("h2") ? 4 : 2;
            if (parts.contains("workloads")) {
                for (String[] some : oneAtATime(targetsOf(WorkloadBench.class, targets), quick)) {
                    results.addAll(run(timing(new OptionsBuilder(), quick, warmups, shorter ? 3 : 5)
                            .include(WorkloadBench.class.getName() + "\\.(" + only + ")$")
                            .param("engine", engine).param("target", some), quick));
                }
            }
            if (parts.contains("scale")) {
                List<String> layouts = new ArrayList<>(engine.equals("h2") ? H2_LAYOUTS : MARIADB_LAYOUTS);
                if (parts.contains("workloads")) {
                    layouts.remove(Layout.DEFAULT); // measured already
                }
                String[] scaleTargets = targets != null ? targets : Report.SCALE_TARGETS.toArray(String[]::new);
                for (String[] someLayouts : oneAtATime(layouts.toArray(String[]::new), quick)) {
                    for (String[] some : oneAtATime(scaleTargets, quick)) {
                        results.addAll(run(timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                                .include(WorkloadBench.class.getName() + "\\.("
                                        + String.join("|", Report.SCALE_WORKLOADS) + ")$")
                                .param("engine", engine).param("layout", someLayouts).param("target", some), quick));
                    }
                }
            }
            if (parts.contains("threads")) {
                // a quick run takes each target through every thread count before the next: see oneAtATime
                for (String[] some : oneAtATime(targetsOf(ThreadsBench.class, targets), quick)) {
                    for (int threads : THREADS) {
                        results.addAll(run(timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                                .include(ThreadsBench.class.getName() + "\\.(" + only + ")$")
                                .param("engine", engine).param("target", some).threads(threads), quick));
                    }
                }
            }
            String[] shapeTargets = ShapesTargets.asked(targets);
            if (parts.contains("shapes") && shapeTargets.length > 0) {
                results.addAll(run(timing(new OptionsBuilder(), quick, Math.min(warmups, 2), 3)
                        .include(ShapesBench.class.getName() + "\\.(" + only + ")$")
                        .param("engine", engine).param("target", shapeTargets), quick));
            }
        }
        if (parts.contains("hotpath")) {
            ChainedOptionsBuilder o = new OptionsBuilder().include(HotPathBench.class.getName());
            results.addAll(run(quick ? timing(o, true, 1, 1) : o.warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1)), quick));
        }
        Targets.stopSharing();
        Report report = new Report(results, engines, quick, targets);
        ShapesReport shapes = new ShapesReport(results, engines, ShapesTargets.asked(targets), only);
        String table = report.markdown(facts) + (parts.contains("shapes") ? shapes.markdown() : "");
        System.out.println();
        System.out.println(table);
        // a quick run's table goes beside, not over, the last full run's
        Path out = Path.of("target", "bench", quick ? "quick-results.md" : "results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out.toAbsolutePath());
        Path times = out.resolveSibling(quick ? "quick-trial-times.txt" : "trial-times.txt");
        StringBuilder each = new StringBuilder();
        CLOCK.trials().forEach(t -> each.append(String.format(java.util.Locale.ROOT, "%.1f\t%s%n", t.seconds(),
                t.label())));
        Files.writeString(times, each);
        System.out.println(CLOCK.summary() + "every trial's seconds written to " + times.toAbsolutePath());
        if (quick) {
            System.out.println(QUICK_NOTE);
        }
        if (!report.complete() || !shapes.complete()) {
            System.err.println("some benchmarks failed (a wrong answer or an error): see the JMH output above");
            System.exit(1);
        }
    }

    /** The targets asked for, or else those the benchmark's {@code target} parameter lists. */
    private static String[] targetsOf(Class<?> bench, String[] asked) throws NoSuchFieldException {
        return asked != null ? asked : bench.getField("target").getAnnotation(Param.class).value();
    }

    /**
     * A full run's values in one JMH run; a quick run's one value per JMH run, so the trials of one target (or
     * layout) follow one another and share what {@link Targets#checked} opened, one target open at a time.
     */
    private static List<String[]> oneAtATime(String[] values, boolean quick) {
        if (!quick) {
            return List.<String[]>of(values);
        }
        List<String[]> each = new ArrayList<>();
        for (String v : values) {
            each.add(new String[] {v});
        }
        return each;
    }

    /**
     * A full or short run's iterations; a quick run's one warm-up and one measurement of {@link #QUICK_ITERATION}
     * each, enough to run every benchmark method and its answer checks, not to measure it. A quick run does not
     * synchronize its threads' iterations: waiting for 128 threads queued on 10 pooled connections to start and stop
     * together made a 0.4-second trial take 44-54 s (direct and ShardingSphere on H2), against 1 s unsynchronized.
     */
    private static ChainedOptionsBuilder timing(ChainedOptionsBuilder o, boolean quick, int warmups, int measurements) {
        if (quick) {
            return o.warmupIterations(1).warmupTime(QUICK_ITERATION).measurementIterations(1)
                    .measurementTime(QUICK_ITERATION).syncIterations(false);
        }
        return o.warmupIterations(warmups).warmupTime(TimeValue.seconds(5))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(2));
    }

    /**
     * One JMH run: each trial in its own fork, or for a quick run every trial in this JVM (a fork per trial was most
     * of a quick run's time: JVM start, class loading, the estate loaded again), reusing its H2 estates and its
     * checked targets ({@link Targets#checked}).
     */
    private static Collection<RunResult> run(ChainedOptionsBuilder o, boolean quick) throws Exception {
        return new Runner(o.forks(quick ? 0 : 1).shouldFailOnError(false)
                .jvmArgsAppend("-Xms3g", "-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").build(), CLOCK)
                .run();
    }
}
