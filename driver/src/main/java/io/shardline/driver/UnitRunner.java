package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.DeleteTargets;
import io.shardline.driver.exec.InlinePolicy;
import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.Reservation;
import io.shardline.driver.exec.ServerPools;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.MultiPlan;
import io.shardline.router.plan.Unit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs the units of a multi-shard plan. Units are dealt to lanes, one physical connection each. Before anything runs,
 * the statement takes its connections' permits from the servers' budgets ({@code ServerPools.reserve}: server by
 * server in ascending id, at least one each, more only when free), so it never holds connections while it waits for
 * others; together its lanes hold at most {@code maxConnectionsPerQuery} connections (more only when the units span
 * more servers than that). A lane runs its units one after another on its connection, keeping each result set open.
 * Lanes run in parallel on the runtime's executor (on the calling thread when its queue is full), the first one on
 * the calling thread, or all on the calling thread one after another when that was measured faster for the statement
 * ({@link InlinePolicy}); in a transaction every unit runs on the transaction's connection. A query timeout bounds
 * the whole statement: each unit gets what is left of it. When any unit fails or the caller cancels, the units still
 * running are cancelled and the others never start; every statement is closed and every connection returned before
 * the failure, naming the shard, is thrown.
 * <p>Writes get one lane per server. In autocommit mode a write of several units runs as one local transaction per
 * server, server by server in ascending id (so concurrent writes take their row locks in one order and cannot
 * deadlock across servers), committed only after every unit on every server succeeded, and rolled back everywhere
 * when one fails: a failure while the statement runs writes nothing. What remains is the commit phase itself: if a server fails to
 * commit after others did, a {@link PartialCommitException} says which units committed, rolled back or are in doubt.
 * In XA mode ({@link TransactionMode#XA}) the servers' parts are XA branches committed in two phases
 * ({@link GlobalTransaction}) instead, so the commit too is all or nothing; an XA transaction may reach several servers,
 * one lane (its branch) per server.
 */
final class UnitRunner {
    /** What the units returned, in unit order, and what holds them. */
    static final class Results {
        /** The leases its lanes ran on, the first {@link #leaseCount} (the first is the execution's primary one). */
        Lease[] leases = NO_LEASES;
        int leaseCount;
        /**
         * Each unit's statement; before a parked unit runs, the statement its lane found parked for it (null: none,
         * prepare one): closing them all closes those of units that never ran too.
         */
        final Statement[] statements;
        final ResultSet[] resultSets;
        /** Each unit's update count (null for a read: its units answer rows). */
        final long[] counts;
        /** Each unit's execution time in µs (until its first rows or its count), for the SQL log; null untimed. */
        final long[] micros;
        /** Per unit: the SQL its prepared statement is parked under on its kept connection when done (null: closed). */
        final String[] parkAs;
        /** Per unit: the lease its statement runs on (null until its lane takes or prepares one for it). */
        final Lease[] leaseOf;

        Results(int units, boolean counted, boolean timed) {
            statements = new Statement[units];
            resultSets = new ResultSet[units];
            counts = counted ? new long[units] : null;
            micros = timed ? new long[units] : null;
            parkAs = new String[units];
            leaseOf = new Lease[units];
        }

        /** The first unit's statement (a multi-shard execution holds it as its primary one). */
        Statement firstStatement() {
            for (Statement s : statements) {
                if (s != null) {
                    return s;
                }
            }
            throw new IndexOutOfBoundsException("no statement ran");
        }

        /** The units' result sets as a list over the array (no copy: nothing changes it once the units ran). */
        List<ResultSet> resultSetList() {
            return java.util.Arrays.asList(resultSets);
        }

        /**
         * Once the rows are read: parks each unit's prepared statement on its kept connection for the next execution
         * (its result set closed first), closes the others; returns the first failure, or {@code failure}.
         */
        SQLException closeOrPark(SQLException failure) {
            boolean any = false;
            for (int i = 0; i < statements.length && failure == null; i++) {
                if (resultSets[i] == null) {
                    parkAs[i] = null; // parked only with its rows read and closed
                } else if (parkAs[i] != null && statements[i] != null) {
                    try {
                        resultSets[i].close();
                        any = true;
                    } catch (SQLException e) {
                        failure = e;
                    }
                }
            }
            if (any && failure == null) {
                // one lock per kept connection, not one per unit (a 16-shard read parks 16 statements on 4)
                for (int i = 0; i < statements.length; i++) {
                    Lease on = parkAs[i] == null ? null : leaseOf[i];
                    if (on != null && firstOf(on, i)) {
                        on.parkAll(parkAs, statements, leaseOf); // those parked leave statements: the lease has them
                    }
                }
            }
            for (int i = 0; i < statements.length; i++) {
                Statement s = statements[i];
                if (s == null) {
                    continue;
                }
                try {
                    s.close();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            return failure;
        }

        /** Whether unit {@code i} is the first to park on {@code lease}. */
        private boolean firstOf(Lease lease, int i) {
            for (int j = 0; j < i; j++) {
                if (leaseOf[j] == lease && parkAs[j] != null) {
                    return false;
                }
            }
            return true;
        }

        /** Closes every statement and returns every connection, adding any failure to {@code into}. */
        void closeAll(SQLException into) {
            for (Statement s : statements) {
                Errors.closeQuietly(s, into);
            }
            for (int i = 0; i < leaseCount; i++) {
                Errors.closeQuietly(leases[i], into);
            }
        }
    }

    private final ShardlineConnection connection;
    private final LogicalStatement owner;
    private final List<Unit> units;
    private final String reason;
    private final boolean write;
    private final Topology topology;
    /** How every unit's parameters bind (null for plain SQL) when {@link #binders} is null. */
    private final LogicalStatement.Binder binder;
    /** Per unit: how its parameters bind (a batch's items each have their own), or null: all as {@link #binder}. */
    private final LogicalStatement.Binder[] binders;
    private final LogicalStatement.Keys keys;
    /** A JDBC batch: a lane sends its units as physical batches instead of one statement each. */
    private final boolean batched;
    private final Results results;
    /** A write of several units in autocommit mode: one local transaction per server around them. */
    private final boolean transactional;
    /**
     * A read: it runs on the connections its logical connection keeps (taken in the budget's order) and keeps those
     * it borrows; its prepared statements are parked on them. Writes and batches take their own connections.
     */
    private final boolean useKept;
    /** The statement whose time per unit decides between the calling thread and the executor (null: executor). */
    private final BoundStatement timed;
    private final Deadline deadline;
    private final int fetchSize;
    /** Whether each unit's time is taken (for the SQL log and meters; else its entry in {@code micros} stays 0). */
    private final boolean timeUnits;
    /** Every lane, made once by {@link #plan} (sized exactly: most statements have a lane or two per server). */
    private volatile Lane[] lanes = NO_LANES;
    private static final Lane[] NO_LANES = new Lane[0];
    private static final Lease[] NO_LEASES = new Lease[0];
    /** A transactional write over several servers in XA mode: one XA branch per lane (null otherwise). */
    private GlobalTransaction global;
    /** Set when a unit failed or the caller cancelled: lanes start nothing more. */
    private volatile boolean stopping;
    /** An out of heap or stack that escaped a lane on the executor (reported as {@link Lane#exhausted} is). */
    private Error exhaustedElsewhere;
    /** The lanes run one after another on the calling thread: none runs while another fails. */
    private boolean sequential;
    /** The failure that stopped the statement: the first in time, not those of the units it cancelled. */
    private SQLException firstFailure;

    private UnitRunner(ShardlineConnection connection, LogicalStatement owner, List<Unit> units, String reason,
                       boolean write, boolean transactionalWrite, Topology topology, LogicalStatement.Binder binder,
                       LogicalStatement.Binder[] binders, LogicalStatement.Keys keys, boolean batched,
                       BoundStatement timed) {
        this.connection = connection;
        this.timed = timed;
        this.owner = owner;
        this.units = units;
        this.reason = reason;
        this.write = write;
        this.topology = topology;
        this.binder = binder;
        this.binders = binders;
        this.keys = keys;
        this.batched = batched;
        this.results = new Results(units.size(), write, owner.timesUnits());
        this.transactional = transactionalWrite && connection.autoCommitMode() && units.size() > 1;
        this.deadline = owner.deadline();
        this.fetchSize = write ? 0 : owner.effectiveFetchSize();
        this.useKept = !write && !batched;
        this.timeUnits = owner.timesUnits();
    }

    /** Runs every unit of {@code plan}; on failure nothing stays open and the first failure is thrown. */
    static Results run(ShardlineConnection connection, LogicalStatement owner, MultiPlan plan, BoundStatement bound,
                       LogicalStatement.Binder binder, LogicalStatement.Keys keys) throws SQLException {
        return new UnitRunner(connection, owner, plan.units(), plan.reason(), plan.write(),
                plan.write() && plan.mode() != MultiPlan.Mode.DDL, bound.topology(), binder, null, keys, false, bound)
                .start();
    }

    /**
     * Runs the units of a JDBC batch, each with its item's parameters: per server, prepared units with the same
     * physical SQL go as one physical batch (same logical statement, different physical tables: independent rows),
     * plain SQL texts as one batch in the caller's order.
     */
    static Results runBatch(ShardlineConnection connection, LogicalStatement owner, List<Unit> units,
                            LogicalStatement.Binder[] binders, Topology topology) throws SQLException {
        return new UnitRunner(connection, owner, units, "a batch of " + units.size() + " statements", true, true,
                topology, null, binders, LogicalStatement.Keys.NONE, true, null).start();
    }

    private LogicalStatement.Binder binderOf(int unit) {
        return binders == null ? binder : binders[unit];
    }

    private Results start() throws SQLException {
        owner.running(this);
        try {
            return run();
        } finally {
            owner.running(null);
        }
    }

    /** One connection's share of the units. */
    private final class Lane {
        final Server server;
        /** The server's index in the reservation (-1 in a transaction). */
        final int slot;
        /** Its units' indexes, in unit order: the first {@link #size} of them. */
        final int[] units;
        int size;
        Lease lease;
        SQLException failure;
        /** What ran out (heap or stack) while this lane read its rows, and in which database: reported later. */
        Error exhausted;
        String exhaustedIn;
        volatile Statement running;
        /** The query timeout's watch over the statement running now. */
        Watch watch = Watch.NONE;
        /** Its units' prepared statements come from and go back to its kept connection's parked ones. */
        boolean parking;

        Lane(Server server, int slot, int capacity) {
            this.server = server;
            this.slot = slot;
            this.units = new int[capacity];
        }

        /** A lane of unit {@code unit} alone ({@link Reached#alone}): its list is shared, and full. */
        Lane(Server server, int unit) {
            this.server = server;
            this.slot = -1;
            this.units = ONE_UNIT[unit];
            this.size = 1;
        }

        void add(int unit) {
            units[size++] = unit;
        }

        /** Its units as a list (for the rare reports that want one). */
        List<Integer> unitList() {
            List<Integer> list = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                list.add(units[k]);
            }
            return list;
        }

        void call(Reservation reservation) {
            if (stopping) {
                return; // another lane failed before this one started: its permit goes back unused
            }
            Unit first = UnitRunner.this.units.get(units[0]);
            try {
                if (lease == null) { // lanes of a transaction over several servers have theirs already
                    if (reservation == null) {
                        lease = connection.lease(first.serverId(), first.database(), first.read(), first.forceMaster(),
                                topology);
                    } else {
                        Lease kept = reservation.takeKept(slot); // its session settings are applied already
                        lease = kept != null ? kept : connection.prepare(reservation.open(slot));
                    }
                }
            } catch (SQLException e) {
                fail(e);
                return;
            }
            String database = first.database();
            try {
                if (global != null) {
                    global.join(lease.retain());
                } else if (transactional) {
                    lease.connection().setAutoCommit(false);
                }
                if (!first.read()) {
                    DeleteTargets.prepare(lease.connection(), lease.server(), database, first.sql());
                }
                if (batched) {
                    runBatch(this, lease.connection());
                    return;
                }
                takeParked(this);
                for (int k = 0; k < size; k++) {
                    int i = units[k];
                    if (stopping) {
                        return;
                    }
                    database = UnitRunner.this.units.get(i).database();
                    runUnit(this, i, UnitRunner.this.units.get(i), lease);
                }
            } catch (SQLException e) {
                Error outOf = Errors.exhausted(e); // Connector/J hands an OutOfMemoryError back wrapped
                if (outOf != null) {
                    outOfResources(outOf, database);
                } else {
                    fail(Errors.physical(watch.explain(e, server, database), lease, database));
                }
            } catch (OutOfMemoryError | StackOverflowError e) {
                outOfResources(e, database);
            } finally {
                running = null;
            }
        }

        /**
         * Allocates nothing: the heap may be full until every lane is done and every unit's rows are dropped, and an
         * allocation here would throw a raw OutOfMemoryError past the statement. {@link #run()} reports it then.
         */
        private void outOfResources(Error e, String database) {
            exhausted = e;
            exhaustedIn = database;
            stopping = true;
            // drop buffered rows now: every unit's when the lanes run one after another (the lanes before this one
            // hold theirs), else this lane's (others may still be running)
            if (sequential) {
                closeEveryUnit();
            } else {
                for (int k = 0; k < size; k++) {
                    closeDuringExhaustion(results.statements[units[k]]);
                }
            }
        }

        /** 100507 for what this lane ran out of, once the heap is free again; null when it did not. */
        SQLException exhaustedReport() {
            return exhausted == null ? null : Errors.localResources(exhausted, "reading the rows of "
                    + server.address() + ", database " + exhaustedIn);
        }

        private void fail(SQLException e) {
            failure = e;
            stopping = true;
            if (firstToFail(e)) {
                cancelOthers(this);
            }
        }
    }

    /** Whether {@code e} is the statement's first failure (lanes of other threads may fail at the same time). */
    private synchronized boolean firstToFail(SQLException e) {
        if (firstFailure != null) {
            return false;
        }
        firstFailure = e;
        return true;
    }

    private synchronized SQLException firstFailure() {
        return firstFailure;
    }

    /** One lane's share of a batch: physical batches per SQL text (prepared) or one for all texts (plain). */
    private void runBatch(Lane lane, Connection pc) throws SQLException {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int u = 0; u < lane.size; u++) {
            int i = lane.units[u];
            // one physical batch per SQL text, unless the owner needs each unit's own count (a statement the connector
            // rewrote together with another answers SUCCESS_NO_INFO when it is not a plain INSERT)
            String group = binders[i] == null ? "" : owner.unitsApart() ? i + " " + units.get(i).sql() : units.get(i).sql();
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(i);
        }
        for (var g : groups.entrySet()) {
            if (stopping) {
                return;
            }
            List<Integer> members = g.getValue();
            results.leaseOf[members.get(0)] = lane.lease;
            Statement st;
            if (g.getKey().isEmpty()) {
                st = pc.createStatement();
                results.statements[members.get(0)] = st;
                for (int i : members) {
                    st.addBatch(units.get(i).sql());
                }
            } else {
                PreparedStatement ps = pc.prepareStatement(units.get(members.get(0)).sql());
                st = ps;
                results.statements[members.get(0)] = ps;
                for (int i : members) {
                    binders[i].bind(ps, units.get(i).params());
                    ps.addBatch();
                }
            }
            owner.applyUnitSettings(st, lane.lease, deadline);
            lane.running = st;
            lane.watch = Watch.arm(st, lane.lease, deadline);
            long[] counts;
            try {
                counts = st.executeLargeBatch();
            } finally {
                lane.watch.disarm();
            }
            for (int k = 0; k < members.size(); k++) {
                results.counts[members.get(k)] = known(counts[k], units.get(members.get(k)).sql());
            }
        }
    }

    /**
     * A batch item's count as plain Connector/J (without rewriting) reports it: a batch the connector rewrote into
     * multi-row INSERTs answers SUCCESS_NO_INFO per item, but a plain INSERT that succeeded wrote exactly its rows.
     * Other statements keep the connector's answer (INSERT IGNORE, ON DUPLICATE KEY UPDATE and REPLACE rewritten stay
     * SUCCESS_NO_INFO: no item's count is known).
     */
    private static long known(long count, String sql) {
        if (count != Statement.SUCCESS_NO_INFO) {
            return count;
        }
        int rows = io.shardline.router.sql.InsertCount.plainInsertRows(sql);
        return rows > 0 ? rows : count;
    }

    /**
     * On a kept connection, takes the parked statements of the lane's prepared units in one call (one lock for the
     * lane, where one per unit was a tenth of a 16-shard read's own work outside the merge) and notes where each goes
     * back when the rows are read.
     */
    private void takeParked(Lane lane) throws SQLException {
        lane.parking = useKept && lane.lease.isKept() && owner.parkable(fetchSize, keys);
        if (!lane.parking) {
            return;
        }
        for (int k = 0; k < lane.size; k++) {
            int i = lane.units[k];
            if (binderOf(i) != null) {
                results.parkAs[i] = units.get(i).sql();
                results.leaseOf[i] = lane.lease;
            }
        }
        lane.lease.takeParked(results.parkAs, lane.units, lane.size, results.statements);
    }

    private void runUnit(Lane lane, int i, Unit u, Lease lease) throws SQLException {
        Connection pc = lease.connection();
        results.leaseOf[i] = lease;
        boolean rows;
        LogicalStatement.Binder binder = binderOf(i);
        Statement st;
        if (fetchSize != 0) {
            PreparedStatement ps = Cursors.prepare(pc, u.sql(), fetchSize, lease.server());
            st = ps;
            results.statements[i] = ps;
            if (binder != null) {
                binder.bind(ps, u.params());
            }
        } else if (binder == null) {
            st = pc.createStatement(owner.getResultSetType(), owner.getResultSetConcurrency());
            results.statements[i] = st;
        } else {
            PreparedStatement ps = null;
            if (lane.parking) {
                ps = (PreparedStatement) results.statements[i]; // found parked for it, or null
            }
            if (ps == null) {
                ps = keys.prepare(lane.parking ? lease.forParking() : pc, u.sql(), owner.getResultSetType(),
                        owner.getResultSetConcurrency());
            }
            st = ps;
            results.statements[i] = ps;
            binder.bind(ps, u.params());
        }
        owner.applyUnitSettings(st, lease, deadline);
        lane.running = st;
        if (stopping) {
            return;
        }
        lane.watch = Watch.arm(st, lease, deadline);
        long start = timeUnits ? System.nanoTime() : 0;
        try {
            rows = binder == null && fetchSize == 0 ? keys.execute(st, u.sql()) : ((PreparedStatement) st).execute();
        } finally {
            lane.watch.disarm();
            if (timeUnits) {
                results.micros[i] = (System.nanoTime() - start) / 1000;
            }
        }
        if (rows) {
            results.resultSets[i] = new PhysicalResultSet(st.getResultSet(), lease, u.database());
        } else if (results.counts != null) {
            results.counts[i] = st.getLargeUpdateCount();
        }
    }

    /** Cancels the statements other lanes are running (on background threads: a cancel may wait on a frozen server). */
    private void cancelOthers(Lane except) {
        for (Lane l : lanes) { // complete before any lane starts
            Statement s = l.running;
            if (l != except && s != null) {
                Cursors.cancelInBackground(s, l.lease);
            }
        }
    }

    /** The caller cancelled the statement (Statement.cancel from another thread). */
    void cancel() {
        stopping = true;
        cancelOthers(null);
    }

    /** Closes every unit's statement, dropping its buffered rows; allocates nothing. */
    private void closeEveryUnit() {
        for (Statement s : results.statements) {
            closeDuringExhaustion(s);
        }
    }

    /** Closes {@code s} (if any), dropping its buffered rows; a failure, even out of heap, leaves it to closeAll. */
    private static void closeDuringExhaustion(Statement s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (Exception | OutOfMemoryError ignored) {
            // what it held goes with it all the same, or at the statement's final close
        }
    }

    private Results run() throws SQLException {
        InlinePolicy policy = connection.runtime().inlinePolicy();
        InlinePolicy.Times times = timed == null ? null : owner.inlineTimes(policy, timed);
        // a write over several servers takes its row locks server by server in ascending id: two such writes can
        // then never wait for each other's locks on two servers (a deadlock no server could see)
        // so does a write in an XA transaction that reaches several servers
        boolean ordered = transactional || (write && !connection.autoCommitMode());
        boolean inline = ordered || policy.inline(times);
        if (transactional && connection.getTransactionMode() == TransactionMode.XA && severalServers()) {
            global = new GlobalTransaction(connection.runtime()); // one lane per server: an XA branch each
        }
        Reservation reservation = plan(inline);
        Lane[] lanes = this.lanes;
        if (ordered) {
            byServerId(lanes);
        }
        SQLException failure = null;
        // made before any row is read: after a lane ran out of heap, the others' rows still fill it until closed, and
        // an allocation here would throw a raw OutOfMemoryError past every lease
        results.leases = new Lease[lanes.length];
        long start = System.nanoTime();
        sequential = inline || lanes.length == 1;
        try {
            if (sequential) {
                for (Lane lane : lanes) { // one after another on this thread: no futures, no lists
                    if (stopping) {
                        break;
                    }
                    lane.call(reservation);
                }
            } else {
                failure = runInParallel(lanes, reservation);
            }
        } finally {
            if (reservation != null) {
                reservation.close();
            }
        }
        if (stopping) { // a unit failed, perhaps out of heap: every unit's buffered rows go before anything is allocated
            closeEveryUnit();
        }
        SQLException first = firstFailure();
        if (first != null) {
            failure = add(first, failure);
        }
        if (exhaustedElsewhere != null) {
            failure = add(Errors.localResources(exhaustedElsewhere, "running a shard's unit"), failure);
        }
        for (Lane lane : lanes) { // out of heap or stack first: it explains what else failed
            SQLException report = lane.exhaustedReport();
            if (report != null) {
                failure = add(report, failure);
            }
        }
        for (Lane lane : lanes) {
            if (lane.lease != null) {
                results.leases[results.leaseCount++] = lane.lease;
            }
            if (lane.failure != null) {
                failure = add(failure, lane.failure);
            }
        }
        if (failure == null && stopping) {
            failure = new ShardlineException(ErrorCode.INTERNAL, "the statement was cancelled (" + reason + ")");
        }
        if (timed != null && failure == null && !ordered) {
            policy.record(times, inline, System.nanoTime() - start);
        }
        if (failure != null) {
            if (transactional) {
                rollback(0, failure);
            }
            results.closeAll(failure);
            throw failure;
        }
        if (transactional) {
            commit();
        }
        if (useKept) {
            for (Lane lane : lanes) { // the next statements on these servers run on them (this thread owns the list)
                if (lane.lease != null) {
                    connection.keepAfterMulti(lane.lease);
                }
            }
        }
        return results;
    }

    /**
     * The first lane on this thread, the others on the executor (on this thread too when its queue is full, nobody
     * waits); returns a failure of waiting for them (the lanes' own failures are theirs).
     */
    private SQLException runInParallel(Lane[] lanes, Reservation reservation) {
        List<Future<Void>> futures = new ArrayList<>(lanes.length - 1);
        List<Lane> onCaller = new ArrayList<>(lanes.length);
        onCaller.add(lanes[0]);
        for (int l = 1; l < lanes.length; l++) {
            Lane lane = lanes[l];
            Future<Void> f = connection.runtime().executor().trySubmit(() -> {
                lane.call(reservation);
                return null;
            });
            if (f == null) {
                onCaller.add(lane);
            } else {
                futures.add(f);
            }
        }
        for (Lane lane : onCaller) {
            if (stopping) {
                break;
            }
            lane.call(reservation);
        }
        SQLException failure = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                failure = add(failure, new ShardlineException(ErrorCode.INTERNAL,
                        "interrupted while waiting for the shards", e));
            } catch (ExecutionException e) {
                Error outOf = Errors.exhausted(e);
                if (outOf != null) {
                    exhaustedElsewhere = outOf; // reported once every unit's rows are dropped
                    stopping = true;
                } else {
                    failure = add(failure, new ShardlineException(ErrorCode.INTERNAL,
                            "a shard's unit failed: " + e.getCause(), e.getCause()));
                }
            }
        }
        return failure;
    }

    /** Sorts lanes by server id, stably (an insertion sort: a few lanes, and no comparator made per call). */
    private static void byServerId(Lane[] lanes) {
        for (int i = 1; i < lanes.length; i++) {
            Lane lane = lanes[i];
            int j = i - 1;
            while (j >= 0 && lanes[j].server.id() > lane.server.id()) {
                lanes[j + 1] = lanes[j];
                j--;
            }
            lanes[j + 1] = lane;
        }
    }

    /**
     * Commits server by server; a failure rolls back the servers not yet committed and says what happened where. In XA
     * mode the branches commit in two phases instead: all of them or none.
     */
    private void commit() throws SQLException {
        if (global != null) {
            try {
                global.commit();
            } catch (SQLException e) {
                results.closeAll(e);
                throw e;
            }
            return;
        }
        Lane[] lanes = this.lanes;
        for (int l = 0; l < lanes.length; l++) {
            Lane lane = lanes[l];
            try {
                lane.lease.connection().commit();
                lane.lease.connection().setAutoCommit(true);
            } catch (SQLException e) {
                ShardlineException physical = Errors.physical(e, lane.lease, null);
                // a commit whose answer was lost may have taken effect; an error the server reported did not
                boolean inDoubt = physical.code() != ErrorCode.MYSQL_ERROR;
                rollback(l + (inDoubt ? 1 : 0), physical);
                PartialCommitException failure = PartialCommitException.of(units, lanes.length, l, inDoubt,
                        laneIndex -> lanes[laneIndex].unitList(), laneIndex -> lanes[laneIndex].server, results.counts,
                        physical);
                results.closeAll(failure);
                throw failure;
            }
        }
    }

    private void rollback(int from, SQLException into) {
        if (global != null) {
            try {
                global.rollback();
            } catch (SQLException e) {
                into.addSuppressed(e);
            }
            return;
        }
        Lane[] lanes = this.lanes;
        for (int l = from; l < lanes.length; l++) {
            Lease lease = lanes[l].lease;
            if (lease == null) {
                continue;
            }
            try {
                lease.connection().rollback();
                lease.connection().setAutoCommit(true);
            } catch (SQLException e) {
                into.addSuppressed(e);
            }
        }
    }

    private boolean severalServers() {
        for (Unit u : units) {
            if (u.serverId() != units.get(0).serverId()) {
                return true;
            }
        }
        return false;
    }

    private static SQLException add(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        if (next != null && first != next) {
            first.addSuppressed(next);
        }
        return first;
    }

    /**
     * Deals the units to lanes and, outside a transaction, takes their permits: per server (a read's replica chosen
     * once per master), in ascending server id, as many lanes as the cap allows and the budget grants at once, at
     * least one; one lane per server for writes and when the lanes run one after another anyway ({@code inline}).
     *
     * @return the reservation the lanes open their connections from (null in a transaction)
     */
    private Reservation plan(boolean inline) throws SQLException {
        if (!connection.autoCommitMode()) {
            planInTransaction();
            return null;
        }
        // the servers reached, in the order their units first appear, and each unit's among them (an array of a few
        // small objects, not maps nor an array per figure: each object made costs an IN of three keys about 25 ns)
        int n = units.size();
        Reached[] reached = new Reached[n];
        int[] reachedOf = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int id = units.get(i).serverId();
            int j = 0;
            while (j < count && reached[j].id != id) {
                j++;
            }
            if (j == count) {
                reached[count++] = new Reached(id, i);
            }
            reached[j].units++;
            reachedOf[i] = j;
        }
        // the server each one's connections come from (a read's replica chosen once per master), and the targets in
        // ascending id: the order the budget is taken in
        Server[] servers = new Server[count];
        int targets = 0;
        for (int j = 0; j < count; j++) {
            Reached r = reached[j];
            Unit u = units.get(r.firstUnit);
            r.target = connection.target(r.id, u.read(), u.forceMaster(), topology);
            if (slotOf(servers, targets, r.target) < 0) {
                int at = targets++;
                while (at > 0 && servers[at - 1].id() > r.target.id()) {
                    servers[at] = servers[at - 1];
                    at--;
                }
                servers[at] = r.target;
            }
        }
        if (targets < count) { // two masters share a replica
            servers = java.util.Arrays.copyOf(servers, targets);
        }
        int cap = write || inline ? count : Math.max(count, connection.runtime().maxConnectionsPerQuery());
        int spare = cap - count;
        boolean grew = true;
        while (spare > 0 && grew) { // one more lane to each server that still has more units than lanes, in turn
            grew = false;
            for (int j = 0; j < count; j++) {
                Reached r = reached[j];
                if (spare > 0 && r.wanted < r.units) {
                    r.wanted++;
                    spare--;
                    grew = true;
                }
            }
        }
        if (inline && useKept && targets == count && onKeptConnections(reached, reachedOf, servers)) {
            return null;
        }
        int[] want = new int[servers.length];
        for (int j = 0; j < count; j++) {
            Reached r = reached[j];
            r.slot = slotOf(servers, servers.length, r.target);
            want[r.slot] = r.wanted;
        }
        Reservation reservation = connection.runtime().pools().reserve(servers, want,
                useKept ? connection.keptLeases() : ServerPools.KeptLeases.NONE);
        int laneTotal = 0;
        for (int j = 0; j < count; j++) {
            laneTotal += reservation.granted(reached[j].slot);
        }
        Lane[] made = new Lane[laneTotal];
        int next = 0;
        for (int j = 0; j < count; j++) { // each server's lanes together, servers in the order they were reached
            Reached r = reached[j];
            r.firstLane = next;
            r.lanes = reservation.granted(r.slot);
            for (int k = 0; k < r.lanes; k++) { // lane k gets units k, k + lanes, ... of its server's
                made[next++] = new Lane(r.target, r.slot, Math.max(0, (r.units - k + r.lanes - 1) / r.lanes));
            }
        }
        for (int i = 0; i < n; i++) { // a server's units dealt to its lanes in turn
            Reached r = reached[reachedOf[i]];
            made[r.firstLane + r.dealt++ % r.lanes].add(i);
        }
        lanes = made;
        return reservation;
    }

    /**
     * A read whose lanes run one after another on this thread, one per server, each server reached with a kept
     * connection of its own: those connections, taken in ascending server id (as {@code ServerPools.reserve} would
     * take them, and never a wait), are its lanes' without a reservation. False, with nothing taken, when one of them
     * has none idle: the budget's reservation then takes the others again beside its permits.
     */
    private boolean onKeptConnections(Reached[] reached, int[] reachedOf, Server[] servers) throws SQLException {
        int count = servers.length;
        long now = System.nanoTime(); // one clock read for every kept connection's idle check
        try {
            for (Server server : servers) { // ascending id
                int j = 0;
                while (reached[j].target != server) {
                    j++;
                }
                reached[j].kept = connection.keptForMulti(server, now);
                if (reached[j].kept == null) {
                    giveBack(reached, count, null);
                    return false;
                }
            }
        } catch (SQLException | RuntimeException e) {
            giveBack(reached, count, e);
            throw e;
        }
        Lane[] made = new Lane[count];
        for (int j = 0; j < count; j++) {
            Reached r = reached[j];
            made[j] = r.alone() ? new Lane(r.target, r.firstUnit) : new Lane(r.target, -1, r.units);
            made[j].lease = r.kept;
        }
        for (int i = 0; i < reachedOf.length; i++) {
            if (!reached[reachedOf[i]].alone()) {
                made[reachedOf[i]].add(i);
            }
        }
        lanes = made;
        return true;
    }

    /** Lets go of kept connections taken for a statement that does not run on them: idle and kept again. */
    private static void giveBack(Reached[] reached, int count, Exception into) {
        for (int j = 0; j < count; j++) {
            Lease k = reached[j].kept;
            reached[j].kept = null;
            if (k != null) {
                try {
                    k.release();
                } catch (SQLException | RuntimeException e) {
                    if (into != null) {
                        into.addSuppressed(e);
                    }
                }
            }
        }
    }

    /** Units 0 to 63 as lists of one, shared by the lanes that run one unit alone (a list made per lane otherwise). */
    private static final int[][] ONE_UNIT = new int[64][];

    static {
        for (int i = 0; i < ONE_UNIT.length; i++) {
            ONE_UNIT[i] = new int[] {i};
        }
    }

    /** A server the units reach, while {@link #plan} deals them. */
    private static final class Reached {
        final int id;
        final int firstUnit;
        int units;
        /** Where its connections come from (its replica for a read), and that server's index in the reservation. */
        Server target;
        int slot;
        int wanted = 1;
        int firstLane;
        int lanes;
        int dealt;
        /** The kept connection its lane runs on, when every server reached has one ({@link #onKeptConnections}). */
        Lease kept;

        Reached(int id, int firstUnit) {
            this.id = id;
            this.firstUnit = firstUnit;
        }

        /** Whether its one lane runs its one unit, whose list of one is shared ({@link #ONE_UNIT}). */
        boolean alone() {
            return units == 1 && firstUnit < ONE_UNIT.length;
        }
    }

    /**
     * In a transaction: one lane on the transaction's server, or (XA, a batch's unit) each server's connection, taken
     * here on the calling thread in ascending server id.
     */
    private void planInTransaction() throws SQLException {
        Map<Integer, List<Integer>> byServer = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            byServer.computeIfAbsent(units.get(i).serverId(), k -> new ArrayList<>(4)).add(i);
        }
        if (byServer.size() == 1) {
            Unit first = units.get(0);
            lanes = new Lane[] {laneOf(topology.server(first.serverId()), byServer.values().iterator().next())};
            return;
        }
        if (!connection.transactionSpansServers()) {
            throw ShardlineException.notAllowed("this statement reaches servers " + byServer.keySet()
                    + " (" + reason + "); a transaction stays on one server, so run it outside the"
                    + " transaction, keep its rows on one server, or use transactions=xa");
        }
        List<Lane> taken = new ArrayList<>(byServer.size());
        try {
            for (var e : new TreeMap<>(byServer).entrySet()) {
                Unit u = units.get(e.getValue().get(0));
                Lane lane = laneOf(topology.server(e.getKey()), e.getValue());
                lane.lease = connection.lease(u.serverId(), u.database(), u.read(), u.forceMaster(), topology);
                taken.add(lane);
            }
        } catch (SQLException e) {
            for (Lane lane : taken) {
                Errors.closeQuietly(lane.lease, e);
            }
            throw e;
        }
        lanes = taken.toArray(new Lane[0]);
    }

    private Lane laneOf(Server server, List<Integer> unitIndexes) {
        Lane lane = new Lane(server, -1, unitIndexes.size());
        for (int i : unitIndexes) {
            lane.add(i);
        }
        return lane;
    }

    /** Where {@code server} stands among the first {@code count} of {@code servers} (by id), or -1. */
    private static int slotOf(Server[] servers, int count, Server server) {
        for (int k = 0; k < count; k++) {
            if (servers[k].id() == server.id()) {
                return k;
            }
        }
        return -1;
    }
}
