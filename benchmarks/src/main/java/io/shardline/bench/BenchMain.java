package io.shardline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every workload on every target and engine, then the hot-path micro-benchmarks, and prints one table of
 * ratios measured in this run. {@code --quick} is a smoke run (numbers not worth keeping); {@code --engine h2|mariadb}
 * and {@code --only <workload regex>} narrow it.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean hotPath = true;
        List<String> engines = new ArrayList<>(List.of("h2", "mariadb"));
        String only = ".*";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--engine" -> engines = List.of(args[++i]);
                case "--only" -> {
                    only = args[++i];
                    hotPath = false;
                }
                case "--no-hot-path" -> hotPath = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --quick, --engine h2|mariadb, --only <workload regex>, --no-hot-path");
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (String engine : engines) {
            // H2 needs >= 20 s of warm-up per fork before it settles (docs/design.md); MariaDB's round trip dominates
            int warmups = quick ? 1 : engine.equals("h2") ? 4 : 2;
            ChainedOptionsBuilder o = new OptionsBuilder()
                    .include(WorkloadBench.class.getName() + "\\.(" + only + ")$")
                    .param("engine", engine)
                    .warmupIterations(warmups).warmupTime(TimeValue.seconds(quick ? 1 : 5))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2));
            results.addAll(run(o));
        }
        if (hotPath) {
            results.addAll(run(new OptionsBuilder().include(HotPathBench.class.getName())
                    .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))));
        }
        Report report = new Report(results, engines, quick);
        String table = report.markdown();
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "bench", "results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out.toAbsolutePath());
        if (!report.complete()) {
            System.err.println("some benchmarks failed (a wrong answer or an error): see the JMH output above");
            System.exit(1);
        }
    }

    private static Collection<RunResult> run(ChainedOptionsBuilder o) throws Exception {
        return new Runner(o.forks(1).shouldFailOnError(false)
                .jvmArgsAppend("-Xms3g", "-Xmx3g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").build()).run();
    }
}
