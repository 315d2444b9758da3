package io.shardline.driver;

import io.shardline.driver.dbproxy.Shardline;
import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.ReadBalancer;
import io.shardline.driver.exec.ServerPools;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.Planner;
import io.shardline.router.plan.Route;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * A logical connection to the sharded database. Between statements it keeps the physical connection it last used on
 * each of up to {@link KeptConnections#CAPACITY} servers, for the next statement there, and gives one back whenever
 * it is idle and another statement waits for its server (so kept connections never starve anyone); in a transaction
 * it holds one on the master of the transaction's server, taken by the first statement that names a shard, and
 * refuses a second server with 100403 (one server's connection keeps the transaction exact), unless its transaction
 * mode is {@link TransactionMode#XA}: then it holds one XA branch per server it reaches ({@link GlobalTransaction}).
 * Like any JDBC connection it is meant for one thread at a time.
 */
public final class ShardlineConnection implements Connection {
    private final ShardlineRuntime runtime;
    private final boolean ownsRuntime;
    private final String cluster;
    /**
     * The open statements: the first here, any others open at once in {@link #moreStatements} (null until then).
     * Applications open a connection per operation with one statement on it, which then costs no set.
     */
    private LogicalStatement firstStatement;
    private Set<LogicalStatement> moreStatements;
    private boolean closed;
    private boolean autoCommit = true;
    private boolean readOnly;
    private int isolation = -1;
    private int networkTimeout = -1;
    private Lease transaction;
    /**
     * The physical connections of the last statements, one per server, kept for the next ones (no pool round trip,
     * prepared statements parked on them); each given back when idle and someone else waits for its server. Null
     * until the first.
     */
    private KeptConnections kept;
    /** The open transaction in XA mode (null in local mode, and before its first statement reaches a server). */
    private GlobalTransaction global;
    /**
     * A batch run item by item in autocommit mode (it holds a row move): its one atomic unit, a local transaction per
     * server (XA branches with transactions=xa), while the connection acts as inside a transaction; null otherwise.
     */
    private MoveLanes batchUnit;
    private TransactionMode transactionMode;
    /** When this connection last wrote (System.nanoTime), for read-your-writes; 0: never. */
    private long lastWriteNanos;
    /** A server the next reads must not use: the one a read just failed on, while the read runs again (-1: none). */
    private int avoidServerId = -1;
    private Lease metadataLease;
    /** Null until an application sets client info (few do). */
    private Properties clientInfo;

    ShardlineConnection(ShardlineRuntime runtime, boolean ownsRuntime) {
        this(runtime, ownsRuntime, runtime.cluster());
    }

    /** A connection that sees the tables of {@code cluster} (DBProxy's business group) instead of the URL's. */
    ShardlineConnection(ShardlineRuntime runtime, boolean ownsRuntime, String cluster) {
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.cluster = cluster;
        this.transactionMode = runtime.transactionMode();
    }

    /** The planner of this connection's cluster over the current metadata snapshot. */
    Planner planner() throws ShardlineException {
        return runtime.planner(cluster);
    }

    /** The shared runtime behind this connection: metadata snapshot, pools, refresh. */
    public ShardlineRuntime runtime() {
        return runtime;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new ShardlineException(ErrorCode.INTERNAL, "this Shardline connection is closed");
        }
    }

    // ---- leases: where a routed statement runs ------------------------------------------------------------

    /**
     * A connection for {@code route}: the transaction's (started here on the route's master if none yet), or in
     * autocommit mode a fresh one on the master or, for reads, a replica chosen by read weight.
     */
    Lease lease(Route route, Topology topology) throws SQLException {
        return lease(route.serverId(), route.database(), route.read(), route.forceMaster(), topology);
    }

    /** A connection for a statement on {@code serverId} (database null: a statement without tables). */
    Lease lease(int serverId, String database, boolean read, boolean forceMaster, Topology topology) throws SQLException {
        checkOpen();
        if (batchUnit != null && database != null) {
            return batchUnit.lease(serverId, database, false, "a batch's items").retain();
        }
        if (!autoCommit && transactionMode == TransactionMode.XA) {
            return branch(serverId, database, topology);
        }
        if (!autoCommit) {
            if (transaction != null) {
                if (database != null && transaction.server().id() != serverId) {
                    throw ShardlineException.notAllowed("this transaction runs on server " + transaction.server().id()
                            + " (" + transaction.server().address() + "); the statement needs server " + serverId
                            + " (" + database + "). A transaction stays on one server; commit first,"
                            + " keep its rows on one shard, or use transactions=xa");
                }
                return transaction.retain();
            }
            if (database != null) {
                Server master = topology.server(serverId);
                Lease lease = keptOn(master);
                if (lease == null) {
                    lease = keep(borrow(master));
                }
                beginLocal(lease, database);
                transaction = lease;
                return lease.retain();
            }
        }
        Server target = target(serverId, read, forceMaster, topology);
        Lease lease = keptOn(target);
        if (lease != null) {
            return lease;
        }
        lease = borrow(target);
        return transactionMode == TransactionMode.XA ? lease : keep(lease);
    }

    /** Keeps {@code lease} for later statements on its server, letting go of the least recently used beyond the cap. */
    private Lease keep(Lease lease) throws SQLException {
        if (kept == null) {
            kept = new KeptConnections();
        }
        Lease out = kept.add(lease.keep());
        if (out != null) {
            out.unkeep();
        }
        return lease;
    }

    /** The connection kept on {@code server}, taken for one more statement, when it is idle and sound; else null. */
    private Lease keptOn(Server server) throws SQLException {
        return keptOn(server, false, 0);
    }

    /** {@link #keptOn(Server)}, with the clock read by the caller when {@code clockRead} ({@code nowNanos}). */
    private Lease keptOn(Server server, boolean clockRead, long nowNanos) throws SQLException {
        int i = kept == null ? -1 : kept.indexOf(server.id());
        if (i < 0) {
            return null;
        }
        Lease k = kept.at(i);
        int timeout = runtime.pools().settings().probeTimeoutSeconds();
        if (k.server().sameEndpoint(server) && (clockRead ? k.reuse(timeout, nowNanos) : k.reuse(timeout))) {
            kept.touch(i);
            return k;
        }
        kept.removeAt(i); // given back to a waiter, broken, busy, or its server changed: the next borrow replaces it
        k.unkeep();
        return null;
    }

    /**
     * For a multi-shard read in autocommit mode: the idle connection kept on {@code server}, taken for the statement,
     * or null (none kept there, or it is busy; none in a transaction or in XA mode, whose connections are never kept).
     * {@code ServerPools.reserve} asks server by server in ascending id, in place of the permit it would wait for.
     */
    Lease keptForMulti(Server server, long nowNanos) throws SQLException {
        if (!autoCommit || transactionMode == TransactionMode.XA) {
            return null;
        }
        return keptOn(server, true, nowNanos);
    }

    /** {@link #keptForMulti} as the pools take it, made once (a method reference per statement is an object each). */
    private ServerPools.KeptLeases keptLeases;

    ServerPools.KeptLeases keptLeases() {
        if (keptLeases == null) {
            keptLeases = this::keptForMulti;
        }
        return keptLeases;
    }

    /**
     * Keeps a multi-shard read's newly borrowed connection for the next statements, when none is kept on its server
     * yet and there is room: a statement over more servers than {@link KeptConnections#CAPACITY} would only push out
     * the others.
     */
    void keepAfterMulti(Lease lease) throws SQLException {
        if (!autoCommit || transactionMode == TransactionMode.XA || lease.isKept()) {
            return;
        }
        if (kept != null && (kept.isFull() || kept.indexOf(lease.server().id()) >= 0)) {
            return;
        }
        keep(lease);
    }

    /** Lets go of one kept connection: it goes back to the pool once no statement uses it. */
    private void unkeep(Lease lease) throws SQLException {
        if (kept != null && kept.remove(lease)) {
            lease.unkeep();
        }
    }

    /** Lets go of every kept connection. */
    private void dropKept() throws SQLException {
        if (kept != null && kept.size() > 0) {
            kept.clear(Lease::unkeep);
        }
    }

    /**
     * In XA mode: the branch of the open transaction on {@code serverId}, started there (XA START on its master) when
     * the transaction first reaches it. A statement without tables uses the first branch, or runs outside the
     * transaction while there is none (as in local mode).
     */
    private Lease branch(int serverId, String database, Topology topology) throws SQLException {
        if (database == null) {
            Lease first = global == null ? null : global.first();
            return first != null ? first.retain() : borrow(topology.server(serverId));
        }
        GlobalTransaction g = global != null ? global : new GlobalTransaction(runtime);
        Lease lease = g.lease(serverId);
        if (lease != null) {
            return lease.retain();
        }
        lease = borrow(topology.server(serverId));
        g.join(lease); // on failure the transaction stays as it was
        global = g;
        return lease.retain();
    }

    /**
     * The server an autocommit statement for {@code serverId} runs on: a read's member of the master's group by weight
     * among those usable now (up, and for a replica within its replication bound), else the master. Writes, locking
     * reads, {@code master} hints, transactions, and reads within {@code readYourWrites} of this connection's last
     * write use the master.
     */
    Server target(int serverId, boolean read, boolean forceMaster, Topology topology) {
        if (!read || forceMaster || !autoCommit || readsFollowWrite()) {
            return topology.server(serverId);
        }
        Server s = ReadBalancer.pick(topology, serverId, runtime.pools(), runtime.replicas(), avoidServerId);
        return s != null ? s : topology.server(serverId);
    }

    private boolean readsFollowWrite() {
        long window = runtime.readYourWritesNanos();
        return window > 0 && lastWriteNanos != 0 && System.nanoTime() - lastWriteNanos < window;
    }

    /** A statement that writes is about to run: with {@code readYourWrites}, reads stay on the masters for a while. */
    void wrote() {
        if (runtime.readYourWritesNanos() > 0) {
            lastWriteNanos = System.nanoTime();
        }
    }

    /**
     * A read of master group {@code masterId} failed because {@code failed} did: whether another member of the group can
     * serve it, in which case the reads that follow avoid {@code failed} until {@link #readRetried()}. Only autocommit
     * reads are retried, never a write, and never a read inside a transaction.
     */
    boolean retryReadAvoiding(int masterId, Server failed, Topology topology) {
        if (!autoCommit || readsFollowWrite()) {
            return false;
        }
        if (ReadBalancer.pick(topology, masterId, runtime.pools(), runtime.replicas(), failed.id()) == null) {
            return false;
        }
        avoidServerId = failed.id();
        return true;
    }

    /** The retried read is done: every member may serve reads again. */
    void readRetried() {
        avoidServerId = -1;
    }

    /** The read timeout the application set with setNetworkTimeout, or -1 for the pool's default. */
    int networkTimeoutSetting() {
        return networkTimeout;
    }

    /**
     * Starts the atomic unit of a batch run item by item in autocommit mode: until {@link #endBatchUnit}, statements
     * run as inside a transaction, one per server they reach (several servers allowed), committed at its end.
     */
    void beginBatchUnit(Topology topology) throws SQLException {
        batchUnit = new MoveLanes(this, topology); // made in autocommit mode: it owns its transactions
        autoCommit = false;
    }

    /** Commits (servers that received moved rows first) or rolls back the batch's unit; autocommit mode again. */
    void endBatchUnit(boolean commit, SQLException into) throws SQLException {
        MoveLanes unit = batchUnit;
        batchUnit = null;
        autoCommit = true;
        if (commit) {
            unit.commit();
        } else {
            unit.rollback(into);
        }
    }

    /** Whether a statement may reach several servers inside the transaction: XA, or a batch's unit. */
    boolean transactionSpansServers() {
        return transactionMode == TransactionMode.XA || batchUnit != null;
    }

    /** A row move inside a batch's unit inserted rows on {@code serverId}. */
    void receivesMovedRows(int serverId) {
        if (batchUnit != null) {
            batchUnit.receives(serverId);
        }
    }

    /** Whether statements run in autocommit mode (no transaction open or to be opened). */
    boolean autoCommitMode() {
        return autoCommit;
    }

    private Lease borrow(Server server) throws SQLException {
        return prepare(runtime.pools().borrow(server));
    }

    /** Applies this connection's session settings to a freshly borrowed physical connection. */
    Lease prepare(Lease lease) throws SQLException {
        Connection physical = lease.connection();
        try {
            if (isolation >= 0) {
                physical.setTransactionIsolation(isolation);
            }
            if (readOnly) {
                physical.setReadOnly(true);
            }
            if (networkTimeout >= 0) {
                lease.networkTimeout(networkTimeout);
            }
        } catch (SQLException e) {
            ShardlineException failure = Errors.physical(e, lease, null);
            Errors.closeQuietly(lease, failure);
            throw failure;
        }
        return lease;
    }

    /** Starts a local transaction on {@code lease}; if the server refuses, gives the lease back and reports it. */
    static void beginLocal(Lease lease, String database) throws ShardlineException {
        try {
            lease.connection().setAutoCommit(false);
        } catch (SQLException e) {
            ShardlineException failure = Errors.physical(e, lease, database);
            Errors.closeQuietly(lease, failure);
            throw failure;
        }
    }

    void register(LogicalStatement s) {
        if (firstStatement == null) {
            firstStatement = s;
            return;
        }
        if (moreStatements == null) {
            moreStatements = Collections.newSetFromMap(new IdentityHashMap<>(4));
        }
        moreStatements.add(s);
    }

    void unregister(LogicalStatement s) {
        if (firstStatement == s) {
            firstStatement = null;
        } else if (moreStatements != null) {
            moreStatements.remove(s);
        }
    }

    /** The statements open now, copied (closing one unregisters it). */
    private List<LogicalStatement> openStatements() {
        if (moreStatements == null || moreStatements.isEmpty()) {
            return firstStatement == null ? List.of() : List.of(firstStatement);
        }
        List<LogicalStatement> all = new java.util.ArrayList<>(moreStatements.size() + 1);
        if (firstStatement != null) {
            all.add(firstStatement);
        }
        all.addAll(moreStatements);
        return all;
    }

    // ---- statements ---------------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, ResultSet.HOLD_CURSORS_OVER_COMMIT);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        return new LogicalStatement(this, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, Statement.NO_GENERATED_KEYS, null, null, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepare(sql, Statement.NO_GENERATED_KEYS, null, null, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return prepare(sql, Statement.NO_GENERATED_KEYS, null, null, resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, autoGeneratedKeys, null, null, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, Statement.RETURN_GENERATED_KEYS, columnIndexes, null, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, Statement.RETURN_GENERATED_KEYS, null, columnNames, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
    }

    private PreparedStatement prepare(String sql, int keys, int[] keyIndexes, String[] keyNames, int type,
                                      int concurrency) throws SQLException {
        checkOpen();
        return new LogicalPreparedStatement(this, sql, keys, keyIndexes, keyNames, type, concurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw notSupported("stored procedure calls (CALL) cannot be routed to a shard");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    private static SQLFeatureNotSupportedException notSupported(String what) {
        return new SQLFeatureNotSupportedException(what + " (100403)", "0A000", ErrorCode.NOT_ALLOWED.code());
    }

    @Override
    public String nativeSQL(String sql) {
        return sql;
    }

    // ---- transactions -------------------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (autoCommit && !this.autoCommit) {
            commit(); // JDBC: switching autocommit on commits the open transaction
        }
        this.autoCommit = autoCommit;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        endTransaction(true);
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        endTransaction(false);
    }

    private void endTransaction(boolean commit) throws SQLException {
        GlobalTransaction g = global;
        if (g != null) {
            global = null;
            if (commit) {
                g.commit();
            } else {
                g.rollback();
            }
            return;
        }
        Lease tx = transaction;
        if (tx == null) {
            return;
        }
        transaction = null;
        SQLException failure = null;
        try {
            if (commit) {
                tx.connection().commit();
            } else {
                tx.connection().rollback();
            }
        } catch (SQLException e) {
            failure = Errors.physical(e, tx, null);
            tx.abortOnRelease(); // whatever of it is still open must not reach the pool, whose reset would commit it
            try {
                if (commit) {
                    tx.connection().rollback();
                }
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
        } finally {
            if (tx.isKept()) {
                try { // a kept connection does not go back to the pool, which would restore autocommit itself
                    if (failure == null) {
                        tx.connection().setAutoCommit(true);
                    } else {
                        unkeep(tx);
                    }
                } catch (SQLException e) {
                    failure = failure != null ? failure : Errors.physical(e, tx, null);
                    unkeep(tx);
                }
            }
            try {
                tx.release();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = Errors.physical(e, tx, null);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The server the open transaction runs on (in XA mode its first server), or -1 when no statement has started one. */
    public int transactionServerId() {
        if (global != null) {
            Lease first = global.first();
            return first == null ? -1 : first.server().id();
        }
        return transaction == null ? -1 : transaction.server().id();
    }

    /**
     * Sets how this connection's transactions use servers (the URL's {@code transactions} is the default): XA lets one
     * transaction span servers and makes multi-server autocommit writes atomic. Refused (100403) while a transaction
     * holds a server.
     */
    public void setTransactionMode(TransactionMode mode) throws SQLException {
        checkOpen();
        if (mode == null) {
            throw ShardlineException.invalid("the transaction mode must not be null");
        }
        if (mode != transactionMode && (transaction != null || global != null)) {
            throw ShardlineException.notAllowed("the transaction mode cannot change while a transaction holds a server;"
                    + " commit or roll back first");
        }
        transactionMode = mode;
    }

    public TransactionMode getTransactionMode() {
        return transactionMode;
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        transactionConnection("ROLLBACK TO SAVEPOINT").rollback(savepoint);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return transactionConnection("SAVEPOINT").setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return transactionConnection("SAVEPOINT").setSavepoint(name);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        transactionConnection("RELEASE SAVEPOINT").releaseSavepoint(savepoint);
    }

    private Connection transactionConnection(String what) throws SQLException {
        checkOpen();
        if (!autoCommit && transactionMode == TransactionMode.XA) {
            throw ShardlineException.notAllowed(what + " is not supported in XA transactions: a savepoint would have to"
                    + " cover every server the transaction reaches; use transactions=local for savepoints");
        }
        if (autoCommit || transaction == null) {
            throw ShardlineException.notAllowed(what + " needs an open transaction that has run a statement on a shard"
                    + " (Shardline picks the transaction's server from its first statement)");
        }
        return transaction.connection();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (global != null) {
            throw ShardlineException.notAllowed("the isolation level cannot change in an open XA transaction; commit or"
                    + " roll back first");
        }
        this.isolation = level;
        dropKept();
        if (transaction != null) {
            transaction.connection().setTransactionIsolation(level);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return isolation >= 0 ? isolation : Connection.TRANSACTION_REPEATABLE_READ;
    }

    // ---- state --------------------------------------------------------------------------------------------

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        SQLException failure = null;
        List<LogicalStatement> open = openStatements();
        for (int i = 0; i < open.size(); i++) { // indexed: closing a pooled application's connection allocates less
            try {
                open.get(i).close();
            } catch (SQLException e) {
                failure = add(failure, e);
            }
        }
        if (transaction != null || global != null) {
            try {
                endTransaction(false);
            } catch (SQLException e) {
                failure = add(failure, e);
            }
        }
        try {
            dropKept();
        } catch (SQLException e) {
            failure = add(failure, e);
        }
        if (metadataLease != null) {
            try {
                metadataLease.release();
            } catch (SQLException e) {
                failure = add(failure, e);
            }
            metadataLease = null;
        }
        if (ownsRuntime) {
            runtime.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException add(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw ShardlineException.invalid("timeout must not be negative");
        }
        return !closed && !runtime.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metadataLease == null) {
            Topology t = runtime.topology();
            metadataLease = borrow(t.server(t.defaultServerId(cluster)));
        }
        return new ShardlineDatabaseMetaData(metadataLease.connection().getMetaData(), this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        if (readOnly != this.readOnly) {
            dropKept();
        }
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    /** The logical database is the only catalog; naming it is accepted, any other is refused. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        if (catalog != null && !catalog.equals(runtime.url().logicalDatabase())) {
            throw ShardlineException.notFound("this connection serves the logical database '"
                    + runtime.url().logicalDatabase() + "' only, not '" + catalog + "'");
        }
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return runtime.url().logicalDatabase();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        setCatalog(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return getCatalog();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() {
        return Map.of();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw notSupported("user-defined type maps");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw notSupported("CLOSE_CURSORS_AT_COMMIT");
        }
    }

    @Override
    public int getHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Clob createClob() {
        return newClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return new SerialBlob(new byte[0]);
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw notSupported("NClob objects; bind NCLOB values with setNString or setNCharacterStream");
    }

    private static Clob newClob() {
        try {
            return new SerialClob(new char[0]);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw notSupported("SQLXML (MySQL has no XML type)");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw notSupported("SQL arrays (MySQL has no array type)");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw notSupported("SQL structs (MySQL has no struct type)");
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            if (clientInfo != null) {
                clientInfo.remove(name);
            }
        } else {
            clientInfo().setProperty(name, value);
        }
    }

    private Properties clientInfo() {
        if (clientInfo == null) {
            clientInfo = new Properties();
        }
        return clientInfo;
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfo = null;
        if (properties != null) {
            clientInfo().putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) {
        return clientInfo == null ? null : clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() {
        Properties copy = new Properties();
        if (clientInfo != null) {
            copy.putAll(clientInfo);
        }
        return copy;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw ShardlineException.invalid("abort needs an executor");
        }
        executor.execute(() -> {
            try {
                close();
            } catch (SQLException ignored) {
                // abort is best effort by contract
            }
        });
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw ShardlineException.invalid("network timeout must not be negative");
        }
        if (milliseconds != networkTimeout) {
            dropKept();
        }
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return Math.max(0, networkTimeout);
    }

    /** Also hands out the DBProxy API ({@link Shardline}) over this connection's runtime, not its transaction. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(runtime)) {
            return iface.cast(runtime);
        }
        if (iface == Shardline.class) {
            return iface.cast(Shardline.of(runtime));
        }
        throw ShardlineException.invalid("a Shardline connection does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(runtime) || iface == Shardline.class;
    }
}
