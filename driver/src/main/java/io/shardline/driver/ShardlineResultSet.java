package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A single-shard result: the physical result set itself, thinly wrapped so closing it returns the connection. */
final class ShardlineResultSet extends PhysicalResultSet {
    private final LogicalStatement statement;
    private final Execution execution;

    ShardlineResultSet(ResultSet delegate, Lease lease, LogicalStatement statement, Execution execution) {
        super(delegate, lease, null);
        this.statement = statement;
        this.execution = execution;
    }

    @Override
    public void close() throws SQLException {
        execution.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return execution.isClosed() || delegate.isClosed();
    }

    @Override
    public Statement getStatement() {
        return statement;
    }
}
