package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One running physical statement and what it holds: the lease on its connection and, for a query, the open result
 * set. Closing it (when the result set closes, the statement re-executes or closes) returns the connection.
 */
final class Execution {
    private final Lease lease;
    private final Statement physical;
    private final LogicalStatement owner;
    private ShardlineResultSet resultSet;
    private boolean closed;

    Execution(Lease lease, Statement physical, LogicalStatement owner) {
        this.lease = lease;
        this.physical = physical;
        this.owner = owner;
    }

    ShardlineResultSet open(java.sql.ResultSet rs) {
        resultSet = new ShardlineResultSet(rs, owner, this);
        return resultSet;
    }

    ShardlineResultSet resultSet() {
        return resultSet;
    }

    Statement physical() {
        return physical;
    }

    boolean isClosed() {
        return closed;
    }

    void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        try {
            physical.close(); // closes its result set too
        } catch (SQLException e) {
            failure = e;
        }
        try {
            lease.release();
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        owner.executionClosed(this);
        if (failure != null) {
            throw failure;
        }
    }
}
