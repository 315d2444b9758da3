package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.plan.MultiPlan;
import io.shardline.router.plan.Plan;
import io.shardline.router.plan.Route;
import io.shardline.router.plan.Unit;
import io.shardline.router.route.Shard;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Follows a shard database that an admin moves to another server while statements run (issue 12, item 7). The admin
 * pauses writes on that shard (LOCK TABLES on its server), brings the new copy up to date, marks the shard as moving
 * in the metadata, renames the old tables away, switches the placements to the new server, then lets the shard go.
 * A statement waiting on the pause, or sent later by a driver whose metadata is older, finds its table missing on the
 * old server (MySQL 1146) before anything of it ran there. This class reloads the metadata, waits (at most
 * {@link #WAIT_MILLIS}) while a shard of the statement is marked moving, and says whether the statement's shards now
 * lie elsewhere: then the statement runs again there. Only a statement that wrote nothing is run again: one in
 * autocommit mode (a write over several servers rolled back on all of them when one unit failed), or the first
 * statement of a transaction. A later statement of a transaction cannot be replayed by the driver: the transaction is
 * rolled back and the failure (SQLSTATE 40001, as a deadlock) says to run it again. A table missing where no shard
 * moved is the statement's own failure and is reported at once. Stateless.
 */
final class ShardMoves {
    /** How long a statement that met a moving shard waits for the placements to name its new server. */
    static final long WAIT_MILLIS = 5_000;
    /** How many moves one statement follows before the failure stands (a shard moved again and again). */
    static final int MAX_MOVES = 3;
    private static final long POLL_MILLIS = 20;

    /** Where a shard of a statement ran: its master's id and its database. */
    record Placement(int serverId, String database) {
        @Override
        public String toString() {
            return database + " on server " + serverId;
        }
    }

    /** Plans the statement again on the metadata loaded now (taking no sequence ids) and answers where it would run. */
    interface Replan {
        Set<Placement> placements() throws SQLException;
    }

    private ShardMoves() {
    }

    /** Whether the failure is a table (or database) missing on a server: what a shard's old server answers. */
    static boolean tableMissing(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && !(s instanceof ShardlineException)
                    && (s.getErrorCode() == 1146 || s.getErrorCode() == 1049)) {
                return true;
            }
        }
        return false;
    }

    /** The shard databases a plan runs on. */
    static Set<Placement> placements(Plan plan) {
        Set<Placement> out = new LinkedHashSet<>();
        if (plan instanceof Route r) {
            add(out, r.serverId(), r.database(), r.shards());
        } else if (plan instanceof MultiPlan m) {
            for (Unit u : m.units()) {
                add(out, u.serverId(), u.database(), u.shards());
            }
        } else if (plan instanceof GatherPlan g) {
            for (GatherPlan.Source s : g.sources()) {
                add(out, g.serverId(), g.database(), s.shards());
            }
        }
        return out;
    }

    private static void add(Set<Placement> out, int serverId, String database, java.util.List<Shard> shards) {
        if (database != null) {
            out.add(new Placement(serverId, database));
        }
        if (shards != null) {
            for (Shard s : shards) {
                if (s.database() != null) {
                    out.add(new Placement(s.serverId(), s.database()));
                }
            }
        }
    }

    /**
     * After a statement on {@code failed} found a table missing: reloads the metadata when the store changed, plans
     * the statement again, and answers whether it should run again: true when its shards now lie elsewhere, or when a
     * move that had taken its tables away was rolled back (the marker went and the placements stayed: the tables are
     * back), which is also assumed when the metadata changed since the statement was planned ({@code plannedStamp}:
     * a bounded number of tries keeps a table missing for good from looping); false when nothing changed. While a shard of
     * {@code failed} is marked moving (its tables are gone and the switch is moments away) it polls the store every
     * 20 ms, up to {@link #WAIT_MILLIS} or the statement's query timeout.
     *
     * @throws SQLException when the metadata cannot be reloaded, the statement no longer plans, or the shard is still
     *         marked moving when the time is up (100500: the statement did not run)
     */
    static boolean moved(ShardlineRuntime runtime, SQLException failure, Set<Placement> failed, long plannedStamp,
                         Replan replan, Deadline deadline) throws SQLException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline.bounded()
                ? Math.min(WAIT_MILLIS, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline.atNanos() - System.nanoTime())))
                : WAIT_MILLIS);
        SQLException unreadable = null;
        boolean moving = false;
        while (true) {
            try {
                runtime.refreshIfChanged();
                unreadable = null;
            } catch (SQLException e) {
                unreadable = e; // the store did not answer: try again until the time is up
            }
            if (unreadable == null) {
                if (!replan.placements().equals(failed)) {
                    return true; // throws when the statement no longer plans on the new metadata
                }
                boolean nowMoving = failed.stream().anyMatch(p -> runtime.moving(p.serverId(), p.database()));
                if (!nowMoving) {
                    // a move that took the tables away and was rolled back (perhaps before this thread looked: then
                    // only the metadata's stamp tells) has put them back where they were: one more try there
                    return moving || runtime.topology().updateStamp() != plannedStamp;
                }
                moving = true;
            }
            if (System.nanoTime() - until >= 0) {
                if (unreadable != null) {
                    unreadable.addSuppressed(failure);
                    throw unreadable;
                }
                throw new ShardlineException(ErrorCode.INTERNAL, "shard database " + failed + " is being moved to"
                        + " another server and the metadata did not name its new server within " + WAIT_MILLIS
                        + " ms; the statement did not run: " + failure.getMessage(), failure);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * The failure of a statement inside a transaction whose shard moved to another server: the transaction (rolled back
     * by the caller) must run again from its start. SQLSTATE 40001, the class of a deadlock, so frameworks that retry
     * transactions after a deadlock retry this one too; the server's error is chained.
     */
    static ShardlineException transactionRolledBack(SQLException e, Set<Placement> failed) {
        String message = "shard database " + failed + " moved to another server while this transaction ran; the"
                + " transaction was rolled back: run it again";
        return new ShardlineException(ErrorCode.MYSQL_ERROR, message,
                new SQLTransactionRollbackException(message, "40001", 1146, e));
    }
}
