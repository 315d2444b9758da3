package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.Unit;
import io.shardline.router.route.Shard;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The atomic unit of an UPDATE that moves rows ({@link RowMoves}), and of a batch holding one, run item by item
 * ({@link ShardlineConnection#beginBatchUnit}): one connection per server it reaches, taken when it
 * first reaches it. In autocommit mode, one local transaction per server, committed server by server (those that
 * received rows first, so a commit failing part-way leaves a moved row on both shards rather than on none) or, with
 * {@code transactions=xa}, one XA branch per server committed in two phases. Inside the application's transaction the
 * transaction's connections are used and it commits nothing (a local transaction refuses a second server before
 * anything runs there, and a savepoint taken before the statement's first write undoes what it did, as MySQL undoes a
 * failed statement). Used by one thread.
 */
final class MoveLanes {
    private final ShardlineConnection connection;
    private final Topology topology;
    /** Autocommit mode: this write owns its transactions. */
    private final boolean own;
    private final GlobalTransaction global;
    private final Map<Integer, Lane> lanes = new TreeMap<>();
    /** Inside a local transaction: where the statement started on the transaction's connection. */
    private java.sql.Savepoint savepoint;
    private Lease savepointOn;

    /** One server's part: its connection, whether rows were inserted there, and what it ran (for a partial commit). */
    private static final class Lane {
        final Lease lease;
        final String database;
        boolean receives;
        final List<String> statements = new ArrayList<>();
        long count;
        /** What runs on the connection once the unit ended there, before it is let go (temporary tables dropped). */
        final List<Execution.Cleanup> atEnd = new ArrayList<>();

        Lane(Lease lease, String database) {
            this.lease = lease;
            this.database = database;
        }
    }

    MoveLanes(ShardlineConnection connection, Topology topology) throws SQLException {
        this.connection = connection;
        this.topology = topology;
        this.own = connection.autoCommitMode();
        this.global = own && connection.getTransactionMode() == TransactionMode.XA
                ? new GlobalTransaction(connection.runtime()) : null;
    }

    /** The connection on {@code shard}'s server, in this write's transaction there. */
    Lease lease(Shard shard, boolean receives, String statement) throws SQLException {
        Lease lease = lease(shard.serverId(), shard.database(), receives, statement);
        if (receives && !own) {
            connection.receivesMovedRows(shard.serverId()); // a batch unit around this move commits that server first
        }
        return lease;
    }

    /** The connection on server {@code serverId} (its master), in this unit's transaction there. */
    Lease lease(int serverId, String database, boolean receives, String statement) throws SQLException {
        Lane lane = lanes.get(serverId);
        if (lane == null) {
            lane = new Lane(open(serverId, database), database);
            lanes.put(serverId, lane);
        }
        lane.receives |= receives;
        if (lane.statements.size() < 3 && !lane.statements.contains(statement)) {
            lane.statements.add(statement);
        }
        return lane.lease;
    }

    private Lease open(int serverId, String database) throws SQLException {
        if (!own) {
            Lease lease = connection.lease(serverId, database, false, true, topology);
            if (connection.getTransactionMode() != TransactionMode.XA && savepoint == null) {
                try {
                    savepoint = lease.connection().setSavepoint();
                    savepointOn = lease;
                } catch (SQLException e) {
                    ShardlineException failure = Errors.physical(e, lease, database);
                    Errors.closeQuietly(lease, failure);
                    throw failure;
                }
            }
            return lease;
        }
        Lease lease = connection.prepare(connection.runtime().pools().borrow(topology.server(serverId)));
        if (global != null) {
            try {
                global.join(lease.retain()); // the transaction holds it until its end; this write holds it too
            } catch (SQLException e) {
                Errors.closeQuietly(lease, e);
                throw e;
            }
            return lease;
        }
        ShardlineConnection.beginLocal(lease, database);
        return lease;
    }

    /** The unit's work: answers the rows it wrote. */
    interface Steps {
        long run() throws SQLException;
    }

    /** Runs {@code steps} as this unit: committed once they all ran, rolled back everywhere when one fails. */
    long run(Steps steps) throws SQLException {
        long count;
        try {
            count = steps.run();
        } catch (SQLException e) {
            rollback(e);
            throw e;
        } catch (RuntimeException | Error e) {
            SQLException suppressed = new SQLException("rolled back after " + e);
            rollback(suppressed);
            for (Throwable t : suppressed.getSuppressed()) {
                e.addSuppressed(t);
            }
            throw e;
        }
        commit();
        return count;
    }

    /** A batch unit: a move inside it inserted rows on {@code serverId}. */
    void receives(int serverId) {
        Lane lane = lanes.get(serverId);
        if (lane != null) {
            lane.receives = true;
        }
    }

    void counted(Shard shard, long rows) {
        counted(shard.serverId(), rows);
    }

    void counted(int serverId, long rows) {
        lanes.get(serverId).count += rows;
    }

    /**
     * Runs {@code cleanup} on server {@code serverId}'s connection after the unit commits or rolls back there (an H2
     * server commits when it drops a table); a failing one discards the connection.
     */
    void atEnd(int serverId, Execution.Cleanup cleanup) {
        lanes.get(serverId).atEnd.add(cleanup);
    }

    /** Commits what this write owns (servers that received rows first) and lets go of every connection. */
    void commit() throws SQLException {
        if (!own) {
            if (savepoint != null) {
                try {
                    savepointOn.connection().releaseSavepoint(savepoint);
                } catch (SQLException ignored) {
                    // the transaction's commit or rollback forgets it anyway
                }
            }
            releaseAll(null);
            return;
        }
        if (global != null) {
            try {
                global.commit();
            } finally {
                releaseAll(null);
            }
            return;
        }
        List<Lane> order = new ArrayList<>();
        for (Lane l : lanes.values()) {
            if (l.receives) {
                order.add(l);
            }
        }
        for (Lane l : lanes.values()) {
            if (!l.receives) {
                order.add(l);
            }
        }
        for (int k = 0; k < order.size(); k++) {
            Lane lane = order.get(k);
            try {
                lane.lease.connection().commit();
                lane.lease.connection().setAutoCommit(true);
            } catch (SQLException e) {
                ShardlineException physical = Errors.physical(e, lane.lease, lane.database);
                boolean inDoubt = physical.code() != ErrorCode.MYSQL_ERROR;
                for (int r = k + (inDoubt ? 1 : 0); r < order.size(); r++) {
                    rollback(order.get(r), physical);
                }
                PartialCommitException failure = partial(order, k, inDoubt, physical);
                releaseAll(failure);
                throw failure;
            }
        }
        releaseAll(null);
    }

    private static PartialCommitException partial(List<Lane> order, int failed, boolean inDoubt,
                                                  ShardlineException cause) {
        List<Unit> units = new ArrayList<>();
        long[] counts = new long[order.size()];
        for (int k = 0; k < order.size(); k++) {
            Lane l = order.get(k);
            units.add(new Unit(l.lease.server().id(), l.database, String.join("; ", l.statements), new int[0], false,
                    true, List.of(), null));
            counts[k] = l.count;
        }
        return PartialCommitException.of(units, order.size(), failed, inDoubt, k -> List.of(k),
                k -> order.get(k).lease.server(), counts, cause);
    }

    /** Rolls back what this write owns and lets go of every connection; failures are added to {@code into}. */
    void rollback(SQLException into) {
        if (own && global != null) {
            try {
                global.rollback();
            } catch (SQLException e) {
                into.addSuppressed(e);
            }
        } else if (own) {
            for (Lane l : lanes.values()) {
                rollback(l, into);
            }
        } else if (savepoint != null) {
            try {
                savepointOn.connection().rollback(savepoint);
            } catch (SQLException e) {
                into.addSuppressed(e);
            }
        }
        releaseAll(into);
    }

    private static void rollback(Lane lane, SQLException into) {
        try {
            lane.lease.connection().rollback();
            lane.lease.connection().setAutoCommit(true);
        } catch (SQLException e) {
            lane.lease.discardOnRelease();
            into.addSuppressed(e);
        }
    }

    private void releaseAll(SQLException into) {
        for (Lane l : lanes.values()) {
            for (Execution.Cleanup c : l.atEnd) {
                try {
                    c.run(l.lease);
                } catch (SQLException e) {
                    l.lease.discardOnRelease();
                    if (into != null) {
                        into.addSuppressed(e);
                    }
                }
            }
            Errors.closeQuietly(l.lease, into);
        }
        lanes.clear();
    }
}
