package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.DeleteTargets;
import io.shardline.driver.exec.InlinePolicy;
import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.ServerFailure;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.merge.MergedResultSet;
import io.shardline.router.merge.Merger;
import io.shardline.router.merge.RowStream;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.plan.MultiPlan;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Plan;
import io.shardline.router.plan.PlanContext;
import io.shardline.router.plan.Route;
import io.shardline.router.plan.Unit;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import io.shardline.router.sql.StatementKind;
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
 * A logical {@link Statement}: plans each SQL text and runs it. One shard: the statement runs there on a physical
 * statement and the physical result set comes back thinly wrapped (no merge, no thread hop). Several shards: the
 * units run in parallel ({@link UnitRunner}) and the rows are merged ({@link Merger}). Also the base of
 * {@link LogicalPreparedStatement}.
 */
class LogicalStatement implements Statement, ShardlineStatement {
    /** Binds parameters of one execution onto a physical prepared statement. */
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;

        /** Binds physical placeholder {@code i + 1} to logical parameter {@code params[i]} (a unit's own order). */
        default void bind(PreparedStatement ps, int[] params) throws SQLException {
            for (int i = 0; i < params.length; i++) {
                bindAt(ps, i + 1, params[i]);
            }
        }

        /** Binds physical placeholder {@code position} to logical parameter {@code param}. */
        void bindAt(PreparedStatement ps, int position, int param) throws SQLException;
    }

    /** What the caller asked for in generated keys. */
    record Keys(int mode, int[] indexes, String[] names) {
        static final Keys NONE = new Keys(Statement.NO_GENERATED_KEYS, null, null);

        boolean wanted() {
            return mode == Statement.RETURN_GENERATED_KEYS;
        }

        /** Whether the caller asked for generated keys in any of JDBC's three ways. */
        boolean any() {
            return wanted() || indexes != null || names != null;
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
    /** A result Shardline made itself (EXPLAIN SHARDLINE); closed like an execution's. */
    private ResultSet local;
    private long updateCount = -1;
    private ResultSet generatedKeys;
    /** Set while {@link #runPrepared} runs: its units need their own counts. */
    private boolean unitsApart;
    private Route lastRoute;
    private Plan lastPlan;
    /** How many plans this statement has made: a failure that left it unchanged came before routing. */
    private int plansMade;
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
    /**
     * What {@link #cancel()} from another thread reaches while a statement runs. Set with release stores: a cancel
     * needs to find the statement, not to order this thread's later reads, and a volatile store's fence twice per
     * execution is part of what a pooled application pays per operation.
     */
    private volatile Statement running;
    /** The lease {@link #running} runs on: written before it, so a cancel that finds the statement finds this too. */
    private Lease runningOn;
    private static final java.lang.invoke.VarHandle RUNNING;

    static {
        try {
            RUNNING = java.lang.invoke.MethodHandles.lookup().findVarHandle(LogicalStatement.class, "running",
                    Statement.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile UnitRunner runner;
    /** The deadline of a read being retried on another server: the retry does not start a new query timeout. */
    private Deadline pinnedDeadline;
    private List<String> batch;
    /** A multi-shard statement's per-unit counts and µs, kept for the SQL log (only while it watches). */
    private long[] unitCounts;
    private long[] unitMicros;
    /**
     * Whether this execution's units are timed: only the SQL log and meters read their times, and two clock reads per
     * unit were about 3% of a 16-shard GROUP BY's CPU on H2.
     */
    private boolean timeUnits;
    /**
     * Ids global sequences handed out for the current execution, in row order; null until the first (a pooled
     * application's statement runs once and takes none).
     */
    private List<Long> generatedIds;

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
        try {
            return connection.planner().bind(sql);
        } catch (ShardlineException e) { // refused before it could run (StatementRules, the lexer, the parser)
            connection.runtime().observer().refusedUnread(sql, e);
            throw e;
        }
    }

    // ---- the one execution path ---------------------------------------------------------------------------

    /**
     * Routes and runs one statement on its shard. A query keeps its connection until its result set closes; an
     * update returns it at once, after copying the generated keys if they were asked for.
     *
     * @return true when the statement produced a result set
     */
    final boolean run(BoundStatement bound, ParamSource params, Binder binder, Keys keys) throws SQLException {
        StatementObserver observer = connection.runtime().observer();
        timeUnits = observer.watching();
        if (!timeUnits) {
            return runFollowingMoves(bound, params, binder, keys);
        }
        int plansBefore = plansMade;
        unitCounts = null;
        unitMicros = null;
        long start = System.nanoTime();
        try {
            boolean rows = runFollowingMoves(bound, params, binder, keys);
            observer.statement(bound, params, plansMade != plansBefore, lastPlan, rows, updateCount, unitCounts,
                    unitMicros, System.nanoTime() - start, null);
            return rows;
        } catch (SQLException e) {
            observer.statement(bound, params, plansMade != plansBefore, lastPlan, false, -1, unitCounts,
                    unitMicros, System.nanoTime() - start, e);
            throw e;
        }
    }

    private boolean runFollowingMoves(BoundStatement bound, ParamSource params, Binder binder, Keys keys)
            throws SQLException {
        for (int moves = 0; ; moves++) {
            boolean freshTransaction = connection.transactionServerId() < 0;
            try {
                return runOnce(bound, params, binder, keys);
            } catch (SQLException e) {
                BoundStatement failed = bound;
                BoundStatement[] again = new BoundStatement[1];
                if (moves >= ShardMoves.MAX_MOVES || failed.parsed().kind() == StatementKind.DDL
                        || !ShardMoves.tableMissing(e) || !followMove(e, ShardMoves.placements(lastPlan),
                        failed.topology().updateStamp(), freshTransaction, () -> {
                            again[0] = connection.planner().bind(failed.parsed());
                            return ShardMoves.placements(again[0].plan(params, hint(), planContext(true)));
                        })) {
                    throw e;
                }
                bound = again[0];
            }
        }
    }

    /**
     * After a statement found a table missing on {@code failed}: true when its shard moved to another server and the
     * statement may run again there (nothing of it ran; a transaction it opened, empty, is rolled back first); false
     * when the failure stands. A later statement of a transaction whose shard moved rolls the transaction back and
     * throws a failure saying to run it again ({@link ShardMoves}).
     */
    final boolean followMove(SQLException e, java.util.Set<ShardMoves.Placement> failed, long plannedStamp,
                             boolean freshTransaction, ShardMoves.Replan replan) throws SQLException {
        try {
            if (!ShardMoves.moved(connection.runtime(), e, failed, plannedStamp, replan, deadline())) {
                return false;
            }
        } catch (SQLException other) {
            if (other.getCause() != e) {
                e.addSuppressed(other);
                return false;
            }
            if (!connection.autoCommitMode() && freshTransaction) {
                connection.rollback(); // the transaction this statement opened holds nothing
            }
            throw other; // the shard is still moving: the clearer failure
        }
        if (!connection.autoCommitMode()) {
            if (!freshTransaction) {
                ShardlineException rolledBack = ShardMoves.transactionRolledBack(e, failed);
                try {
                    connection.rollback();
                } catch (SQLException r) {
                    rolledBack.addSuppressed(r);
                }
                throw rolledBack;
            }
            connection.rollback(); // the transaction this statement opened holds nothing: it starts again there
        }
        return true;
    }

    private boolean runOnce(BoundStatement bound, ParamSource params, Binder binder, Keys keys) throws SQLException {
        checkOpen();
        closeCurrent();
        if (bound.parsed().kind() == StatementKind.DDL && !connection.autoCommitMode()) {
            throw ShardlineException.notAllowed("DDL commits the open transaction in MySQL; run it outside a transaction");
        }
        clearGeneratedIds();
        Plan plan;
        try {
            plan = bound.plan(params, hint(), planContext());
        } catch (ShardlineException refused) {
            return runRefusedWrite(bound, params, binder, keys, refused);
        }
        return runPlanned(plan, bound, binder, keys);
    }

    /** Plans are shared (a route to one shard is made once): the count, not the plan's identity, tells a new one. */
    private void setLastPlan(Plan plan) {
        lastPlan = plan;
        plansMade++;
    }

    /** Runs a statement planned already: on its shard, its shards, or gathered. */
    private boolean runPlanned(Plan plan, BoundStatement bound, Binder binder, Keys keys) throws SQLException {
        setLastPlan(plan);
        if (bound.parsed().kind().isWrite()) {
            connection.wrote();
        }
        if (plan instanceof MultiPlan multi) {
            lastRoute = null;
            boolean rows = runMulti(multi, bound, binder, keys);
            keepGeneratedIds(keys);
            forgetColumnsAfterDdl(bound);
            return rows;
        }
        if (plan instanceof GatherPlan gather) {
            lastRoute = null;
            return runGather(gather, bound.topology(), binder);
        }
        Route route = (Route) plan;
        lastRoute = route;
        Topology topology = bound.topology();
        Deadline deadline = deadline();
        try {
            return runRoute(route, topology, deadline, bound, binder, keys);
        } catch (ServerFailure failed) {
            // a read whose server failed runs once more on another member of its group, within the same deadline;
            // a write never does (it may have taken effect)
            if (!route.read() || route.forceMaster()
                    || !connection.retryReadAvoiding(route.serverId(), failed.server(), topology)) {
                throw failed;
            }
            try {
                return runRoute(route, topology, deadline, bound, binder, keys);
            } catch (SQLException again) {
                again.addSuppressed(failed);
                throw again;
            } finally {
                connection.readRetried();
            }
        }
    }

    /** Runs a single-shard statement on the connection {@code route} leads to (the hot path). */
    private boolean runRoute(Route route, Topology topology, Deadline deadline, BoundStatement bound, Binder binder,
                             Keys keys) throws SQLException {
        Lease lease = connection.lease(route, topology);
        Statement physical = null;
        String parkAs = null;
        Watch watch = Watch.NONE;
        try {
            Connection pc = lease.connection();
            if (bound.parsed().kind() == StatementKind.DELETE) {
                DeleteTargets.prepare(pc, lease.server(), route.database(), route.sql());
            }
            int fetch = effectiveFetchSize();
            if (fetch > 0 && !bound.parsed().kind().isWrite() && !keys.any()
                    && resultSetType == ResultSet.TYPE_FORWARD_ONLY && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY) {
                PreparedStatement ps = Cursors.prepare(pc, route.sql(), fetch, lease.server());
                physical = ps;
                if (binder != null) {
                    binder.bind(ps);
                }
            } else if (binder == null) {
                physical = pc.createStatement(resultSetType, resultSetConcurrency);
            } else {
                PreparedStatement ps = null;
                if (parkable(fetch, keys) && lease.isKept()) {
                    ps = lease.takeParked(route.sql());
                    parkAs = route.sql();
                }
                if (ps == null) {
                    ps = keys.prepare(parkAs != null ? lease.forParking() : pc, route.sql(), resultSetType,
                            resultSetConcurrency);
                }
                physical = ps;
                binder.bind(ps);
            }
            applySettings(physical, lease, deadline, fetch);
            runningOn = lease;
            RUNNING.setRelease(this, physical);
            watch = Watch.arm(physical, lease, deadline);
            boolean rows;
            try {
                rows = physical instanceof PreparedStatement ps ? ps.execute() : keys.execute(physical, route.sql());
            } finally {
                watch.disarm();
            }
            if (rows) {
                current = parkAs != null ? new Execution(lease, (PreparedStatement) physical, parkAs, this)
                        : new Execution(lease, physical, this);
                current.open(physical.getResultSet());
                updateCount = -1;
                return true;
            }
            updateCount = physical.getLargeUpdateCount();
            if (hasGeneratedIds()) {
                keepGeneratedIds(keys);
            } else if (keys.any()) {
                generatedKeys = copy(physical.getGeneratedKeys());
            }
            forgetColumnsAfterDdl(bound);
            Statement done = physical;
            physical = null;
            if (parkAs == null || !lease.park(parkAs, (PreparedStatement) done)) {
                done.close();
            }
            lease.release();
            return false;
        } catch (SQLException | OutOfMemoryError | StackOverflowError e) {
            ShardlineException wrapped = e instanceof SQLException sql
                    ? Errors.physical(watch.explain(sql, lease.server(), route.database()), lease, route.database())
                    : Errors.localResources((Error) e, "reading the result of " + lease.server().address());
            Errors.closeQuietly(physical, wrapped);
            Errors.closeQuietly(lease, wrapped);
            throw wrapped;
        } finally {
            RUNNING.setRelease(this, (Statement) null);
        }
    }

    /**
     * A write the planner refused that Shardline can still answer by evaluating part of it first: an INSERT without a
     * column list (the shards' column order written out), an UPDATE or DELETE whose subqueries read other shards (their
     * rows substituted), an INSERT ... SELECT (the SELECT's rows inserted as one multi-row INSERT). Else the refusal.
     */
    private boolean runRefusedWrite(BoundStatement bound, ParamSource params, Binder binder, Keys keys,
                                    ShardlineException refused) throws SQLException {
        if (InsertColumnList.applies(bound, refused)) {
            BoundStatement listed = connection.planner().bind(InsertColumnList.withColumns(connection, bound));
            if (listed.parsed().insert() == null || listed.parsed().insert().columns() == null) {
                throw refused;
            }
            return runOnce(listed, params, binder, keys);
        }
        if (SubqueryValues.applies(bound, refused)) {
            String substituted;
            try {
                substituted = SubqueryValues.substitute(connection, bound, refused);
            } catch (ShardlineException notAlone) {
                if (!JoinedWrite.applies(bound, refused)) {
                    throw notAlone;
                }
                return runJoinedWrite(bound, params, binder); // correlated: evaluated with its outer table, then by key
            }
            if (!substituted.equals(bound.parsed().sql())) {
                return runOnce(connection.planner().bind(substituted), params, binder, keys);
            }
        }
        if (JoinedWrite.applies(bound, refused)) {
            return runJoinedWrite(bound, params, binder);
        }
        if (!InsertSelect.applies(bound, refused)) {
            throw refused;
        }
        connection.wrote();
        Plan[] inserted = new Plan[1];
        ResultSet[] keysOut = new ResultSet[1];
        updateCount = InsertSelect.run(connection, bound, binder, keys, inserted, keysOut);
        if (keysOut[0] != null) {
            generatedKeys = keysOut[0];
        }
        setLastPlan(inserted[0]);
        lastRoute = null;
        return false;
    }

    /** An UPDATE or DELETE joined with other tables: its SELECT evaluated first, then its rows written by key. */
    private boolean runJoinedWrite(BoundStatement bound, ParamSource params, Binder binder) throws SQLException {
        JoinedWrite write;
        try {
            write = JoinedWrite.of(connection, bound);
        } catch (JoinedWrite.NoKey keyless) { // no key to write its rows by: the statement runs on each target shard
            InPlaceWrite.Keyless steps = InPlaceWrite.plan(connection, bound, keyless, params, hint(), planContext());
            connection.wrote();
            updateCount = InPlaceWrite.run(connection, this, steps, bound.topology(), deadline(), binder);
            setLastPlan(null);
            lastRoute = null;
            return false;
        }
        connection.wrote();
        Plan[] written = new Plan[1];
        updateCount = WriteByKey.run(connection, write, binder, written);
        setLastPlan(written[0]);
        lastRoute = null;
        return false;
    }

    /**
     * Runs a statement by gathering its tables' rows into temporary tables on one server and running it there
     * ({@link GatherPlan}); the temporary tables are dropped when its result set closes, before the connection is
     * returned.
     */
    private boolean runGather(GatherPlan plan, Topology topology, Binder binder) throws SQLException {
        if (!connection.autoCommitMode() && Gather.isH2(topology, plan.serverId())) {
            // H2 commits the open transaction when it drops a table, even a temporary one
            throw ShardlineException.notAllowed(plan.reason() + "; answering it would copy rows into temporary tables,"
                    + " which an H2 server cannot drop inside a transaction without committing it; run it outside the"
                    + " transaction");
        }
        Deadline deadline = deadline();
        if (plan.inline() != null && connection.autoCommitMode() && runInline(plan, topology, binder, deadline)) {
            return true;
        }
        Lease lease = connection.lease(plan.serverId(), plan.database(), false, true, topology);
        try {
            Gather.fill(connection, this, plan, topology, deadline, lease);
        } catch (SQLException | OutOfMemoryError | StackOverflowError e) {
            throw evaluationFailed(e, lease, plan.database(), null, Watch.NONE, l -> Gather.drop(l, plan, topology));
        }
        return evaluate(lease, plan.sql(), plan.database(), binder, deadline, l -> Gather.drop(l, plan, topology));
    }

    /**
     * Runs the plan's inline alternative ({@link InlineSides}): false, having changed nothing, when the server or the
     * rows do not allow it and the gather must run instead.
     */
    private boolean runInline(GatherPlan plan, Topology topology, Binder binder, Deadline deadline) throws SQLException {
        GatherPlan.Inline inline = plan.inline();
        Lease lease = connection.lease(inline.serverId(), inline.database(), false, true, topology);
        String sql;
        try {
            sql = InlineSides.supported(lease) ? InlineSides.statement(connection, this, plan, topology, deadline, lease)
                    : null;
        } catch (SQLException | OutOfMemoryError | StackOverflowError e) {
            throw evaluationFailed(e, lease, inline.database(), null, Watch.NONE, null);
        }
        if (sql == null) {
            lease.release();
            return false;
        }
        return evaluate(lease, sql, inline.database(), binder, deadline, null);
    }

    /** Runs a gather's final statement on {@code lease}; {@code cleanup} (or null) runs when its result closes. */
    private boolean evaluate(Lease lease, String sql, String database, Binder binder, Deadline deadline,
                             Execution.Cleanup cleanup) throws SQLException {
        Statement physical = null;
        Watch watch = Watch.NONE;
        try {
            Connection pc = lease.connection();
            int fetch = effectiveFetchSize();
            if (fetch > 0 && resultSetType == ResultSet.TYPE_FORWARD_ONLY
                    && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY) {
                physical = Cursors.prepare(pc, sql, fetch, lease.server());
            } else if (binder == null) {
                physical = pc.createStatement(resultSetType, resultSetConcurrency);
            } else {
                physical = pc.prepareStatement(sql, resultSetType, resultSetConcurrency);
            }
            if (binder != null) {
                binder.bind((PreparedStatement) physical);
            }
            applySettings(physical, lease, deadline, fetch);
            runningOn = lease;
            running = physical;
            watch = Watch.arm(physical, lease, deadline);
            try {
                if (physical instanceof PreparedStatement ps) {
                    ps.execute();
                } else {
                    physical.execute(sql);
                }
            } finally {
                watch.disarm();
            }
            current = new Execution(lease, physical, this).cleanup(cleanup);
            current.open(physical.getResultSet());
            updateCount = -1;
            return true;
        } catch (SQLException | OutOfMemoryError | StackOverflowError e) {
            throw evaluationFailed(e, lease, database, physical, watch, cleanup);
        } finally {
            running = null;
        }
    }

    /** The failure of a gather's step on {@code lease}, its statement closed, cleaned up and the lease given back. */
    private static ShardlineException evaluationFailed(Throwable e, Lease lease, String database, Statement physical,
                                                       Watch watch, Execution.Cleanup cleanup) {
        ShardlineException wrapped = e instanceof SQLException sql
                ? Errors.physical(watch.explain(sql, lease.server(), database), lease, database)
                : Errors.localResources((Error) e, "gathering rows on " + lease.server().address());
        Errors.closeQuietly(physical, wrapped);
        if (cleanup != null) {
            Errors.closeQuietly(() -> cleanup.run(lease), wrapped);
        }
        Errors.closeQuietly(lease, wrapped);
        return wrapped;
    }

    /**
     * What planning asks of this connection: the transaction's server (where broadcast tables are read) and global
     * sequences, whose ids are kept for {@link #getGeneratedKeys()}. One per statement, reading the connection's state
     * when asked; the dry run (EXPLAIN SHARDLINE) takes no ids.
     */
    private final class Context implements PlanContext {
        private final boolean dryRun;

        Context(boolean dryRun) {
            this.dryRun = dryRun;
        }

        @Override
        public int transactionServer() {
            return connection.transactionServerId();
        }

        @Override
        public String sequenceColumn(LogicalTable table) throws ShardlineException {
            try {
                return connection.runtime().sequences().column(connection.runtime().topology(), table);
            } catch (SQLException e) {
                throw shardline(e);
            }
        }

        @Override
        public long[] nextIds(LogicalTable table, int count) throws ShardlineException {
            Sequences sequences = connection.runtime().sequences();
            if (dryRun) {
                return sequences.peek(table, count);
            }
            try {
                long[] ids = sequences.next(connection.runtime().topology(), table, count);
                for (long id : ids) {
                    generatedIds().add(id);
                }
                return ids;
            } catch (SQLException e) {
                throw shardline(e);
            }
        }

        private static ShardlineException shardline(SQLException e) {
            return e instanceof ShardlineException s ? s : new ShardlineException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    private final Context context = new Context(false);
    /** For EXPLAIN and replanning after a failure, rarely: null until then. */
    private Context dryRun;

    final boolean timesUnits() {
        return timeUnits;
    }

    /** The bound statement whose inline-policy times {@link #inlineTimes} holds (its last multi-shard one). */
    private BoundStatement timedBound;
    private InlinePolicy.Times inlineTimes;

    /** The policy's times of {@code bound}, looked up once while this statement keeps running it. */
    final InlinePolicy.Times inlineTimes(InlinePolicy policy, BoundStatement bound) {
        if (bound != timedBound) {
            inlineTimes = policy.timesOf(bound);
            timedBound = bound;
        }
        return inlineTimes;
    }

    final PlanContext planContext(boolean explain) {
        if (!explain) {
            return context;
        }
        if (dryRun == null) {
            dryRun = new Context(true);
        }
        return dryRun;
    }

    final PlanContext planContext() {
        return context;
    }

    /**
     * Runs a multi-shard plan. A query's rows are merged as the plan says and read through a
     * {@link MergedResultSet}, which holds the units' connections until it closes; a write adds up the counts.
     */
    private boolean runMulti(MultiPlan plan, BoundStatement bound, Binder binder, Keys keys) throws SQLException {
        Topology topology = bound.topology();
        if (plan.mode() == MultiPlan.Mode.DDL) {
            updateCount = DdlFanOut.run(connection, plan, topology, this);
            return false;
        }
        UnitRunner.Results r;
        Deadline deadline = deadline();
        try {
            r = UnitRunner.run(connection, this, plan, bound, binder, plan.write() ? keys : Keys.NONE);
        } catch (ServerFailure failed) {
            // as on one shard: a read runs once more without the failed server, within the same deadline
            if (plan.write() || !connection.retryReadAvoiding(failed.server().groupId(), failed.server(), topology)) {
                throw failed;
            }
            pinnedDeadline = deadline;
            try {
                r = UnitRunner.run(connection, this, plan, bound, binder, Keys.NONE);
            } catch (SQLException again) {
                again.addSuppressed(failed);
                throw again;
            } finally {
                pinnedDeadline = null;
                connection.readRetried();
            }
        }
        unitMicros = r.micros;
        if (plan.write()) {
            unitCounts = r.counts;
            long total = 0;
            for (int i = 0; i < r.counts.length; i++) {
                if (!plan.countFirstOnly() || i == 0) {
                    total += r.counts[i];
                }
            }
            r.closeAll(null);
            updateCount = total;
            return false;
        }
        Execution execution = new Execution(r, this);
        try {
            java.sql.ResultSetMetaData metaData = r.resultSets[0].getMetaData(); // read once: H2 builds it anew each time
            RowStream rows = Merger.merge(plan.merge(), r.resultSetList(), metaData.getColumnCount(),
                    connection.runtime().maxMergeRows());
            if (maxRows > 0) {
                rows = Merger.limit(rows, maxRows);
            }
            execution.open(new MergedResultSet(rows, metaData, plan.merge().hiddenColumns(),
                    plan.merge().typedAs(metaData.getColumnCount()), this, execution));
        } catch (SQLException e) {
            Errors.closeQuietly(execution::close, e);
            throw e;
        } catch (OutOfMemoryError | StackOverflowError e) {
            ShardlineException failure = Errors.localResources(e, "merging the shards' rows");
            Errors.closeQuietly(execution::close, failure);
            throw failure;
        }
        current = execution;
        updateCount = -1;
        return true;
    }

    private List<Long> generatedIds() {
        if (generatedIds == null) {
            generatedIds = new ArrayList<>();
        }
        return generatedIds;
    }

    private boolean hasGeneratedIds() {
        return generatedIds != null && !generatedIds.isEmpty();
    }

    private void clearGeneratedIds() {
        if (generatedIds != null) {
            generatedIds.clear();
        }
    }

    /** Ids from global sequences become the generated keys, when the caller asked for keys. */
    final void keepGeneratedIds(Keys keys) throws SQLException {
        if (!hasGeneratedIds() || !keys.any()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(generatedIds.size());
        for (long id : generatedIds) {
            rows.add(new Object[] {id});
        }
        generatedKeys = MergedResultSet.of(new String[] {"GENERATED_KEY"}, new int[] {java.sql.Types.BIGINT}, rows, this);
    }

    /** DDL may have added or dropped an AUTO_INCREMENT column: look again at the next INSERT. */
    private void forgetColumnsAfterDdl(BoundStatement bound) {
        if (bound.parsed().kind() == StatementKind.DDL) {
            for (LogicalTable t : bound.tables()) {
                connection.runtime().sequences().forget(t.cluster(), t.name());
            }
        }
    }

    /**
     * The settings that apply to each physical statement of a multi-shard statement (row limits apply to the merged
     * result): what is left of the query timeout plus a grace period as its connection's read timeout (the timeout
     * itself is a {@link Watch}); DDL, which may run for long, keeps no read timeout unless a query timeout is set.
     */
    final void applyUnitSettings(Statement s, Lease lease, Deadline deadline, boolean ddl) throws SQLException {
        if (deadline.bounded()) {
            // the query timeout itself is Shardline's Watch; the read timeout catches a server the cancel cannot reach
            lease.networkTimeout((int) Math.min(Integer.MAX_VALUE, deadline.millisLeft() + Deadline.GRACE_MILLIS));
        } else {
            lease.networkTimeout(ddl ? 0 : connection.networkTimeoutSetting());
        }
        if (maxFieldSize > 0) {
            s.setMaxFieldSize(maxFieldSize);
        }
        if (!escapeProcessing) {
            s.setEscapeProcessing(false);
        }
    }

    final void applyUnitSettings(Statement s, Lease lease, Deadline deadline) throws SQLException {
        applyUnitSettings(s, lease, deadline, false);
    }

    /**
     * Whether a prepared statement of this execution may be parked on its kept connection for the next one: only
     * with every setting at its default (a parked statement keeps what was set on it) and no generated keys.
     */
    final boolean parkable(int fetch, Keys keys) {
        return fetch == 0 && !keys.any() && maxRows == 0 && maxFieldSize == 0 && escapeProcessing
                && fetchDirection == ResultSet.FETCH_FORWARD && resultSetType == ResultSet.TYPE_FORWARD_ONLY
                && resultSetConcurrency == ResultSet.CONCUR_READ_ONLY;
    }

    private void applySettings(Statement s, Lease lease, Deadline deadline, int fetch) throws SQLException {
        if (maxRows > 0) {
            s.setMaxRows(maxRows);
        }
        if (fetch == Integer.MIN_VALUE && Cursors.streamsRowByRow(lease.server())) {
            s.setFetchSize(fetch); // Connector/J streams the rows; a positive size went to a cursor already
        }
        applyUnitSettings(s, lease, deadline, false);
        if (fetchDirection != ResultSet.FETCH_FORWARD) {
            s.setFetchDirection(fetchDirection);
        }
    }

    /** When this statement's query timeout (its own, else the URL's {@code queryTimeout}) runs out, from now. */
    final Deadline deadline() {
        Deadline pinned = pinnedDeadline;
        return pinned != null ? pinned : Deadline.after(queryTimeout > 0 ? queryTimeout : connection.runtime().queryTimeout());
    }

    /** The fetch size asked for: the statement's own, else the URL's {@code defaultFetchSize} (0: all at once). */
    final int effectiveFetchSize() {
        return fetchSize != 0 ? fetchSize : connection.runtime().defaultFetchSize();
    }

    /** The multi-shard statement running now, which {@link #cancel()} reaches (null when none). */
    final void running(UnitRunner runner) {
        this.runner = runner;
    }

    static ResultSet copy(ResultSet keys) throws SQLException {
        try (ResultSet rs = keys) {
            CachedRowSet copy = RowSetProvider.newFactory().createCachedRowSet();
            copy.populate(rs);
            return copy;
        }
    }

    /**
     * One item of a batch: its plan and how its parameters bind (null for a plain SQL text), its statement and values;
     * no plan for an UPDATE that moves rows, which the whole batch then runs item by item ({@link #runInOrder}).
     */
    record BatchItem(Plan plan, int parameterCount, Binder binder, BoundStatement bound, ParamSource params) {
    }

    /** Plans one batch item; an UPDATE that moves rows (refused by the planner) is kept, without a plan. */
    final BatchItem batchItem(BoundStatement b, ParamSource params, PlanContext context, int parameterCount,
                              Binder binder) throws SQLException {
        try {
            return new BatchItem(b.plan(params, hint(), context), parameterCount, binder, b, params);
        } catch (ShardlineException refused) {
            if (b.parsed().kind() != StatementKind.UPDATE || !refused.getMessage().contains(BoundStatement.MOVES_ROWS)) {
                throw refused;
            }
            return new BatchItem(null, parameterCount, binder, b, params);
        }
    }

    /**
     * Runs a batch holding an UPDATE that moves rows: item after item in the caller's order, each as if run on its own
     * (a move reads its rows first, which must see the items before it), all in one atomic unit. In autocommit mode
     * that is a local transaction per server reached (XA branches with {@code transactions=xa}), committed after the
     * last item, servers that received moved rows first; a failure anywhere rolls all back. In a transaction, the
     * transaction's connections, as for any batch.
     */
    private long[] runInOrder(List<BatchItem> items, Topology topology) throws SQLException {
        checkOpen();
        closeCurrent();
        connection.wrote();
        for (BatchItem item : items) {
            if (item.plan() instanceof MultiPlan m && m.mode() == MultiPlan.Mode.DDL) {
                throw ShardlineException.notAllowed("DDL does not run in a batch; run it on its own");
            }
            if (item.plan() != null && !(item.plan() instanceof Route) && !(item.plan() instanceof MultiPlan)) {
                throw ShardlineException.notAllowed("a query does not run in a batch; run it on its own");
            }
        }
        boolean own = connection.autoCommitMode();
        if (own) {
            connection.beginBatchUnit(topology);
        }
        long[] counts = new long[items.size()];
        List<Long> ids = new ArrayList<>(generatedIds()); // taken when the items were planned
        try {
            for (int i = 0; i < items.size(); i++) {
                BatchItem item = items.get(i);
                closeCurrent();
                if (item.plan() == null) {
                    runOnce(item.bound(), item.params(), item.binder(), Keys.NONE);
                } else {
                    runPlanned(item.plan(), item.bound(), item.binder(), Keys.NONE);
                }
                counts[i] = updateCount;
            }
        } catch (SQLException | RuntimeException e) {
            ShardlineException cause = e instanceof ShardlineException sl ? sl
                    : new ShardlineException(ErrorCode.MYSQL_ERROR, e.getMessage(), e);
            if (own) {
                connection.endBatchUnit(false, cause);
            }
            long[] failed = new long[items.size()];
            Arrays.fill(failed, Statement.EXECUTE_FAILED);
            String outcome = own ? "; nothing of the batch was written (every server rolled back)"
                    : "; the transaction is still open: roll it back";
            throw new BatchUpdateException(cause.getMessage() + outcome, cause.getSQLState(), cause.getErrorCode(),
                    failed, cause);
        } finally {
            clearGeneratedIds();
            generatedIds().addAll(ids);
        }
        if (own) {
            try {
                connection.endBatchUnit(true, null);
            } catch (PartialCommitException partly) { // which servers committed is known, not which items
                long[] unknown = new long[items.size()];
                Arrays.fill(unknown, Statement.EXECUTE_FAILED);
                throw new BatchUpdateException(partly.getMessage(), partly.getSQLState(), partly.getErrorCode(),
                        unknown, partly);
            }
        }
        Plan last = items.get(items.size() - 1).plan();
        setLastPlan(last);
        lastRoute = last instanceof Route route ? route : null;
        updateCount = -1;
        return counts;
    }

    /**
     * Runs a planned batch. Every item is planned before anything runs, so a routing error writes nothing. The
     * items' units are sent per server as physical batches ({@link UnitRunner#runBatch}), in autocommit mode inside
     * one local transaction per server: a failure anywhere rolls the whole batch back. Counts come back in the
     * caller's order (a broadcast item counts one copy; an item over several shards adds its shards' counts).
     */
    final long[] runBatch(List<BatchItem> items, Topology topology) throws SQLException {
        checkOpen();
        closeCurrent();
        connection.wrote();
        List<Unit> units = new ArrayList<>();
        List<Binder> binders = new ArrayList<>();
        List<Integer> itemOf = new ArrayList<>();
        List<Boolean> counted = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            if (item.plan() instanceof Route r) {
                int[] params = new int[item.parameterCount()];
                Arrays.setAll(params, k -> k + 1);
                units.add(new Unit(r.serverId(), r.database(), r.sql(), params, r.read(), r.forceMaster(), r.shards(), null));
                binders.add(item.binder());
                itemOf.add(i);
                counted.add(true);
                continue;
            }
            if (!(item.plan() instanceof MultiPlan m)) {
                throw ShardlineException.notAllowed("a query does not run in a batch; run it on its own");
            }
            if (m.mode() == MultiPlan.Mode.DDL) {
                throw ShardlineException.notAllowed("DDL does not run in a batch; run it on its own");
            }
            for (int k = 0; k < m.units().size(); k++) {
                units.add(m.units().get(k));
                binders.add(item.binder());
                itemOf.add(i);
                counted.add(!m.countFirstOnly() || k == 0);
            }
        }
        long[] counts = new long[items.size()];
        if (units.isEmpty()) {
            return counts;
        }
        UnitRunner.Results r;
        try {
            r = UnitRunner.runBatch(connection, this, units, binders.toArray(Binder[]::new), topology);
        } catch (PartialCommitException partly) {
            throw partlyWritten(partly, items.size(), itemOf, counted);
        } catch (SQLException e) {
            long[] failed = new long[items.size()];
            Arrays.fill(failed, Statement.EXECUTE_FAILED);
            String outcome = connection.autoCommitMode() ? "; nothing of the batch was written (every shard rolled back)"
                    : "; the transaction is still open: roll it back";
            ShardlineException cause = e instanceof ShardlineException s ? s
                    : new ShardlineException(ErrorCode.MYSQL_ERROR, e.getMessage(), e);
            throw new BatchUpdateException(cause.getMessage() + outcome, cause.getSQLState(), cause.getErrorCode(),
                    failed, cause);
        }
        addCounts(counts, r.counts, itemOf, counted, null);
        r.closeAll(null);
        Plan last = items.get(items.size() - 1).plan();
        setLastPlan(last);
        lastRoute = last instanceof Route route ? route : null;
        updateCount = -1;
        return counts;
    }

    /** Adds each counted unit's count to its item ({@code SUCCESS_NO_INFO} wins); only committed units when given. */
    private static void addCounts(long[] counts, long[] unitCounts, List<Integer> itemOf, List<Boolean> counted,
                                  PartialCommitException outcomes) {
        for (int j = 0; j < unitCounts.length; j++) {
            if (counted.get(j) && (outcomes == null || outcomes.outcome(j) == PartialCommitException.Outcome.COMMITTED)) {
                int item = itemOf.get(j);
                long c = unitCounts[j];
                counts[item] = counts[item] == Statement.SUCCESS_NO_INFO || c == Statement.SUCCESS_NO_INFO
                        ? Statement.SUCCESS_NO_INFO : counts[item] + c;
            }
        }
    }

    /**
     * A batch whose commit failed part-way: the items whose every unit committed keep their counts, the others are
     * {@code EXECUTE_FAILED}, and the message lists the items committed, in doubt and rolled back.
     */
    private static BatchUpdateException partlyWritten(PartialCommitException partly, int items, List<Integer> itemOf,
                                                      List<Boolean> counted) {
        PartialCommitException.Outcome[] itemOutcome = new PartialCommitException.Outcome[items];
        for (int j = 0; j < itemOf.size(); j++) {
            int item = itemOf.get(j);
            itemOutcome[item] = worse(itemOutcome[item], partly.outcome(j));
        }
        long[] counts = new long[items];
        addCounts(counts, partly.unitCounts(), itemOf, counted, partly);
        java.util.Map<PartialCommitException.Outcome, List<Integer>> byOutcome = new java.util.EnumMap<>(
                PartialCommitException.Outcome.class);
        for (int i = 0; i < items; i++) {
            PartialCommitException.Outcome o = itemOutcome[i] == null ? PartialCommitException.Outcome.COMMITTED
                    : itemOutcome[i];
            byOutcome.computeIfAbsent(o, k -> new ArrayList<>()).add(i);
            if (o != PartialCommitException.Outcome.COMMITTED) {
                counts[i] = Statement.EXECUTE_FAILED;
            }
        }
        StringBuilder which = new StringBuilder(" Batch items (0-based):");
        byOutcome.forEach((o, list) -> which.append(' ').append(o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append(" [").append(PartialCommitException.ranges(list)).append("];"));
        which.append(" the counts are EXECUTE_FAILED for every item not committed.");
        return new BatchUpdateException(partly.getMessage() + which, partly.getSQLState(), partly.getErrorCode(),
                counts, partly);
    }

    /** An item is committed only when all its units are, and in doubt when any of them is. */
    private static PartialCommitException.Outcome worse(PartialCommitException.Outcome was,
                                                        PartialCommitException.Outcome unit) {
        if (was == null || was == unit) {
            return unit;
        }
        return was == PartialCommitException.Outcome.IN_DOUBT || unit == PartialCommitException.Outcome.IN_DOUBT
                ? PartialCommitException.Outcome.IN_DOUBT : PartialCommitException.Outcome.ROLLED_BACK;
    }

    /** Answers EXPLAIN SHARDLINE with the plan of {@code plan}: nothing runs. */
    final ResultSet explained(String plan) throws SQLException {
        checkOpen();
        closeCurrent();
        local = ExplainShardline.result(plan, this);
        updateCount = -1;
        return local;
    }

    final void closeCurrent() throws SQLException {
        if (local != null) {
            local.close();
            local = null;
        }
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
        String explain = ExplainShardline.inner(sql);
        if (explain != null) {
            return explained(explain(explain));
        }
        BoundStatement b = bind(sql);
        requireQuery(b);
        if (!run(b, ParamSource.NONE, null, Keys.NONE)) {
            throw noResultSet(b);
        }
        return current.resultSet();
    }

    static void requireQuery(BoundStatement b) throws SQLException {
        if (b.parsed().kind().isWrite()) {
            throw ShardlineException.invalid("executeQuery needs a statement that returns rows; this is "
                    + b.parsed().kind() + ", use executeUpdate");
        }
    }

    /** executeQuery of a statement that produced no rows (the server answered with a count). */
    static ShardlineException noResultSet(BoundStatement b) {
        return ShardlineException.invalid("executeQuery needs a statement that returns rows; the server answered this "
                + b.parsed().kind() + " with an update count; use execute or executeUpdate");
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
        String explain = ExplainShardline.inner(sql);
        if (explain != null) {
            explained(explain(explain));
            return true;
        }
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
        return runBatchFollowingMoves(sqls.isEmpty() ? "" : sqls.get(0) + (sqls.size() > 1 ? " ..." : ""), sqls.size(),
                context -> {
            List<BatchItem> items = new ArrayList<>(sqls.size());
            Topology topology = connection.runtime().topology();
            for (String sql : sqls) {
                BoundStatement b = bind(sql);
                requireUpdate(b);
                topology = b.topology();
                items.add(batchItem(b, ParamSource.NONE, context, 0, null));
            }
            return new PlannedBatch(items, topology);
        });
    }

    /**
     * Runs prepared statements, each with its own text and values, as one batch: one atomic unit (a local transaction
     * per server, XA branches with {@code transactions=xa}); the counts per statement. {@link InsertSelect} writes its
     * rows so when they need more than one statement's placeholders. Values are bound as {@link ServerValues} binds
     * them, and routed by them.
     */
    final long[] runPrepared(List<String> sqls, List<Object[]> values, Keys keys) throws SQLException {
        checkOpen();
        unitsApart = true;
        long[] counts;
        try {
            counts = runBatchFollowingMoves(sqls.get(0), sqls.size(), context -> {
            List<BatchItem> items = new ArrayList<>(sqls.size());
            Topology topology = connection.runtime().topology();
            for (int i = 0; i < sqls.size(); i++) {
                BoundStatement b = bind(sqls.get(i));
                requireUpdate(b);
                topology = b.topology();
                Object[] v = values.get(i);
                items.add(batchItem(b, valuesOf(v), context, v.length, bindingOf(v)));
            }
            return new PlannedBatch(items, topology);
            });
        } finally {
            unitsApart = false;
        }
        keepGeneratedIds(keys);
        return counts;
    }

    /** Whether a batch's units run as physical statements of their own, so each answers its own count. */
    final boolean unitsApart() {
        return unitsApart;
    }

    private static ParamSource valuesOf(Object[] v) {
        return new ParamSource() {
            @Override
            public boolean isBound(int index) {
                return index >= 1 && index <= v.length;
            }

            @Override
            public Object value(int index) {
                return v[index - 1];
            }
        };
    }

    private static Binder bindingOf(Object[] v) {
        return new Binder() {
            @Override
            public void bind(PreparedStatement ps) throws SQLException {
                for (int i = 0; i < v.length; i++) {
                    ServerValues.bind(ps, i + 1, v[i]);
                }
            }

            @Override
            public void bindAt(PreparedStatement ps, int position, int param) throws SQLException {
                ServerValues.bind(ps, position, v[param - 1]);
            }
        };
    }

    /** A batch's items planned on one metadata snapshot. */
    record PlannedBatch(List<BatchItem> items, Topology topology) {
    }

    /** Plans a batch's items on the current metadata with {@code context} (a dry run takes no sequence ids). */
    interface BatchPlanner {
        PlannedBatch plan(PlanContext context) throws SQLException;
    }

    /**
     * Plans and runs a batch; when it failed because a shard it reached moved to another server (and nothing of it
     * was written), plans it again on the new metadata and runs it there ({@link #followMove}).
     */
    final long[] runBatchFollowingMoves(String what, int items, BatchPlanner planner) throws SQLException {
        StatementObserver observer = connection.runtime().observer();
        if (!observer.watching() || items == 0) {
            return runBatchFollowingMoves(planner);
        }
        long start = System.nanoTime();
        try {
            long[] counts = runBatchFollowingMoves(planner);
            observer.batch(what, items, System.nanoTime() - start, null);
            return counts;
        } catch (SQLException e) {
            observer.batch(what, items, System.nanoTime() - start, e);
            throw e;
        }
    }

    private long[] runBatchFollowingMoves(BatchPlanner planner) throws SQLException {
        for (int moves = 0; ; moves++) {
            boolean freshTransaction = connection.transactionServerId() < 0;
            clearGeneratedIds();
            PlannedBatch batch = planner.plan(planContext());
            for (BatchItem item : batch.items()) {
                if (item.plan() == null) {
                    return runInOrder(batch.items(), batch.topology());
                }
            }
            try {
                return runBatch(batch.items(), batch.topology());
            } catch (BatchUpdateException e) {
                if (moves >= ShardMoves.MAX_MOVES || !followBatchMove(e, batch.items(),
                        batch.topology().updateStamp(), freshTransaction, () -> {
                    java.util.Set<ShardMoves.Placement> out = new java.util.LinkedHashSet<>();
                    for (BatchItem item : planner.plan(planContext(true)).items()) {
                        if (item.plan() != null) {
                            out.addAll(ShardMoves.placements(item.plan()));
                        }
                    }
                    return out;
                })) {
                    throw e;
                }
            }
        }
    }

    /** {@link #followMove} for a batch that failed as a whole: a transaction's failure comes as a batch failure. */
    private boolean followBatchMove(BatchUpdateException e, List<BatchItem> items, long plannedStamp,
                                    boolean freshTransaction, ShardMoves.Replan replan) throws SQLException {
        if (!ShardMoves.tableMissing(e)) {
            return false;
        }
        java.util.Set<ShardMoves.Placement> failed = new java.util.LinkedHashSet<>();
        for (BatchItem item : items) {
            failed.addAll(ShardMoves.placements(item.plan()));
        }
        try {
            return followMove(e, failed, plannedStamp, freshTransaction, replan);
        } catch (ShardlineException rolledBack) {
            throw new BatchUpdateException(rolledBack.getMessage(), rolledBack.getSQLState(), rolledBack.getErrorCode(),
                    e.getLargeUpdateCounts(), rolledBack);
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        if (local != null) {
            return local;
        }
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
        Statement single = running;
        Lease on = runningOn;
        if (single != null && on != null) {
            Cursors.cancelInBackground(single, on);
        }
        UnitRunner multi = runner;
        if (multi != null) {
            multi.cancel();
        }
        Execution e = current;
        if (e != null && !e.isClosed()) {
            e.cancel();
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
    public void setHints(long... hintIds) throws SQLException {
        checkOpen();
        if (hintIds == null || hintIds.length == 0) {
            throw ShardlineException.invalid("give at least one hintId, or call setAllShards() for every shard");
        }
        List<HintValue> values = new ArrayList<>();
        for (long id : hintIds) {
            values.add(new HintValue.Int(id));
        }
        hintValue = values.size() == 1 ? values.get(0) : new HintValue.Several(values);
    }

    @Override
    public void setHints(String... hints) throws SQLException {
        checkOpen();
        if (hints == null || hints.length == 0) {
            throw ShardlineException.invalid("give at least one string hint, or call setAllShards() for every shard");
        }
        List<HintValue> values = new ArrayList<>();
        for (String h : hints) {
            if (h == null) {
                throw ShardlineException.invalid("a string hint must not be null");
            }
            values.add(new HintValue.Str(h));
        }
        hintValue = values.size() == 1 ? values.get(0) : new HintValue.Several(values);
    }

    @Override
    public void setAllShards() throws SQLException {
        checkOpen();
        hintValue = new HintValue.Every();
    }

    @Override
    public String explain(String sql) throws SQLException {
        checkOpen();
        BoundStatement b = bind(sql);
        try {
            return GatherEstimate.describe(b.plan(ParamSource.NONE, hint(), planContext(true)), connection, b.topology());
        } catch (ShardlineException refused) {
            if (!JoinedWrite.applies(b, refused)) {
                throw refused;
            }
            JoinedWrite write;
            try {
                write = JoinedWrite.of(connection, b); // reads the target's primary key; writes nothing
            } catch (JoinedWrite.NoKey keyless) {
                return InPlaceWrite.describe(keyless.reason(), InPlaceWrite.plan(connection, b, keyless,
                        ParamSource.NONE, hint(), planContext(true)), connection, b.topology());
            }
            String select;
            try {
                select = explain(write.select);
            } catch (ShardlineException notPlanned) {
                select = "refused: " + notPlanned.getMessage();
            }
            return write.describe(refused.getMessage(), select, SubqueryValues.applies(b, refused));
        }
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
    public Plan lastPlan() {
        return lastPlan;
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
