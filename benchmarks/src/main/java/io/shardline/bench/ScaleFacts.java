package io.shardline.bench;

import io.shardline.driver.ShardlineDataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * What a large estate costs before any workload: the time from a new data source to the answer of its first
 * statement (metadata read and assembled, a pool opened, one point select), the heap the runtime keeps, and the
 * physical connections open after one statement reached every server. Measured in this JVM with H2 servers, on the
 * largest layout.
 */
final class ScaleFacts {
    static final String LAYOUT = "4096x64";

    private ScaleFacts() {
    }

    static String measure() throws Exception {
        Layout.use(LAYOUT);
        Engine.H2.prepare();
        long before = usedHeapAfterGc();
        long start = System.nanoTime();
        ShardlineDataSource ds = (ShardlineDataSource) Targets.shardlineDataSource(Engine.H2);
        long orderId = 54_321;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(Target.POINT)) {
            ps.setLong(1, Layout.userOf(orderId));
            ps.setLong(2, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != orderId) {
                    throw new IllegalStateException("the first point select did not find order " + orderId);
                }
            }
        }
        double firstMillis = (System.nanoTime() - start) / 1e6;
        long groups = 0;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(Target.GROUP);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                groups += rs.getLong(2);
            }
        }
        if (groups != Layout.ROWS) {
            throw new IllegalStateException("GROUP BY over every shard counted " + groups + " rows, not " + Layout.ROWS);
        }
        long heap = usedHeapAfterGc() - before;
        int open = ds.runtime().pools().openConnections();
        int servers = ds.runtime().pools().serversInUse();
        ds.close();
        return String.format(Locale.ROOT, "| %s (%d tables, %d servers) | %.0f ms | %.1f MiB | %d connections on %d"
                + " servers |%n", LAYOUT, Layout.TABLES, Layout.DATABASES, firstMillis,
                heap / 1048576.0, open, servers);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
