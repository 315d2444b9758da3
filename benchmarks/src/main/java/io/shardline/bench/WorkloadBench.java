package io.shardline.bench;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The workloads of one target on one engine, one JMH fork per pair. Keys come from the same seeded sequence for
 * every target; each target's answers are checked before timing starts ({@link Checks}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorkloadBench {
    static final int BATCH_ROWS = 10_000;
    private static final int KEYS = 1 << 12;

    @Param({"h2", "mariadb"})
    public String engine;

    /** Physical tables x databases ({@link Layout#use}); scale runs measure the read workloads on larger layouts. */
    @Param({Layout.DEFAULT})
    public String layout;

    @Param({"direct", "shardline", "shardingsphere", "direct-kept", "shardline-kept"})
    public String target;

    private Engine estate;
    private Target run;
    private final long[] orderIds = new long[KEYS];
    private int next;
    private long nextWriteId = 1;
    private long nextItemId = 1;
    private boolean wrote;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Layout.use(layout);
        estate = Engine.of(engine);
        estate.prepare();
        run = Targets.checked(target, estate);
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < KEYS; i++) {
            orderIds[i] = 1 + random.nextLong(Layout.ROWS);
        }
    }

    /** Keeps the write tables small, so every iteration writes into tables of the same size. */
    @Setup(Level.Iteration)
    public void emptyWriteTables() throws Exception {
        if (wrote) {
            estate.resetWrites();
            wrote = false;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        Targets.release(run);
    }

    /** Three users on three different tables of three different databases. */
    static long[] threeUsers(long orderId) {
        long u = Layout.userOf(orderId) / 16 * 16;
        return new long[] {u, u + 5, u + 10};
    }

    private long nextOrderId() {
        return orderIds[next++ & (KEYS - 1)];
    }

    @Benchmark
    public void pointSelect(Blackhole bh) throws Exception {
        long orderId = nextOrderId();
        run.point(Layout.userOf(orderId), orderId, new Consume(bh));
    }

    @Benchmark
    public int singleInsert() throws Exception {
        wrote = true;
        long id = nextWriteId++;
        return run.insert(id, Layout.userOf(id));
    }

    @Benchmark
    public void inThreeKeys(Blackhole bh) throws Exception {
        run.inThree(threeUsers(nextOrderId()), new Consume(bh));
    }

    @Benchmark
    public void orderByLimit10(Blackhole bh) throws Exception {
        run.latest(new Consume(bh));
    }

    @Benchmark
    public void groupByAggregates(Blackhole bh) throws Exception {
        run.groupByStatus(new Consume(bh));
    }

    @Benchmark
    public void deepPage(Blackhole bh) throws Exception {
        run.deepPage(new Consume(bh));
    }

    /**
     * Empties the write tables before every batch: a batch of 10,000 rows takes tens of milliseconds, and rows left by
     * the iteration's earlier batches would make each batch slower than the last (and the error bars wide).
     */
    @State(Scope.Thread)
    public static class EmptyWriteTables {
        @Setup(Level.Invocation)
        public void empty(WorkloadBench bench) throws Exception {
            bench.estate.resetWrites();
        }
    }

    @Benchmark
    public int batchInsert10k(EmptyWriteTables empty) throws Exception {
        long first = nextWriteId;
        nextWriteId += BATCH_ROWS;
        return run.batchInsert(first, BATCH_ROWS);
    }

    @Benchmark
    public void transaction3() throws Exception {
        wrote = true;
        long orderId = nextOrderId();
        run.transaction(Layout.userOf(orderId), orderId, nextItemId++);
    }

    /** Hands every value to the blackhole, so no target's reads can be optimized away. */
    private record Consume(Blackhole bh) implements Sink {
        @Override
        public void order(long orderId, long userId, String status, BigDecimal amount) {
            bh.consume(orderId);
            bh.consume(userId);
            bh.consume(status);
            bh.consume(amount);
        }

        @Override
        public void group(String status, long count, BigDecimal sum, BigDecimal avg) {
            bh.consume(status);
            bh.consume(count);
            bh.consume(sum);
            bh.consume(avg);
        }
    }
}
