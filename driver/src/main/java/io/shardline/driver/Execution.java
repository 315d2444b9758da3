package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.Lease;
import io.shardline.router.merge.MergedResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One running statement and what it holds: the leases on its physical connections, its physical statements and the
 * result set the caller reads (the physical one thinly wrapped, or a multi-shard merge). Closing it (when the result
 * set closes, the statement re-executes or closes) closes the physical statements and returns the connections.
 */
final class Execution implements MergedResultSet.Release {
    private final Lease lease;
    private final Statement physical;
    private final LogicalStatement owner;
    private ResultSet resultSet;
    private boolean closed;
    /** What to undo on the primary connection after its statement closes and before it goes back (or null). */
    private Cleanup cleanup;

    /** Work on the primary lease's connection when the execution closes (dropping a gather's temporary tables). */
    interface Cleanup {
        void run(Lease lease) throws SQLException;
    }
    /** The SQL its prepared statement is parked under on the kept connection when done (null: closed instead). */
    private String parkAs;
    private ResultSet physicalResultSet;
    /** A multi-shard execution's units and leases, the first of them {@link #lease} (null on the single-shard path). */
    private UnitRunner.Results units;

    Execution(Lease lease, Statement physical, LogicalStatement owner) {
        this.lease = lease;
        this.physical = physical;
        this.owner = owner;
    }

    /** A single-shard execution whose prepared statement goes back to its kept connection when done. */
    Execution(Lease lease, java.sql.PreparedStatement physical, String parkAs, LogicalStatement owner) {
        this(lease, physical, owner);
        this.parkAs = parkAs;
    }

    /**
     * A multi-shard execution: every unit's statement and every lease (the first of each list held as the primary);
     * units' prepared statements on kept connections are parked there when it closes.
     */
    Execution(UnitRunner.Results results, LogicalStatement owner) {
        this(results.leases[0], results.firstStatement(), owner);
        this.units = results;
    }

    Execution cleanup(Cleanup cleanup) {
        this.cleanup = cleanup;
        return this;
    }

    ShardlineResultSet open(ResultSet rs) {
        physicalResultSet = rs;
        ShardlineResultSet wrapped = new ShardlineResultSet(rs, lease, owner, this);
        resultSet = wrapped;
        return wrapped;
    }

    void open(MergedResultSet merged) {
        resultSet = merged;
    }

    ResultSet resultSet() {
        return resultSet;
    }

    Statement physical() {
        return physical;
    }

    boolean isClosed() {
        return closed;
    }

    /** Cancels every physical statement still running (in the background: a cancel may wait on a frozen server). */
    void cancel() {
        if (units != null) {
            for (int i = 0; i < units.statements.length; i++) {
                Statement s = units.statements[i];
                if (s != null && units.leaseOf[i] != null) { // each has one: set before it is taken or made
                    Cursors.cancelInBackground(s, units.leaseOf[i]);
                }
            }
            return;
        }
        Cursors.cancelInBackground(physical, lease);
    }

    /** A multi-shard execution's merged result set closed: as {@link #close()}. */
    @Override
    public void release() throws SQLException {
        close();
    }

    void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        if (resultSet instanceof MergedResultSet merged) {
            failure = closing(merged, failure);
        }
        if (units != null) {
            failure = units.closeOrPark(failure);
        } else if (parkAs != null && physicalResultSet != null && failure == null) {
            failure = closing(physicalResultSet, null);
            if (failure != null || !lease.park(parkAs, (java.sql.PreparedStatement) physical)) {
                failure = closing(physical, failure);
            }
        } else {
            failure = closing(physical, failure); // closes its result set too
        }
        if (cleanup != null) {
            failure = closing(() -> cleanup.run(lease), failure);
        }
        if (units == null) {
            failure = releasing(lease, failure);
        } else {
            long now = System.nanoTime(); // one clock read for the idle time of every kept connection let go of
            for (int i = 0; i < units.leaseCount; i++) {
                failure = releasing(units.leases[i], now, failure);
            }
        }
        owner.executionClosed(this);
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException closing(AutoCloseable c, SQLException failure) {
        try {
            c.close();
        } catch (Exception e) {
            SQLException s = e instanceof SQLException sql ? sql : new SQLException(e);
            if (failure == null) {
                return s;
            }
            failure.addSuppressed(s);
        }
        return failure;
    }

    private static SQLException releasing(Lease l, SQLException failure) {
        try {
            l.release();
        } catch (SQLException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static SQLException releasing(Lease l, long nowNanos, SQLException failure) {
        try {
            l.release(nowNanos);
        } catch (SQLException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}
