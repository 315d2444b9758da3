package io.shardline.driver;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A single-shard result: the physical result set itself, thinly wrapped so closing it returns the connection. */
final class ShardlineResultSet extends DelegatingResultSet {
    private final LogicalStatement statement;
    private final Execution execution;

    ShardlineResultSet(ResultSet delegate, LogicalStatement statement, Execution execution) {
        super(delegate);
        this.statement = statement;
        this.execution = execution;
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return delegate.next();
        } catch (SQLException e) {
            throw execution.failure(e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw Errors.localResources(e, "reading the rows of a result");
        }
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

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
