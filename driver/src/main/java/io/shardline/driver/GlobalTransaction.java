package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.Xid;
import io.shardline.driver.store.XaLog;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction over several servers with MySQL XA: a branch per server, started ({@code XA START}) when a statement
 * first reaches that server. Commit is one phase when one server was touched ({@code XA COMMIT .. ONE PHASE}); else
 * every branch ends and prepares in ascending server id, the commit decision is written to the store's XA log (the
 * commit point: {@link XaLog}), and every branch commits. Any failure before the decision rolls every branch back; after
 * it the transaction is committed, and a branch whose commit did not get through (its server died) is committed by
 * recovery when the server answers again. Used by one thread at a time: a logical connection's, or a multi-shard
 * write's calling thread.
 */
final class GlobalTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalTransaction.class);
    /** XAER_NOTA: the server does not know the xid. */
    private static final int XAER_NOTA = 1397;
    /** Removes the log rows of finished transactions off the commit path: one write less before commit returns. */
    private static final ExecutorService FORGET = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "shardline-xa-log");
        t.setDaemon(true);
        return t;
    });

    /** One server's part. */
    private static final class Branch {
        final Lease lease;
        final Xid xid;
        /** An XA branch; false for the local transaction of a server without XA, allowed only as the only branch. */
        final boolean xa;
        boolean ended;

        Branch(Lease lease, Xid xid, boolean xa) {
            this.lease = lease;
            this.xid = xid;
            this.xa = xa;
        }
    }

    private final ShardlineRuntime runtime;
    private final XaLog log;
    private final String gtrid;
    private final List<Branch> branches = new ArrayList<>(2);

    /** A transaction whose decision goes to {@code runtime}'s XA log (created in the store at its first use). */
    GlobalTransaction(ShardlineRuntime runtime) throws SQLException {
        this.runtime = runtime;
        this.log = runtime.xaLog();
        this.gtrid = Xid.newGtrid(log.id());
    }

    /** The branch's connection on {@code serverId}, or null when the transaction has not reached that server. */
    Lease lease(int serverId) {
        for (Branch b : branches) {
            if (b.lease.server().id() == serverId) {
                return b.lease;
            }
        }
        return null;
    }

    /** The first server's connection (tableless statements run there), or null before any statement reached one. */
    Lease first() {
        return branches.isEmpty() ? null : branches.get(0).lease;
    }

    /**
     * Makes {@code lease} the branch of its server: {@code XA START} on MySQL and MariaDB, a local transaction on a
     * server without XA (allowed only as the transaction's one server). The transaction owns the hold it is given and
     * releases it at the end; on failure it is released here and the transaction is as it was.
     */
    void join(Lease lease) throws SQLException {
        boolean xa = lease.supportsXa();
        Branch b = new Branch(lease, new Xid(gtrid, lease.server().id()), xa);
        try {
            if (!branches.isEmpty() && (!xa || !branches.get(0).xa)) {
                Lease other = xa ? branches.get(0).lease : lease;
                throw ShardlineException.notAllowed("server " + other.server().id() + " (" + other.server().address()
                        + ") is not a MySQL or MariaDB server and has no XA, so an XA transaction cannot span it and"
                        + " another server; keep its rows on one server");
            }
            if (xa) {
                execute(b, "XA START " + b.xid.sql());
            } else {
                lease.connection().setAutoCommit(false);
            }
        } catch (SQLException e) {
            ShardlineException failure = Errors.physical(e, lease, null);
            lease.discardOnRelease();
            Errors.closeQuietly(lease, failure);
            throw failure;
        }
        branches.add(b);
    }

    /** Commits every branch and releases their connections; the exception says what happened where. */
    void commit() throws SQLException {
        try {
            if (branches.size() == 1) {
                onePhase(branches.get(0));
            } else if (branches.size() > 1) {
                twoPhase();
            }
        } finally {
            releaseAll();
        }
    }

    /** Rolls every branch back and releases their connections. */
    void rollback() throws SQLException {
        SQLException failure = null;
        try {
            for (Branch b : branches) {
                failure = rollback(b, failure);
            }
        } finally {
            releaseAll();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void onePhase(Branch b) throws SQLException {
        if (!b.xa) {
            try {
                b.lease.connection().commit();
                b.lease.connection().setAutoCommit(true);
            } catch (SQLException e) {
                ShardlineException failure = Errors.physical(e, b.lease, null);
                rollback(b, failure);
                throw failure;
            }
            return;
        }
        try {
            end(b);
        } catch (SQLException e) {
            ShardlineException failure = Errors.physical(e, b.lease, null);
            rollback(b, failure);
            throw new ShardlineException(failure.code(), "the transaction is rolled back: " + failure.reason(), failure);
        }
        try {
            execute(b, "XA COMMIT " + b.xid.sql() + " ONE PHASE");
        } catch (SQLException e) {
            b.lease.discardOnRelease();
            ShardlineException failure = Errors.physical(e, b.lease, null);
            throw new ShardlineException(failure.code(), failure.code() == ErrorCode.MYSQL_ERROR
                    ? "the server refused the commit, so the transaction is rolled back: " + failure.reason()
                    : "the commit was sent but its answer was lost, so whether the transaction took effect is unknown: "
                    + failure.reason(), failure);
        }
    }

    private void twoPhase() throws SQLException {
        branches.sort(Comparator.comparingInt(b -> b.lease.server().id()));
        StringJoiner ids = new StringJoiner(",");
        for (Branch b : branches) {
            ids.add(Integer.toString(b.lease.server().id()));
        }
        String servers = ids.toString();
        for (Branch b : branches) {
            try {
                end(b);
                execute(b, "XA PREPARE " + b.xid.sql());
            } catch (SQLException e) {
                ShardlineException why = Errors.physical(e, b.lease, null);
                boolean lost = why.code() != ErrorCode.MYSQL_ERROR;
                rollbackAll(why);
                throw new ShardlineException(why.code(), "the transaction over servers [" + servers + "] is rolled back"
                        + " everywhere: server " + b.lease.server().id() + " (" + b.lease.server().address() + ") could"
                        + " not prepare its part (" + why.reason() + ")" + (lost ? "; had it prepared it before the"
                        + " connection broke, Shardline's recovery rolls that part back when the server answers" : ""),
                        why);
            }
        }
        XaFailpoint.reached("prepared");
        XaLog.Decision decision;
        try {
            decision = log.decide(gtrid, XaLog.Decision.COMMIT, servers);
        } catch (SQLException first) {
            try { // the write may have got through before the failure: learn what is in force, or decide to roll back
                decision = log.decide(gtrid, XaLog.Decision.ROLLBACK, servers);
            } catch (SQLException second) {
                first.addSuppressed(second);
                for (Branch b : branches) {
                    b.lease.discardOnRelease(); // closed, its prepared branch waits for recovery
                }
                throw new ShardlineException(ErrorCode.INTERNAL, "the outcome of the transaction over servers ["
                        + servers + "] is in doubt: every part is prepared, but its decision could not be written to"
                        + " or read from the metadata store (" + first.getMessage() + "). Shardline's recovery commits"
                        + " it if the commit was recorded and rolls it back otherwise, once the store answers", first);
            }
        }
        if (decision == XaLog.Decision.ROLLBACK) {
            ShardlineException failure = new ShardlineException(ErrorCode.INTERNAL, "the transaction over servers ["
                    + servers + "] is rolled back everywhere: its decision came later than Shardline's recovery, which"
                    + " took its prepared parts for abandoned (xaAbandonAfter) and recorded a rollback");
            rollbackAll(failure);
            throw failure;
        }
        XaFailpoint.reached("decided");
        boolean pending = false;
        ShardlineException lost = null;
        for (Branch b : branches) {
            try {
                execute(b, "XA COMMIT " + b.xid.sql());
            } catch (SQLException e) {
                b.lease.discardOnRelease();
                ShardlineException why = Errors.physical(e, b.lease, null);
                if (why.code() == ErrorCode.MYSQL_ERROR) { // the server answered, and not with its commit
                    lost = lost != null ? lost : new ShardlineException(ErrorCode.MYSQL_ERROR, "the transaction over"
                            + " servers [" + servers + "] is committed, but server " + b.lease.server().id() + " ("
                            + b.lease.server().address() + ") refused to commit its prepared part"
                            + (e.getErrorCode() == XAER_NOTA ? ", which it no longer knows (rolled back by hand?)" : "")
                            + ": " + why.reason() + ". Check that server's rows of this transaction", why);
                } else {
                    pending = true; // decided: the part is committed by recovery once its server answers
                    LOG.warn("XA transaction {} is committed; server {} ({}) did not confirm its part ({}), which"
                            + " recovery commits when the server answers", gtrid, b.lease.server().id(),
                            b.lease.server().address(), why.reason());
                }
            }
        }
        if (!pending && lost == null) {
            FORGET.execute(() -> {
                try {
                    log.forget(gtrid);
                } catch (SQLException e) { // recovery removes it later
                    LOG.debug("XA transaction {} stays in the log for now: {}", gtrid, e.getMessage());
                }
            });
        } else if (pending) {
            runtime.xaRecovery().soon();
        }
        if (lost != null) {
            throw lost;
        }
    }

    private static void end(Branch b) throws SQLException {
        if (!b.ended) {
            b.ended = true;
            execute(b, "XA END " + b.xid.sql());
        }
    }

    private void rollbackAll(SQLException into) {
        for (Branch b : branches) {
            rollback(b, into);
        }
    }

    /**
     * Rolls one branch back; a connection left in an unknown state is closed rather than pooled (an unprepared branch
     * dies with it, a prepared one waits for recovery, which finds no commit decision and rolls it back).
     *
     * @return the failure to report: {@code into} with this one added, or this one when {@code into} is null
     */
    private static SQLException rollback(Branch b, SQLException into) {
        try {
            if (b.xa) {
                try {
                    end(b);
                } catch (SQLException ignored) {
                    // a branch a deadlock already rolled back refuses XA END (XAER_RMFAIL); XA ROLLBACK still ends it
                }
                execute(b, "XA ROLLBACK " + b.xid.sql());
            } else {
                b.lease.connection().rollback();
                b.lease.connection().setAutoCommit(true);
            }
            return into;
        } catch (SQLException e) {
            b.lease.discardOnRelease();
            if (into == null) {
                return Errors.physical(e, b.lease, null);
            }
            into.addSuppressed(e);
            return into;
        }
    }

    private static void execute(Branch b, String sql) throws SQLException {
        try (Statement s = b.lease.connection().createStatement()) {
            s.execute(sql);
        }
    }

    private void releaseAll() {
        for (Branch b : branches) {
            try {
                b.lease.release();
            } catch (SQLException e) {
                LOG.debug("releasing the connection of an XA branch: {}", e.getMessage());
            }
        }
        branches.clear();
    }
}
