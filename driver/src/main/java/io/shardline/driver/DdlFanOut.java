package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.MultiPlan;
import io.shardline.router.plan.Unit;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs DDL on every physical table of a logical table, one after another. MySQL DDL is not transactional, so nothing
 * can be rolled back: when one fails, the exception lists the physical tables already changed, the one that failed
 * and those not attempted, so the caller can finish the change (a hint naming the remaining shards re-runs it there).
 */
final class DdlFanOut {
    private DdlFanOut() {
    }

    static long run(ShardlineConnection connection, MultiPlan plan, Topology topology, LogicalStatement owner)
            throws SQLException {
        List<String> done = new ArrayList<>();
        Deadline deadline = owner.deadline();
        for (int i = 0; i < plan.units().size(); i++) {
            Unit u = plan.units().get(i);
            Lease lease = connection.lease(u.serverId(), u.database(), false, true, topology);
            Watch watch = Watch.NONE;
            try (Statement s = lease.connection().createStatement()) {
                owner.applyUnitSettings(s, lease, deadline, true);
                watch = Watch.arm(s, lease, deadline);
                s.execute(u.sql());
                done.add(name(u));
            } catch (SQLException e) {
                ShardlineException physical = Errors.physical(watch.explain(e, lease.server(), u.database()), lease,
                        u.database());
                List<String> notRun = new ArrayList<>();
                for (int k = i + 1; k < plan.units().size(); k++) {
                    notRun.add(name(plan.units().get(k)));
                }
                throw new ShardlineException(physical.code(), "DDL failed part-way on " + name(u) + " (server "
                        + u.serverId() + "): " + e.getMessage() + ". Changed: " + (done.isEmpty() ? "none" : done)
                        + "; not run: " + (notRun.isEmpty() ? "none" : notRun), e);
            } finally {
                watch.disarm();
                lease.release();
            }
        }
        return 0;
    }

    private static String name(Unit u) {
        return u.shards().get(0).database() + "." + u.shards().get(0).table();
    }
}
