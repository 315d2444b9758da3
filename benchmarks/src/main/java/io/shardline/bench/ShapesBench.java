package io.shardline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Statements that one database answers and a sharded estate must gather ({@link Shape}), on the plain database,
 * Shardline and ShardingSphere with its federation; one JMH fork per shape, target and engine. Before timing, the
 * shape's answers are checked against the plain database's ({@link ShapeChecks}); a wrong answer or a refusal fails
 * the trial and leaves a note that {@link ShapesReport} shows. On MariaDB the fork also counts the shape's SQL round
 * trips on a counting copy of the target, never on the one being timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ShapesBench {
    private static final int KEYS = 1 << 10;

    @Param({"h2", "mariadb"})
    public String engine;

    @Param({"plain", "shardline", "shardingsphere"})
    public String target;

    private ShapesTargets.Opened run;
    private ConnectionUse use;
    private final long[] orderIds = new long[KEYS];
    private int next;

    /** Where a fork leaves what the report shows beside its time: a failure, or round trips per statement. */
    static Path note(String engine, String target, String method) {
        return Path.of("target", "bench", "shapes", engine + "-" + target + "-" + method + ".txt");
    }

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws Exception {
        String benchmark = params.getBenchmark();
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        Shape shape = Shape.ofMethod(method);
        Engine estate = Engine.of(engine);
        Path note = note(engine, target, method);
        Files.createDirectories(note.getParent());
        Files.deleteIfExists(note);
        ShapesEstate.prepare(estate);
        run = ShapesTargets.open(target, estate, false);
        try (ShapesTargets.Opened plain = ShapesTargets.open("plain", estate, false)) {
            ShapeChecks.verify(target, run.dataSource(), plain.dataSource(), shape);
        } catch (ShapeChecks.Failed e) {
            write(note, (e.refused ? "refused: " : "wrong answer: ") + e.getMessage());
            run.close();
            throw e;
        }
        if (estate == Engine.MARIADB) {
            try (ShapesTargets.Opened counting = ShapesTargets.open(target, estate, true)) {
                write(note, "round trips: " + ShapeChecks.roundTrips(counting.dataSource(), shape));
            }
        }
        use = ConnectionUse.perOperation(run.dataSource());
        SplittableRandom random = new SplittableRandom(20261205);
        for (int i = 0; i < KEYS; i++) {
            orderIds[i] = 1 + random.nextLong(ShapesEstate.ORDERS);
        }
    }

    private static void write(Path note, String text) throws IOException {
        Files.writeString(note, text.replace('\n', ' '));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    private Void measure(Shape shape, Blackhole bh) throws SQLException {
        long key = orderIds[next++ & (KEYS - 1)];
        return use.run(0, shape.sql, ps -> {
            shape.bind(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= width; i++) {
                        bh.consume(rs.getObject(i));
                    }
                }
            }
            return null;
        });
    }

    @Benchmark
    public void crossShardJoin(Blackhole bh) throws Exception {
        measure(Shape.CROSS_SHARD_JOIN, bh);
    }

    @Benchmark
    public void unionAll(Blackhole bh) throws Exception {
        measure(Shape.UNION_ALL, bh);
    }

    @Benchmark
    public void groupConcat(Blackhole bh) throws Exception {
        measure(Shape.GROUP_CONCAT, bh);
    }

    @Benchmark
    public void joinSingleTable(Blackhole bh) throws Exception {
        measure(Shape.JOIN_SINGLE_TABLE, bh);
    }

    @Benchmark
    public void pointNoJoin(Blackhole bh) throws Exception {
        measure(Shape.POINT_NO_JOIN, bh);
    }
}
