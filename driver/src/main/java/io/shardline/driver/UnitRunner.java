package io.shardline.driver;

import io.shardline.driver.exec.InlinePolicy;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Runs the units of a multi-shard plan. Units are dealt to lanes, one physical connection each: every server gets at
 * least one lane, and together they hold at most {@code maxConnectionsPerQuery} connections (more only when the units
 * span more servers than that). A lane runs its units one after another on its connection, keeping each result set
 * open (drivers read results into memory by default, so several stay open on one connection). Lanes run in parallel
 * on the runtime's bounded executor, the first one on the calling thread, or all on the calling thread one after
 * another when that was measured faster for the statement ({@link InlinePolicy}); in a transaction
 * every unit runs on the transaction's connection. When any unit fails, every statement is closed and every
 * connection returned before the failure, naming the shard, is thrown.
 * <p>Writes get one lane per server. In autocommit mode a write of several units runs as one local transaction per
 * server, committed only after every unit on every server succeeded, and rolled back everywhere when one fails: a
 * failure while the statement runs writes nothing. What remains is the commit phase itself: if a server fails to
 * commit after others did, the exception says which servers committed, which rolled back and which is in doubt.
 */
final class UnitRunner {
    /** What the units returned, in unit order, and what holds them. */
    static final class Results {
        final List<Lease> leases = new ArrayList<>();
        final Statement[] statements;
        final ResultSet[] resultSets;
        final long[] counts;

        Results(int units) {
            statements = new Statement[units];
            resultSets = new ResultSet[units];
            counts = new long[units];
        }

        List<Statement> statementList() {
            List<Statement> out = new ArrayList<>();
            for (Statement s : statements) {
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }

        List<ResultSet> resultSetList() {
            return List.of(resultSets);
        }

        /** Closes every statement and returns every connection, adding any failure to {@code into}. */
        void closeAll(SQLException into) {
            for (Statement s : statements) {
                Errors.closeQuietly(s, into);
            }
            for (Lease l : leases) {
                try {
                    l.release();
                } catch (SQLException e) {
                    if (into != null) {
                        into.addSuppressed(e);
                    }
                }
            }
        }
    }

    private final ShardlineConnection connection;
    private final LogicalStatement owner;
    private final List<Unit> units;
    private final String reason;
    private final boolean write;
    private final Topology topology;
    /** Per unit: how its parameters bind (null for plain SQL). */
    private final LogicalStatement.Binder[] binders;
    private final LogicalStatement.Keys keys;
    /** A JDBC batch: a lane sends its units as physical batches instead of one statement each. */
    private final boolean batched;
    private final Results results;
    /** A write of several units in autocommit mode: one local transaction per server around them. */
    private final boolean transactional;
    /** The statement whose time per unit decides between the calling thread and the executor (null: executor). */
    private final BoundStatement timed;

    private UnitRunner(ShardlineConnection connection, LogicalStatement owner, List<Unit> units, String reason,
                       boolean write, boolean transactionalWrite, Topology topology, LogicalStatement.Binder[] binders,
                       LogicalStatement.Keys keys, boolean batched, BoundStatement timed) {
        this.connection = connection;
        this.timed = timed;
        this.owner = owner;
        this.units = units;
        this.reason = reason;
        this.write = write;
        this.topology = topology;
        this.binders = binders;
        this.keys = keys;
        this.batched = batched;
        this.results = new Results(units.size());
        this.transactional = transactionalWrite && connection.autoCommitMode() && units.size() > 1;
    }

    /** Runs every unit of {@code plan}; on failure nothing stays open and the first failure is thrown. */
    static Results run(ShardlineConnection connection, LogicalStatement owner, MultiPlan plan, BoundStatement bound,
                       LogicalStatement.Binder binder, LogicalStatement.Keys keys) throws SQLException {
        LogicalStatement.Binder[] binders = new LogicalStatement.Binder[plan.units().size()];
        java.util.Arrays.fill(binders, binder);
        return new UnitRunner(connection, owner, plan.units(), plan.reason(), plan.write(),
                plan.write() && plan.mode() != MultiPlan.Mode.DDL, bound.topology(), binders, keys, false, bound).run();
    }

    /**
     * Runs the units of a JDBC batch, each with its item's parameters: per server, prepared units with the same
     * physical SQL go as one physical batch (same logical statement, different physical tables: independent rows),
     * plain SQL texts as one batch in the caller's order.
     */
    static Results runBatch(ShardlineConnection connection, LogicalStatement owner, List<Unit> units,
                            LogicalStatement.Binder[] binders, Topology topology) throws SQLException {
        return new UnitRunner(connection, owner, units, "a batch of " + units.size() + " statements", true, true,
                topology, binders, LogicalStatement.Keys.NONE, true, null).run();
    }

    /** One connection's share of the units. */
    private final class Lane {
        final int serverId;
        final List<Integer> units = new ArrayList<>();
        Lease lease;
        SQLException failure;

        Lane(int serverId) {
            this.serverId = serverId;
        }

        Void call() {
            Unit first = UnitRunner.this.units.get(units.get(0));
            try {
                lease = connection.lease(serverId, first.database(), first.read(), first.forceMaster(), topology);
            } catch (SQLException e) {
                failure = e;
                return null;
            }
            if (transactional) {
                try {
                    lease.connection().setAutoCommit(false);
                } catch (SQLException e) {
                    failure = Errors.physical(e, lease.server(), first.database());
                    return null;
                }
            }
            if (batched) {
                try {
                    runBatch(units, lease.connection());
                } catch (SQLException e) {
                    failure = Errors.physical(e, lease.server(), first.database());
                }
                return null;
            }
            for (int i : units) {
                Unit u = UnitRunner.this.units.get(i);
                try {
                    runUnit(i, u, lease.connection());
                } catch (SQLException e) {
                    failure = Errors.physical(e, lease.server(), u.database());
                    return null;
                }
            }
            return null;
        }
    }

    /** One lane's share of a batch: physical batches per SQL text (prepared) or one for all texts (plain). */
    private void runBatch(List<Integer> laneUnits, Connection pc) throws SQLException {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : laneUnits) {
            groups.computeIfAbsent(binders[i] == null ? "" : units.get(i).sql(), k -> new ArrayList<>()).add(i);
        }
        for (var g : groups.entrySet()) {
            List<Integer> members = g.getValue();
            Statement st;
            if (g.getKey().isEmpty()) {
                st = pc.createStatement();
                results.statements[members.get(0)] = st;
                for (int i : members) {
                    st.addBatch(units.get(i).sql());
                }
            } else {
                PreparedStatement ps = pc.prepareStatement(g.getKey());
                st = ps;
                results.statements[members.get(0)] = ps;
                for (int i : members) {
                    binders[i].bind(ps, units.get(i).params());
                    ps.addBatch();
                }
            }
            owner.applyUnitSettings(st);
            long[] counts = st.executeLargeBatch();
            for (int k = 0; k < members.size(); k++) {
                results.counts[members.get(k)] = counts[k];
            }
        }
    }

    private void runUnit(int i, Unit u, Connection pc) throws SQLException {
        boolean rows;
        LogicalStatement.Binder binder = binders[i];
        if (binder == null) {
            Statement st = pc.createStatement(owner.getResultSetType(), owner.getResultSetConcurrency());
            results.statements[i] = st;
            owner.applyUnitSettings(st);
            rows = keys.execute(st, u.sql());
        } else {
            PreparedStatement ps = keys.prepare(pc, u.sql(), owner.getResultSetType(), owner.getResultSetConcurrency());
            results.statements[i] = ps;
            owner.applyUnitSettings(ps);
            binder.bind(ps, u.params());
            rows = ps.execute();
        }
        if (rows) {
            results.resultSets[i] = results.statements[i].getResultSet();
        } else {
            results.counts[i] = results.statements[i].getLargeUpdateCount();
        }
    }

    private Results run() throws SQLException {
        InlinePolicy policy = connection.runtime().inlinePolicy();
        boolean inline = timed != null && policy.inline(timed);
        List<Lane> lanes = lanes(inline);
        List<Future<Void>> futures = new ArrayList<>();
        SQLException failure = null;
        long start = System.nanoTime();
        try {
            for (int l = 1; l < lanes.size() && !inline; l++) {
                Lane lane = lanes.get(l);
                futures.add(connection.runtime().executor().submit(lane::call));
            }
        } catch (ShardlineException queueFull) {
            failure = queueFull;
        }
        if (failure == null) {
            for (Lane lane : inline ? lanes : lanes.subList(0, 1)) {
                lane.call();
                if (lane.failure != null) {
                    break;
                }
            }
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = add(failure, new ShardlineException(io.shardline.router.ErrorCode.INTERNAL,
                        "interrupted while waiting for the shards", e));
            } catch (ExecutionException e) {
                failure = add(failure, new ShardlineException(io.shardline.router.ErrorCode.INTERNAL,
                        "a shard's unit failed: " + e.getCause(), e.getCause()));
            }
        }
        for (Lane lane : lanes) {
            if (lane.lease != null) {
                results.leases.add(lane.lease);
            }
            if (lane.failure != null) {
                failure = add(failure, lane.failure);
            }
        }
        if (timed != null && failure == null) {
            policy.record(timed, inline, System.nanoTime() - start);
        }
        if (failure != null) {
            if (transactional) {
                rollback(lanes, 0, failure);
            }
            results.closeAll(failure);
            throw failure;
        }
        if (transactional) {
            commit(lanes);
        }
        return results;
    }

    /** Commits server by server; a failure rolls back the servers not yet committed and says what happened where. */
    private void commit(List<Lane> lanes) throws SQLException {
        List<Integer> committed = new ArrayList<>();
        for (int l = 0; l < lanes.size(); l++) {
            Lane lane = lanes.get(l);
            try {
                lane.lease.connection().commit();
                lane.lease.connection().setAutoCommit(true);
                committed.add(lane.serverId);
            } catch (SQLException e) {
                List<Integer> rolledBack = new ArrayList<>();
                for (int r = l + 1; r < lanes.size(); r++) {
                    rolledBack.add(lanes.get(r).serverId);
                }
                ShardlineException physical = Errors.physical(e, lane.lease.server(), null);
                ShardlineException failure = new ShardlineException(physical.code(), "the write committed on server(s) "
                        + committed + " before server " + lane.serverId + " (" + lane.lease.server().address()
                        + ") failed to commit, so its part is in doubt; server(s) " + rolledBack + " rolled back: "
                        + e.getMessage(), e);
                rollback(lanes, l, failure);
                results.closeAll(failure);
                throw failure;
            }
        }
    }

    private static void rollback(List<Lane> lanes, int from, SQLException into) {
        for (int l = from; l < lanes.size(); l++) {
            Lease lease = lanes.get(l).lease;
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

    private static SQLException add(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /**
     * Deals the units to lanes: per server, in unit order, within the connection cap; one lane per server when they
     * run one after another anyway ({@code inline}), as more would only borrow more connections.
     */
    private List<Lane> lanes(boolean inline) throws SQLException {
        Map<Integer, List<Integer>> byServer = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            byServer.computeIfAbsent(units.get(i).serverId(), k -> new ArrayList<>()).add(i);
        }
        List<Lane> lanes = new ArrayList<>();
        if (!connection.autoCommitMode()) {
            if (byServer.size() > 1) {
                throw ShardlineException.notAllowed("this statement reaches servers " + byServer.keySet()
                        + " (" + reason + "); a transaction stays on one server, so run it outside the"
                        + " transaction or keep its rows on one server");
            }
            Lane lane = new Lane(byServer.keySet().iterator().next());
            lane.units.addAll(byServer.values().iterator().next());
            lanes.add(lane);
            return lanes;
        }
        // writes take one connection per server: one local transaction each
        int cap = write || inline ? byServer.size()
                : Math.max(byServer.size(), connection.runtime().maxConnectionsPerQuery());
        int spare = cap - byServer.size();
        Map<Integer, Integer> laneCount = new LinkedHashMap<>();
        byServer.keySet().forEach(s -> laneCount.put(s, 1));
        boolean grew = true;
        while (spare > 0 && grew) { // one more lane to each server that still has more units than lanes, in turn
            grew = false;
            for (var e : byServer.entrySet()) {
                if (spare > 0 && laneCount.get(e.getKey()) < e.getValue().size()) {
                    laneCount.merge(e.getKey(), 1, Integer::sum);
                    spare--;
                    grew = true;
                }
            }
        }
        for (var e : byServer.entrySet()) {
            int n = laneCount.get(e.getKey());
            List<Lane> serverLanes = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                serverLanes.add(new Lane(e.getKey()));
            }
            List<Integer> units = e.getValue();
            for (int k = 0; k < units.size(); k++) {
                serverLanes.get(k % n).units.add(units.get(k));
            }
            lanes.addAll(serverLanes);
        }
        return lanes;
    }
}
