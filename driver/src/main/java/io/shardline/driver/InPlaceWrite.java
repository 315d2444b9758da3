package io.shardline.driver;

import io.shardline.driver.exec.DeleteTargets;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.PlanContext;
import io.shardline.router.route.Hint;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * An UPDATE or DELETE evaluated first ({@link JoinedWrite}) whose one target has no key to write its rows by
 * ({@link JoinedWrite.NoKey}): it runs in place instead. For each physical table of the target (pruned as any route),
 * on its server and on the connection of the write's atomic unit there ({@link MoveLanes}: one local transaction per
 * server, XA with {@code transactions=xa}, the application's transaction inside one), the other references' rows are
 * copied into temporary tables ({@link Gather}) and the statement runs as written over that physical table and the
 * copies, so the server applies MySQL's own semantics (SET order, DEFAULT, IGNORE, equal rows). The counts add up; the
 * temporary tables are dropped once the unit ended on that server. Where a step per shard would not be the statement
 * (several targets, ORDER BY/LIMIT over several shards, a SET of the hint column, a broadcast target, the target read
 * again), it runs in one step over all shards instead ({@link OneStepWrite}).
 */
final class InPlaceWrite {
    private InPlaceWrite() {
    }

    /**
     * How a write of a target without a key runs: its steps, one per physical table of the target, or, where those
     * would not be the statement, one step over all of them ({@link OneStepWrite}).
     */
    record Keyless(List<GatherPlan> steps, OneStepWrite oneStep) {
    }

    /** The write's plan; refused (100403) where neither way is the statement. */
    static Keyless plan(ShardlineConnection connection, BoundStatement bound, JoinedWrite.NoKey keyless,
                        ParamSource params, Hint hint, PlanContext context) throws SQLException {
        String why = keyless.oneStep;
        LogicalTable target = bound.tables().get(keyless.ref);
        if (why == null && target.isBroadcast()) {
            why = "it is a broadcast table, whose copies would each evaluate it";
        }
        for (int k = 0; why == null && k < bound.tables().size(); k++) {
            if (k != keyless.ref && bound.tables().get(k).name().equals(target.name())) {
                why = "the statement reads " + target.name() + " again, and a copy of it made for one shard's step"
                        + " would hold rows an earlier shard's step already wrote";
            }
        }
        List<GatherPlan> plans = why != null ? List.of()
                : bound.inPlaceWrite(keyless.ref, params, hint, context, keyless.reason());
        if (plans.size() > 1 && bound.parsed().orderedWrite()) {
            why = "its ORDER BY or LIMIT reaches several shards of it, where a LIMIT per shard is not the statement's";
        }
        if (why != null) {
            return new Keyless(List.of(), OneStepWrite.plan(connection, bound, keyless, why, params, hint, context));
        }
        if (!connection.autoCommitMode()) {
            for (GatherPlan p : plans) {
                if (Gather.isH2(bound.topology(), p.serverId())) {
                    throw notInPlace(keyless, "it would copy rows into temporary tables, which an H2 server cannot"
                            + " drop inside a transaction without committing it; run it outside the transaction");
                }
            }
        }
        return new Keyless(plans, null);
    }

    /** Runs the write as one atomic unit; answers the rows written on all shards. */
    static long run(ShardlineConnection connection, LogicalStatement owner, Keyless keyless, Topology topology,
                    Deadline deadline, LogicalStatement.Binder binder) throws SQLException {
        if (keyless.oneStep() != null) {
            return keyless.oneStep().run(connection, owner, deadline, binder);
        }
        List<GatherPlan> plans = keyless.steps();
        MoveLanes lanes = new MoveLanes(connection, topology);
        return lanes.run(() -> {
            long count = 0;
            long copied = 0;
            for (GatherPlan p : plans) {
                Lease lease = lanes.lease(p.serverId(), p.database(), false, p.sql());
                lanes.atEnd(p.serverId(), l -> Gather.drop(l, p, topology));
                try {
                    copied = Gather.fill(connection, owner, p, topology, deadline, lease, copied);
                    DeleteTargets.prepare(lease.connection(), lease.server(), p.database(), p.sql());
                    try (PreparedStatement ps = lease.connection().prepareStatement(p.sql())) {
                        if (binder != null) {
                            binder.bind(ps);
                        }
                        owner.applyUnitSettings(ps, lease, deadline);
                        long n = ps.executeLargeUpdate();
                        lanes.counted(p.serverId(), n);
                        count += n;
                    }
                } catch (SQLException e) {
                    throw e instanceof ShardlineException ? e : Errors.physical(e, lease, p.database());
                }
            }
            return count;
        });
    }

    /** For EXPLAIN SHARDLINE: each step, where it runs and what it runs. */
    static String describe(String reason, Keyless keyless, ShardlineConnection connection, Topology topology) {
        if (keyless.oneStep() != null) {
            return keyless.oneStep().describe(connection, topology);
        }
        List<GatherPlan> plans = keyless.steps();
        StringBuilder b = new StringBuilder("InPlaceWrite(because: " + reason + ")");
        int step = 1;
        for (GatherPlan p : plans) {
            b.append("\n  ").append(step++).append(". on server ").append(p.serverId())
                    .append(", in the write's unit:");
            for (GatherPlan.Source s : p.sources()) {
                if (!s.inPlace()) {
                    b.append("\n    copy ").append(s.table()).append(" from ").append(s.shards().size())
                            .append(" shard(s) into temporary ").append(s.temp())
                            .append(s.filter() == null ? "" : " WHERE " + s.filter());
                }
            }
            b.append("\n    run: ").append(p.sql());
        }
        return b.append("\n  (one atomic unit; temporary tables dropped when it ends)").toString();
    }

    private static ShardlineException notInPlace(JoinedWrite.NoKey keyless, String why) {
        return ShardlineException.notAllowed(keyless.reason() + "; it does not run in place on each of its shards"
                + " either, since " + why);
    }
}
