package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Route;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * A logical {@link Statement}: routes each SQL text to one shard and runs it there on a physical statement, handing
 * back the physical result set thinly wrapped. Also the base of {@link LogicalPreparedStatement}.
 */
class LogicalStatement implements Statement, ShardlineStatement {
    /** Binds parameters of one execution onto a physical prepared statement. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** What the caller asked for in generated keys. */
    record Keys(int mode, int[] indexes, String[] names) {
        static final Keys NONE = new Keys(Statement.NO_GENERATED_KEYS, null, null);

        boolean wanted() {
            return mode == Statement.RETURN_GENERATED_KEYS;
        }

        PreparedStatement prepare(Connection c, String sql, int type, int concurrency) throws SQLException {
            if (indexes != null) {
                return c.prepareStatement(sql, indexes);
            }
            if (names != null) {
                return c.prepareStatement(sql, names);
            }
            if (wanted()) {
                return c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
            }
            return c.prepareStatement(sql, type, concurrency);
        }

        boolean execute(Statement s, String sql) throws SQLException {
            if (indexes != null) {
                return s.execute(sql, indexes);
            }
            if (names != null) {
                return s.execute(sql, names);
            }
            return wanted() ? s.execute(sql, Statement.RETURN_GENERATED_KEYS) : s.execute(sql);
        }
    }

    protected final ShardlineConnection connection;
    private final int resultSetType;
    private final int resultSetConcurrency;
    private final int resultSetHoldability;
    private boolean closed;
    private Execution current;
    private long updateCount = -1;
    private ResultSet generatedKeys;
    private Route lastRoute;
    private HintValue hintValue;
    private String hintTable;
    private boolean hintMaster;
    private int maxRows;
    private int fetchSize;
    private int queryTimeout;
    private int maxFieldSize;
    private int fetchDirection = ResultSet.FETCH_FORWARD;
    private boolean escapeProcessing = true;
    private boolean poolable;
    private boolean closeOnCompletion;
    private List<String> batch;

    LogicalStatement(ShardlineConnection connection, int resultSetType, int resultSetConcurrency, int holdability) {
        this.connection = connection;
        this.resultSetType = resultSetType;
        this.resultSetConcurrency = resultSetConcurrency;
        this.resultSetHoldability = holdability;
        connection.register(this);
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new ShardlineException(ErrorCode.INTERNAL, "this statement is closed");
        }
        connection.checkOpen();
    }

    final Hint hint() {
        return hintValue == null && hintTable == null && !hintMaster ? null : new Hint(hintValue, hintTable, hintMaster);
    }

    final BoundStatement bind(String sql) throws SQLException {
        return connection.planner().bind(sql);
    }

    // ---- the one execution path ---------------------------------------------------------------------------

    /**
     * Routes and runs one statement on its shard. A query keeps its connection until its result set closes; an
     * update returns it at once, after copying the generated keys if they were asked for.
     *
     * @return true when the statement produced a result set
     */
    final boolean run(BoundStatement bound, ParamSource params, Binder binder, Keys keys) throws SQLException {
        checkOpen();
        closeCurrent();
        Route route = bound.route(params, hint());
        lastRoute = route;
        Topology topology = bound.topology();
        Lease lease = connection.lease(route, topology);
        Statement physical = null;
        try {
            Connection pc = lease.connection();
            if (binder == null) {
                physical = pc.createStatement(resultSetType, resultSetConcurrency);
            } else {
                PreparedStatement ps = keys.prepare(pc, route.sql(), resultSetType, resultSetConcurrency);
                physical = ps;
                binder.bind(ps);
            }
            applySettings(physical);
            boolean rows = binder == null ? keys.execute(physical, route.sql()) : ((PreparedStatement) physical).execute();
            if (rows) {
                current = new Execution(lease, physical, this);
                current.open(physical.getResultSet());
                updateCount = -1;
                return true;
            }
            updateCount = physical.getLargeUpdateCount();
            if (keys.wanted() || keys.indexes() != null || keys.names() != null) {
                generatedKeys = copy(physical.getGeneratedKeys());
            }
            Statement done = physical;
            physical = null;
            done.close();
            lease.release();
            return false;
        } catch (SQLException e) {
            ShardlineException wrapped = Errors.physical(e, lease.server(), route.database());
            Errors.closeQuietly(physical, wrapped);
            try {
                lease.release();
            } catch (SQLException releaseFailure) {
                wrapped.addSuppressed(releaseFailure);
            }
            throw wrapped;
        }
    }

    private void applySettings(Statement s) throws SQLException {
        if (maxRows > 0) {
            s.setMaxRows(maxRows);
        }
        if (fetchSize != 0) {
            s.setFetchSize(fetchSize);
        }
        if (queryTimeout > 0) {
            s.setQueryTimeout(queryTimeout);
        }
        if (maxFieldSize > 0) {
            s.setMaxFieldSize(maxFieldSize);
        }
        if (!escapeProcessing) {
            s.setEscapeProcessing(false);
        }
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            s.setFetchDirection(fetchDirection);
        }
    }

    private static ResultSet copy(ResultSet keys) throws SQLException {
        try (ResultSet rs = keys) {
            CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
            copy.populate(rs);
            return copy;
        }
    }

    /** One item of a batch: where it goes and how its parameters bind (null for a plain SQL text). */
    record BatchItem(Route route, Topology topology, Binder binder) {
    }

    /**
     * Runs a routed batch: consecutive items on the same server (and, for prepared statements, the same physical SQL)
     * go as one physical batch. Every item is routed before anything runs, so a routing error writes nothing.
     */
    final long[] runBatch(List<BatchItem> items) throws SQLException {
        checkOpen();
        closeCurrent();
        long[] counts = new long[items.size()];
        int i = 0;
        while (i < items.size()) {
            BatchItem first = items.get(i);
            int end = i + 1;
            while (end < items.size() && sameTarget(first, items.get(end))) {
                end++;
            }
            Lease lease = connection.lease(first.route(), first.topology());
            Statement physical = null;
            try {
                Connection pc = lease.connection();
                if (first.binder() == null) {
                    physical = pc.createStatement();
                    for (int k = i; k < end; k++) {
                        physical.addBatch(items.get(k).route().sql());
                    }
                } else {
                    PreparedStatement ps = pc.prepareStatement(first.route().sql());
                    physical = ps;
                    for (int k = i; k < end; k++) {
                        items.get(k).binder().bind(ps);
                        ps.addBatch();
                    }
                }
                applySettings(physical);
                long[] part = physical.executeLargeBatch();
                System.arraycopy(part, 0, counts, i, part.length);
            } catch (BatchUpdateException e) {
                long[] done = Arrays.copyOf(counts, i + e.getLargeUpdateCounts().length);
                System.arraycopy(e.getLargeUpdateCounts(), 0, done, i, e.getLargeUpdateCounts().length);
                ShardlineException cause = Errors.physical(e, lease.server(), first.route().database());
                throw new BatchUpdateException(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), done, cause);
            } catch (SQLException e) {
                ShardlineException cause = Errors.physical(e, lease.server(), first.route().database());
                throw new BatchUpdateException(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(),
                        Arrays.copyOf(counts, i), cause);
            } finally {
                Errors.closeQuietly(physical, null);
                lease.release();
            }
            i = end;
        }
        lastRoute = items.isEmpty() ? lastRoute : items.get(items.size() - 1).route();
        updateCount = -1;
        return counts;
    }

    private static boolean sameTarget(BatchItem a, BatchItem b) {
        return a.route().serverId() == b.route().serverId() && a.topology() == b.topology()
                && (a.binder() == null ? b.binder() == null : b.binder() != null && a.route().sql().equals(b.route().sql()));
    }

    final void closeCurrent() throws SQLException {
        Execution e = current;
        current = null;
        if (generatedKeys != null) {
            generatedKeys.close();
            generatedKeys = null;
        }
        if (e != null) {
            e.close();
        }
    }

    void executionClosed(Execution e) throws SQLException {
        if (current == e) {
            current = null;
            if (closeOnCompletion) {
                close();
            }
        }
    }

    static int narrow(long count) {
        return count > Integer.MAX_VALUE ? Statement.SUCCESS_NO_INFO : (int) count;
    }

    // ---- Statement ----------------------------------------------------------------------------------------

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        BoundStatement b = bind(sql);
        requireQuery(b);
        run(b, ParamSource.NONE, null, Keys.NONE);
        return current.resultSet();
    }

    static void requireQuery(BoundStatement b) throws SQLException {
        if (b.parsed().kind().isWrite()) {
            throw ShardlineException.invalid("executeQuery needs a statement that returns rows; this is "
                    + b.parsed().kind() + ", use executeUpdate");
        }
    }

    static void requireUpdate(BoundStatement b) throws SQLException {
        if (!b.parsed().kind().isWrite()) {
            throw ShardlineException.invalid("executeUpdate needs INSERT, REPLACE, UPDATE or DELETE; this is "
                    + b.parsed().kind() + ", use executeQuery");
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return narrow(executeLargeUpdate(sql));
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return narrow(update(sql, new Keys(autoGeneratedKeys, null, null)));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return narrow(update(sql, new Keys(Statement.RETURN_GENERATED_KEYS, columnIndexes, null)));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return narrow(update(sql, new Keys(Statement.RETURN_GENERATED_KEYS, null, columnNames)));
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return update(sql, Keys.NONE);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return update(sql, new Keys(autoGeneratedKeys, null, null));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return update(sql, new Keys(Statement.RETURN_GENERATED_KEYS, columnIndexes, null));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        return update(sql, new Keys(Statement.RETURN_GENERATED_KEYS, null, columnNames));
    }

    private long update(String sql, Keys keys) throws SQLException {
        BoundStatement b = bind(sql);
        requireUpdate(b);
        run(b, ParamSource.NONE, null, keys);
        return updateCount;
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return run(bind(sql), ParamSource.NONE, null, Keys.NONE);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return run(bind(sql), ParamSource.NONE, null, new Keys(autoGeneratedKeys, null, null));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return run(bind(sql), ParamSource.NONE, null, new Keys(Statement.RETURN_GENERATED_KEYS, columnIndexes, null));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        return run(bind(sql), ParamSource.NONE, null, new Keys(Statement.RETURN_GENERATED_KEYS, null, columnNames));
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        if (batch == null) {
            batch = new ArrayList<>();
        }
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch = null;
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = narrow(counts[i]);
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> sqls = batch == null ? List.of() : batch;
        batch = null;
        List<BatchItem> items = new ArrayList<>(sqls.size());
        for (String sql : sqls) {
            BoundStatement b = bind(sql);
            requireUpdate(b);
            items.add(new BatchItem(b.route(ParamSource.NONE, hint()), b.topology(), null));
        }
        return runBatch(items);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return current == null ? null : current.resultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return narrow(getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(Statement.CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current != Statement.KEEP_CURRENT_RESULT) {
            Execution e = this.current;
            this.current = null;
            if (e != null) {
                e.close();
            }
        }
        updateCount = -1;
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys == null) {
            CachedRowSet empty = RowSetProvider.newFactory().createCachedRowSet();
            return empty;
        }
        return generatedKeys;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeCurrent();
        } finally {
            connection.unregister(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return maxFieldSize;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw ShardlineException.invalid("max field size must not be negative");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw ShardlineException.invalid("max rows must not be negative");
        }
        maxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw ShardlineException.invalid("query timeout must not be negative");
        }
        queryTimeout = seconds;
    }

    @Override
    public void cancel() throws SQLException {
        Execution e = current;
        if (e != null && !e.isClosed()) {
            e.physical().cancel();
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        Execution e = current;
        return e == null || e.isClosed() ? null : e.physical().getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("named cursors (100403)", "0A000", ErrorCode.NOT_ALLOWED.code());
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() {
        return resultSetConcurrency;
    }

    @Override
    public int getResultSetType() {
        return resultSetType;
    }

    @Override
    public int getResultSetHoldability() {
        return resultSetHoldability;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }

    // ---- ShardlineStatement -------------------------------------------------------------------------------

    @Override
    public void setHint(long hintId) throws SQLException {
        checkOpen();
        hintValue = new HintValue.Int(hintId);
    }

    @Override
    public void setHint(String stringHint) throws SQLException {
        checkOpen();
        if (stringHint == null) {
            throw ShardlineException.invalid("a string hint must not be null");
        }
        hintValue = new HintValue.Str(stringHint);
    }

    @Override
    public void setHintTable(String tableName) throws SQLException {
        checkOpen();
        hintTable = tableName;
    }

    @Override
    public void setMaster(boolean master) throws SQLException {
        checkOpen();
        hintMaster = master;
    }

    @Override
    public void clearHint() throws SQLException {
        checkOpen();
        hintValue = null;
        hintTable = null;
        hintMaster = false;
    }

    @Override
    public Route lastRoute() {
        return lastRoute;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw ShardlineException.invalid("a Shardline statement does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
