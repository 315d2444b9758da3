package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.plan.Plan;
import io.shardline.router.route.Shard;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows a gather is expected to move, for EXPLAIN SHARDLINE: per copied reference, the sum of its read shards'
 * {@code information_schema.TABLES.TABLE_ROWS} (InnoDB's estimate, read from statistics: no table is scanned). It is an
 * upper bound of what moves before the pushed conditions, which only narrow it. H2 keeps no such statistics.
 */
final class GatherEstimate {
    private GatherEstimate() {
    }

    /** The plan's description; a gather's with the rows each copy is expected to move, before its final step. */
    static String describe(Plan plan, ShardlineConnection connection, Topology topology) {
        String text = plan.describe();
        if (!(plan instanceof GatherPlan gather)) {
            return text;
        }
        int last = text.lastIndexOf("\n  then on server ");
        StringBuilder b = new StringBuilder(text.substring(0, last));
        for (GatherPlan.Source s : gather.sources()) {
            if (s.inPlace()) {
                continue;
            }
            long rows = 0;
            for (Shard shard : s.shards()) {
                long r = tableRows(connection, topology, shard);
                if (r < 0) {
                    rows = -1;
                    break;
                }
                rows += r;
            }
            b.append("\n  ").append(s.table()).append(" (").append(s.temp()).append("): ");
            if (rows < 0) {
                b.append("rows to move unknown (no statistics on this server)");
            } else {
                b.append(s.filter() == null ? "about " : "at most about ").append(rows).append(" rows to move")
                        .append(s.filter() == null ? "" : ", fewer as the pushed conditions select")
                        .append(" (information_schema.TABLES.TABLE_ROWS)");
            }
        }
        return b.append(text.substring(last)).toString();
    }

    /** The table's estimated row count, or -1 when the server keeps none (H2) or cannot be asked. */
    private static long tableRows(ShardlineConnection connection, Topology topology, Shard shard) {
        if (Gather.isH2(topology, shard.serverId())) {
            return -1;
        }
        try {
            Lease lease = connection.lease(shard.serverId(), shard.database(), true, false, topology);
            try (PreparedStatement ps = lease.connection().prepareStatement("SELECT TABLE_ROWS FROM"
                    + " information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps.setString(1, shard.database());
                ps.setString(2, shard.table());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
                }
            } finally {
                lease.release();
            }
        } catch (SQLException e) {
            return -1; // an estimate is not worth failing EXPLAIN for (a local transaction on another server, say)
        }
    }
}
