package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A physical result set read through Shardline: a failure while fetching rows (a lost server, a cursor that cannot
 * fetch, the heap) comes out with Shardline's code and the shard's name instead of the physical driver's own. A
 * multi-shard merge reads its units through these; {@link ShardlineResultSet} is the one-shard kind handed to callers.
 */
class PhysicalResultSet extends DelegatingResultSet implements io.shardline.router.merge.PassThroughGetters {
    private final Lease lease;
    private final String database;
    private boolean closed;

    PhysicalResultSet(ResultSet delegate, Lease lease, String database) {
        super(delegate);
        this.lease = lease;
        this.database = database;
    }

    @Override
    public boolean next() throws SQLException {
        try {
            return delegate.next();
        } catch (SQLException e) {
            throw Errors.physical(e, lease, database);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw Errors.localResources(e, "reading rows of " + lease.server().address()
                    + (database == null ? "" : ", database " + database));
        }
    }

    /**
     * Closed once: the merge closes its units when the caller closes the merged rows, and the execution closes each
     * again before parking its statement (in case the merge never did); the second call goes no further.
     */
    @Override
    public void close() throws SQLException {
        if (!closed) {
            delegate.close();
            closed = true;
        }
    }

    /** Only {@code next()} adds to the physical driver's result set: the merge reads cells from that one directly. */
    @Override
    public final ResultSet gettersFrom() {
        return delegate;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
