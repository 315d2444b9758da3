package io.shardline.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * JMH's usual console output, plus the wall time of every trial (fork start, set-up and answer checks, iterations,
 * tear-down): where a run's minutes go. A trial ends when the next one starts or the JMH run ends. One per run, on
 * BenchMain's thread.
 */
final class TrialClock implements OutputFormat {
    /** One trial: its benchmark class, method and parameters, and the seconds it took. */
    record Trial(String bench, String label, double seconds) {
    }

    private final OutputFormat out = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.NORMAL);
    private final List<Trial> trials = new ArrayList<>();
    private String bench;
    private String label;
    private long started;

    List<Trial> trials() {
        return trials;
    }

    /** Seconds per benchmark class and engine, the slowest first. */
    String summary() {
        Map<String, double[]> byPart = new LinkedHashMap<>();
        for (Trial t : trials) {
            double[] sum = byPart.computeIfAbsent(t.bench, k -> new double[2]);
            sum[0] += t.seconds;
            sum[1]++;
        }
        StringBuilder b = new StringBuilder("Wall time by part (trials: seconds):\n");
        byPart.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
                .forEach(e -> b.append(String.format(Locale.ROOT, "  %-24s %4d trials %7.1f s%n", e.getKey(),
                        (int) e.getValue()[1], e.getValue()[0])));
        b.append("Slowest trials:\n");
        trials.stream().sorted((x, y) -> Double.compare(y.seconds, x.seconds)).limit(10)
                .forEach(t -> b.append(String.format(Locale.ROOT, "  %6.1f s  %s%n", t.seconds, t.label)));
        return b.toString();
    }

    private void close(long now) {
        if (label != null) {
            trials.add(new Trial(bench, label, (now - started) / 1e9));
            label = null;
        }
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        long now = System.nanoTime();
        close(now);
        String b = params.getBenchmark();
        String method = b.substring(b.lastIndexOf('.') + 1);
        String type = b.substring(0, b.lastIndexOf('.'));
        String engine = params.getParam("engine");
        bench = type.substring(type.lastIndexOf('.') + 1) + (engine == null ? "" : " " + engine);
        StringBuilder l = new StringBuilder(bench).append('.').append(method);
        for (String key : params.getParamsKeys()) {
            if (!key.equals("engine")) {
                l.append(' ').append(params.getParam(key));
            }
        }
        label = l.append(params.getThreads() > 1 ? " " + params.getThreads() + " threads" : "").toString();
        started = now;
        out.startBenchmark(params);
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        close(System.nanoTime());
        out.endRun(result);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        out.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        out.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        out.endBenchmark(result);
    }

    @Override
    public void startRun() {
        out.startRun();
    }

    @Override
    public void print(String s) {
        out.print(s);
    }

    @Override
    public void println(String s) {
        out.println(s);
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Only flushes: the stream is System.out, which BenchMain writes its report to after each JMH run. */
    @Override
    public void close() {
        out.flush();
    }

    @Override
    public void verbosePrintln(String s) {
        out.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        out.write(b);
    }
}
