package io.shardline.bench;

import io.shardline.router.merge.Collation;
import io.shardline.router.merge.MemoryBudget;
import io.shardline.router.merge.MergeSpec;
import io.shardline.router.merge.Merger;
import io.shardline.router.merge.RowStream;
import io.shardline.router.merge.SortKey;
import io.shardline.router.meta.Topology;
import io.shardline.router.meta.TopologyAssembler;
import io.shardline.router.meta.YamlSplitConfig;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Planner;
import io.shardline.router.plan.Route;
import io.shardline.router.sql.SqlCache;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.tools.SimpleResultSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** The pieces of Shardline's hot path on their own, with no database: what one statement costs before and after I/O. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBench {
    static final int STREAMS = 16;
    static final int ROWS_PER_STREAM = 100;

    private Planner planner;
    private BoundStatement point;
    private long user;
    private final ParamSource params = new ParamSource() {
        @Override
        public boolean isBound(int index) {
            return true;
        }

        @Override
        public Object value(int index) {
            return index == 1 ? user : user + Layout.USERS;
        }
    };
    private final List<ResultSet> streams = new ArrayList<>();
    private final MergeSpec byOrderId = new MergeSpec(0, List.of(SortKey.of(0, false)), null, null, false, List.of(),
            0, -1, Collation.MYSQL_CI, false);

    @Setup(Level.Trial)
    public void open() throws Exception {
        Layout.use(Layout.DEFAULT); // a quick run's earlier trials, in the same JVM, may have used another
        Topology topology = TopologyAssembler.assemble(
                YamlSplitConfig.parse(new StringReader(Targets.shardlineYaml(Engine.H2)), 1));
        planner = new Planner(topology, "", "shardline", new SqlCache(1_000), 1_000);
        point = planner.bind(Target.POINT);
        for (int s = 0; s < STREAMS; s++) {
            SimpleResultSet rs = new SimpleResultSet();
            rs.setAutoClose(false);
            rs.addColumn("order_id", Types.BIGINT, 19, 0);
            rs.addColumn("status", Types.VARCHAR, 16, 0);
            rs.addColumn("amount", Types.DECIMAL, 10, 2);
            for (long r = 0; r < ROWS_PER_STREAM; r++) {
                long id = r * STREAMS + s;
                rs.addRow(id, Layout.statusOf(id), Layout.amountOf(id));
            }
            streams.add(rs);
        }
    }

    /** A bound statement's shard for one execution: key from the parameters, hash, placement, physical SQL. */
    @Benchmark
    public Route routeResolution() throws Exception {
        user = (user + 7) % Layout.USERS;
        return point.route(params, null);
    }

    private final io.shardline.driver.observe.SqlLog sqlLogOff = new io.shardline.driver.observe.SqlLog(0, false);

    /**
     * What every statement pays for the SQL log when it is off (io.shardline.sql above DEBUG, no slow threshold): the
     * level check, before any clock read or string. With metrics off too, that is all a statement pays.
     */
    @Benchmark
    public boolean sqlLogOff() {
        return sqlLogOff.enabled();
    }

    /** What {@code prepareStatement} pays for SQL seen before: a cache hit on an equal (not identical) string. */
    @Benchmark
    public BoundStatement parseCacheHit() throws Exception {
        return planner.bind(new String(Target.POINT));
    }

    /** A k-way merge by order id of 16 sorted result sets of 100 rows each, read to the end. */
    @Benchmark
    public long mergeSixteenSortedStreams(Blackhole bh) throws SQLException {
        for (ResultSet rs : streams) {
            rs.beforeFirst();
        }
        RowStream merged = Merger.merge(byOrderId, streams, MemoryBudget.unlimited());
        long rows = 0;
        long last = -1;
        while (merged.next()) {
            long id = (Long) merged.get(0);
            if (id <= last) {
                throw new IllegalStateException("the merge put " + id + " after " + last);
            }
            bh.consume(merged.get(2));
            last = id;
            rows++;
        }
        if (rows != (long) STREAMS * ROWS_PER_STREAM) {
            throw new IllegalStateException("the merge returned " + rows + " rows");
        }
        return rows;
    }
}
