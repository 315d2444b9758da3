package io.shardline.bench;

import static io.shardline.bench.Samples.max;
import static io.shardline.bench.Samples.median;
import static io.shardline.bench.Samples.min;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput with several threads, targets interleaved round by round in one JVM, the same threads throughout (as
 * JMH's): on a machine shared with other work, a target measured minutes after another meets other load, and
 * alternating short rounds spreads that load over both. Beside ops/s it reports, per operation, the CPU time of the
 * whole process (spinning and retries show there), the bytes the workers allocated and the process's context
 * switches (a thread parked on a lock or a hand-off switches out). A check beside JMH's numbers, not a replacement.
 * Usage: {@code ThreadsCost <engine> <pointSelect|mixedReadWrite> <target,...> [threads] [seconds per round] [rounds]}.
 */
public final class ThreadsCost {
    private ThreadsCost() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.of(args[0]);
        String workload = args[1];
        List<String> names = List.of(args[2].split(","));
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 1;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 12;
        engine.prepare();
        Map<String, Target> targets = Targets.openChecked(names, engine);
        engine.resetWrites();
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Workers workers = new Workers(threads, workload);
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (var e : targets.entrySet()) {
                if (workload.equals("mixedReadWrite")) {
                    engine.resetWrites();
                }
                long ops = workers.ops.get();
                long bytes = workers.allocated(mx);
                long cpu = os.getProcessCpuTime();
                long switches = contextSwitches();
                long wall = System.nanoTime();
                workers.run(e.getValue(), (long) (seconds * 1e9));
                wall = System.nanoTime() - wall;
                ops = workers.ops.get() - ops;
                cpu = os.getProcessCpuTime() - cpu;
                switches = contextSwitches() - switches;
                bytes = workers.allocated(mx) - bytes;
                if (round >= rounds / 3) { // the first third warms up
                    samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {
                        ops * 1e9 / wall, cpu / 1000.0 / ops, (double) bytes / ops, (double) switches / ops * 1000});
                }
                System.out.printf("round %2d %-16s %9.0f ops/s  load %.1f%n", round, e.getKey(), ops * 1e9 / wall,
                        os.getSystemLoadAverage());
            }
        }
        workers.stop();
        double base = -1;
        for (var e : samples.entrySet()) {
            double rate = median(e.getValue(), 0);
            if (base < 0) {
                base = rate;
            }
            System.out.printf("%-15s %-16s %2d threads  %9.0f ops/s (min %.0f, max %.0f)  cpu %6.2f µs/op  %6.0f B/op"
                            + "  %6.2f switches/1000 ops  ÷ first %.2f%n", workload, e.getKey(), threads, rate,
                    min(e.getValue(), 0), max(e.getValue(), 0), median(e.getValue(), 1), median(e.getValue(), 2),
                    median(e.getValue(), 3), rate / base);
        }
        for (Target t : targets.values()) {
            t.close();
        }
    }

    /** The same threads for every round, each with its own keys, released together and stopped together. */
    private static final class Workers {
        final AtomicLong ops = new AtomicLong();
        private final Thread[] threads;
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private volatile Target target;
        private volatile long until;
        private volatile boolean stopped;
        private volatile Throwable failure;

        Workers(int n, String workload) {
            threads = new Thread[n];
            start = new CyclicBarrier(n + 1);
            end = new CyclicBarrier(n + 1);
            for (int i = 0; i < n; i++) {
                SplittableRandom random = new SplittableRandom(i * 7919L);
                threads[i] = new Thread(() -> loop(random, workload), "threads-cost-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void loop(SplittableRandom random, String workload) {
            Sink sink = Sink.folding();
            int op = 0;
            try {
                while (true) {
                    start.await();
                    if (stopped) {
                        return;
                    }
                    Target t = target;
                    long n = 0;
                    while (System.nanoTime() < until) {
                        long orderId = 1 + random.nextLong(Layout.ROWS);
                        if (workload.equals("mixedReadWrite") && ++op % 10 == 0) {
                            long id = NEXT_WRITE.getAndIncrement();
                            t.insert(id, Layout.userOf(id));
                        } else {
                            t.point(Layout.userOf(orderId), orderId, sink);
                        }
                        n++;
                    }
                    ops.addAndGet(n);
                    end.await();
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void run(Target t, long nanos) throws Exception {
            target = t;
            until = System.nanoTime() + nanos;
            start.await();
            end.await();
            if (failure != null) {
                throw new IllegalStateException("a worker failed", failure);
            }
        }

        long allocated(com.sun.management.ThreadMXBean mx) {
            long sum = 0;
            for (Thread t : threads) {
                sum += mx.getThreadAllocatedBytes(t.getId());
            }
            return sum;
        }

        void stop() throws Exception {
            stopped = true;
            start.await();
        }
    }

    private static final AtomicLong NEXT_WRITE = new AtomicLong(1);

    /** Voluntary and involuntary context switches of every thread of this process so far (Linux; 0 elsewhere). */
    private static long contextSwitches() {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.endsWith("ctxt_switches:") || line.contains("ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | NumberFormatException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException notLinux) {
            return 0;
        }
        return sum;
    }
}
