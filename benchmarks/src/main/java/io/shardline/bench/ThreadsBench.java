package io.shardline.bench;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * Throughput as threads are added (the run sets 1, 8, 32 or 128 threads): point selects, and a mix of nine point
 * selects to one single-row insert, each operation borrowing its connection as a pooled application's threads do.
 * Every target has the same pool size per database, so past it threads queue for connections alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThreadsBench {
    @Param({"h2", "mariadb"})
    public String engine;

    @Param({"direct", "shardline", "shardingsphere"})
    public String target;

    private Engine estate;
    private Target run;
    private final AtomicLong nextWriteId = new AtomicLong(1);
    /** {@link #nextWriteId} when the write tables were last emptied (by {@link #open}'s prepare and checks first). */
    private long writtenAtLastReset = 1;

    /** Each thread's own keys. */
    @State(Scope.Thread)
    public static class Keys {
        private final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId() * 7919);
        private int op;

        long orderId() {
            return 1 + random.nextLong(Layout.ROWS);
        }

        /** Every tenth operation of the mix writes. */
        boolean writes() {
            return ++op % 10 == 0;
        }
    }

    @Setup(Level.Trial)
    public void open() throws Exception {
        Layout.use(Layout.DEFAULT); // a quick run's earlier trials, in the same JVM, may have used another
        estate = Engine.of(engine);
        estate.prepare();
        run = Targets.checked(target, estate);
    }

    /**
     * Empties the write tables before an iteration if the one before wrote: emptying them takes 32 TRUNCATEs (about a
     * second on MariaDB), which point selects, writing nothing, need not wait for.
     */
    @Setup(Level.Iteration)
    public void emptyWriteTables() throws Exception {
        long written = nextWriteId.get();
        if (written != writtenAtLastReset) {
            estate.resetWrites();
            writtenAtLastReset = written;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        Targets.release(run);
    }

    @Benchmark
    public void pointSelect(Keys keys, Blackhole bh) throws Exception {
        long orderId = keys.orderId();
        run.point(Layout.userOf(orderId), orderId, new Consume(bh));
    }

    @Benchmark
    public void mixedReadWrite(Keys keys, Blackhole bh) throws Exception {
        if (keys.writes()) {
            long id = nextWriteId.getAndIncrement();
            bh.consume(run.insert(id, Layout.userOf(id)));
        } else {
            long orderId = keys.orderId();
            run.point(Layout.userOf(orderId), orderId, new Consume(bh));
        }
    }

    private record Consume(Blackhole bh) implements Sink {
        @Override
        public void order(long orderId, long userId, String status, BigDecimal amount) {
            bh.consume(orderId);
            bh.consume(status);
            bh.consume(amount);
        }

        @Override
        public void group(String status, long count, BigDecimal sum, BigDecimal avg) {
            bh.consume(count);
        }
    }
}
