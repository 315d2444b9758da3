package io.shardline.bench;

import static io.shardline.bench.Samples.median;
import static io.shardline.bench.Samples.min;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The calling thread's CPU time and allocation per operation, targets interleaved round by round: on a machine shared
 * with other work, wall time (JMH's) counts the time other processes held the cores, CPU time much less so. A check
 * beside the JMH numbers, not a replacement: it misses time on other threads (parallel lanes) and time spent waiting.
 * Usage: {@code CpuCost <engine> <workload,...> <target,...> [ops per round] [rounds] [layout]}, the layout as
 * {@code tables x databases} ({@link Layout#DEFAULT} unless given; larger ones serve the read workloads only).
 */
public final class CpuCost {
    private CpuCost() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.of(args[0]);
        List<String> workloads = List.of(args[1].split(","));
        List<String> names = List.of(args[2].split(","));
        int ops = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        Layout.use(args.length > 5 ? args[5] : Layout.DEFAULT);
        System.out.printf("layout %dx%d%n", Layout.TABLES, Layout.DATABASES);
        engine.prepare();
        Map<String, Target> targets = Targets.openChecked(names, engine);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Sink sink = Sink.folding();
        for (String workload : workloads) {
            Map<String, List<double[]>> samples = new LinkedHashMap<>();
            long[] ids = {1, 1};
            for (int round = 0; round < rounds; round++) {
                for (var e : targets.entrySet()) {
                    engine.resetWrites();
                    SplittableRandom random = new SplittableRandom(round);
                    long cpu = threads.getCurrentThreadCpuTime();
                    long bytes = threads.getThreadAllocatedBytes(self);
                    long wall = System.nanoTime();
                    for (int i = 0; i < ops; i++) {
                        one(workload, e.getValue(), random, ids, sink);
                    }
                    wall = System.nanoTime() - wall;
                    cpu = threads.getCurrentThreadCpuTime() - cpu;
                    bytes = threads.getThreadAllocatedBytes(self) - bytes;
                    if (round >= rounds / 3) { // the first third warms up
                        samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(new double[] {cpu / 1000.0 / ops, wall / 1000.0 / ops, (double) bytes / ops});
                    }
                }
            }
            double base = -1;
            for (var e : samples.entrySet()) {
                double cpu = median(e.getValue(), 0);
                if (base < 0) {
                    base = cpu;
                }
                System.out.printf("%-18s %-16s cpu %8.2f µs/op (min %.2f)  wall %8.2f µs/op  %7.0f B/op  cpu ÷ first %.2f%n",
                        workload, e.getKey(), cpu, min(e.getValue(), 0), median(e.getValue(), 1), median(e.getValue(), 2),
                        cpu / base);
            }
        }
        for (Target t : targets.values()) {
            t.close();
        }
    }

    /** Inserts the next order id, {@code ids[0]}, for its own user (as ThreadsCost's writes do). */
    private static void insertNext(Target t, long[] ids) throws Exception {
        long id = ids[0]++;
        t.insert(id, Layout.userOf(id));
    }

    static void one(String workload, Target t, SplittableRandom random, long[] ids, Sink sink)
            throws Exception {
        long orderId = 1 + random.nextLong(Layout.ROWS);
        switch (workload) {
            case "pointSelect" -> t.point(Layout.userOf(orderId), orderId, sink);
            case "singleInsert" -> insertNext(t, ids);
            case "inThreeKeys" -> t.inThree(WorkloadBench.threeUsers(orderId), sink);
            case "orderByLimit10" -> t.latest(sink);
            case "groupByAggregates" -> t.groupByStatus(sink);
            case "transaction3" -> t.transaction(Layout.userOf(orderId), orderId, ids[1]++);
            case "mixedReadWrite" -> { // ThreadsCost's 9:1 mix: one insert in ten operations
                if (orderId % 10 == 0) {
                    insertNext(t, ids);
                } else {
                    t.point(Layout.userOf(orderId), orderId, sink);
                }
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }
}
