package io.shardline.bench;

import static io.shardline.bench.Samples.median;
import static io.shardline.bench.Samples.min;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two builds of Shardline in one JVM, direct JDBC and Shardline of each (kept unless named), their rounds
 * interleaved (the order rotating each round), the calling thread's CPU time per operation. {@link CpuCost}
 * compares targets of one build; comparing builds by alternating runs of it on a machine whose load moves by half
 * within minutes left differences of 2-3% under the noise. Here both builds meet the same moments of load, and
 * direct, the same code in both, shows what is noise (its new ÷ base ratio). Each build gets its own class loader
 * that loads {@code io.shardline.*} from its own jars first (the benchmark's classes included, so each target is
 * that build's); everything else, H2 and its in-memory databases included, is shared.
 * Usage: {@code AbCost <base dir> <new dir> <workload,...> [ops per round] [rounds] [direct target,shardline target]},
 * each dir holding a build's {@code shardline-router-*.jar} and {@code shardline-driver-*.jar}; the targets are
 * {@code direct-kept,shardline-kept} unless named ({@code direct,shardline} compares a pooled application's cost,
 * a logical connection borrowed per operation); {@code -Dlayout=4096x64} picks a layout other than
 * {@link Layout#DEFAULT}.
 */
public final class AbCost {
    private AbCost() {
    }

    public static void main(String[] args) throws Exception {
        String[] pair = (args.length > 5 ? args[5] : "direct-kept,shardline-kept").split(",");
        if (pair.length != 2) {
            throw new IllegalArgumentException("name two targets, direct's then Shardline's: " + args[5]);
        }
        Object[] base = probe(new File(args[0]), pair);
        Object[] next = probe(new File(args[1]), pair);
        int ops = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] names = {"base direct", "base shardline", "new direct", "new shardline"};
        Object[][] build = {base, base, next, next};
        String[] target = {pair[0], pair[1], pair[0], pair[1]};
        for (String workload : args[2].split(",")) {
            List<double[]> rows = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] row = new double[4];
                for (int i = 0; i < 4; i++) {
                    int k = (i + round) % 4;
                    long cpu = threads.getCurrentThreadCpuTime();
                    ((Method) build[k][1]).invoke(build[k][0], target[k], workload, ops, round);
                    row[k] = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / ops;
                }
                if (round >= rounds / 4) { // the first quarter warms up
                    rows.add(row);
                }
            }
            StringBuilder out = new StringBuilder(String.format("%-18s", workload));
            for (int k = 0; k < 4; k++) {
                int column = k;
                out.append(String.format("  %s %.2f µs/op (min %.2f)", names[k], median(rows, r -> r[column]),
                        min(rows, column)));
            }
            out.append(String.format("%n  new ÷ base: shardline %.3f, direct %.3f (noise);  shardline ÷ direct: base %.3f,"
                            + " new %.3f;  new − base, shardline: %.2f µs/op (medians of per-round values)",
                    median(rows, r -> r[3] / r[1]), median(rows, r -> r[2] / r[0]), median(rows, r -> r[1] / r[0]),
                    median(rows, r -> r[3] / r[2]), median(rows, r -> r[3] - r[1])));
            System.out.println(out);
        }
        System.exit(0); // the builds' pools and threads are not worth closing one by one
    }

    /** A build's {@link Probe} in a class loader of its own, and its {@code round} method. */
    private static Object[] probe(File dir, String[] pair) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(AbCost.class.getProtectionDomain().getCodeSource().getLocation());
        File[] jars = dir.listFiles((d, n) -> n.startsWith("shardline-") && n.endsWith(".jar") && !n.contains("tests"));
        if (jars == null || jars.length < 2) {
            throw new IllegalArgumentException(dir + " must hold shardline-router and shardline-driver jars");
        }
        for (File jar : jars) {
            urls.add(jar.toURI().toURL());
        }
        ClassLoader loader = new OwnFirst(urls.toArray(new URL[0]), AbCost.class.getClassLoader());
        Class<?> probe = loader.loadClass(Probe.class.getName());
        Object instance = probe.getConstructor(String[].class).newInstance((Object) pair);
        return new Object[] {instance, probe.getMethod("round", String.class, String.class, int.class, int.class)};
    }

    /** Direct and Shardline of one build (kept unless named otherwise), driven a round at a time. */
    public static final class Probe {
        private final Engine engine = Engine.of("h2");
        private final java.util.Map<String, Target> targets;
        private final Sink sink = Sink.folding();

        public Probe(String[] pair) throws Exception {
            Layout.use(System.getProperty("layout", Layout.DEFAULT)); // each build's loader has its own Layout
            engine.prepare();
            targets = Targets.openChecked(List.of(pair), engine);
        }

        public void round(String target, String workload, int ops, int seed) throws Exception {
            Target t = targets.get(target);
            engine.resetWrites();
            SplittableRandom random = new SplittableRandom(seed);
            long[] ids = {1, 1};
            for (int i = 0; i < ops; i++) {
                CpuCost.one(workload, t, random, ids, sink);
            }
        }
    }

    /** Loads Shardline's classes (and the benchmark's) from its own URLs before asking its parent. */
    private static final class OwnFirst extends URLClassLoader {
        OwnFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.shardline.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notMine) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
