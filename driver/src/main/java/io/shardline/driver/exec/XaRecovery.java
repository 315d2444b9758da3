package io.shardline.driver.exec;

import io.shardline.driver.store.MetadataStore;
import io.shardline.driver.store.XaLog;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the XA branches Shardline left prepared on the masters: a branch whose transaction has a commit decision in
 * the store's XA log is committed; one without any decision is rolled back once it has stayed prepared for
 * {@code abandonAfter} (its coordinator died between prepare and decision), after a rollback decision is written
 * first, so a coordinator that was only slow can no longer record a commit (the first decision wins). Branches still
 * attached to a live session refuse both (XAER_NOTA) and are left to their coordinator. A pass runs when the runtime
 * starts and the store holds an XA log, then every {@code interval}, and on request ({@link #recover}). Rows of the log
 * are removed once no listed server holds a branch of theirs. Thread-safe: passes run one at a time.
 */
public final class XaRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XaRecovery.class);
    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardline-xa-clock");
        t.setDaemon(true);
        return t;
    });
    /** A pass may wait on a server that does not answer, so passes run off the clock's thread. */
    private static final ExecutorService PASSES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-xa-recovery");
        t.setDaemon(true);
        return t;
    });
    private static final int XAER_NOTA = 1397;
    /** A commit row younger than this is its coordinator's to remove. */
    private static final long COMMIT_ROW_SECONDS = 60;
    /** A rollback row blocks a late commit decision; a coordinator that slow no longer exists after a day. */
    private static final long ROLLBACK_ROW_SECONDS = 86_400;

    /**
     * What a pass did: branches committed and rolled back, branches left prepared for now (no decision yet and not
     * prepared long enough, or still attached to their coordinator's session), and servers it could not ask.
     */
    public record Report(int committed, int rolledBack, int waiting, List<String> unreachable) {
        static final Report NONE = new Report(0, 0, 0, List.of());

        /** Whether every prepared branch found was resolved on every master. */
        public boolean complete() {
            return waiting == 0 && unreachable.isEmpty();
        }
    }

    private final ServerPools pools;
    private final Supplier<Topology> topology;
    private final MetadataStore store;
    private final long intervalMillis;
    private final long abandonAfterNanos;
    /** When this instance first saw each decisionless branch prepared (guarded by this). */
    private final Map<Xid, Long> firstSeen = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private ScheduledFuture<?> periodic;
    private volatile boolean closed;

    public XaRecovery(ServerPools pools, Supplier<Topology> topology, MetadataStore store, long intervalMillis,
                      long abandonAfterMillis) {
        this.pools = pools;
        this.topology = topology;
        this.store = store;
        this.intervalMillis = intervalMillis;
        this.abandonAfterNanos = TimeUnit.MILLISECONDS.toNanos(abandonAfterMillis);
    }

    /** At start: when the store holds an XA log (some instance used XA with it), passes begin, the first at once. */
    public void startIfLogged() {
        PASSES.execute(() -> {
            try {
                if (store.xaLog(false) != null) {
                    start();
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("cannot tell whether {} holds an XA log, so no XA recovery runs now: {}", store.describe(),
                        e.getMessage());
            }
        });
    }

    /** Passes every interval from now on, the first at once (idempotent). */
    public synchronized void start() {
        if (closed || periodic != null || intervalMillis <= 0) {
            return;
        }
        periodic = CLOCK.scheduleWithFixedDelay(this::soon, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A pass in the background now, unless one is running. */
    public void soon() {
        if (closed || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            PASSES.execute(() -> {
                try {
                    Report r = recover(false);
                    if (r.committed() + r.rolledBack() > 0 || !r.unreachable().isEmpty()) {
                        LOG.info("XA recovery: {}", r);
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.warn("XA recovery could not run: {}", io.shardline.router.Secrets.mask(e.getMessage()));
                } finally {
                    running.set(false);
                }
            });
        } catch (RuntimeException e) {
            running.set(false);
        }
    }

    /**
     * One pass now. {@code abandonNow} rolls back decisionless prepared branches at once instead of after
     * {@code abandonAfter} (an operator's call: a transaction committing at this very moment is then rolled back, cleanly).
     */
    public synchronized Report recover(boolean abandonNow) throws SQLException {
        XaLog log = store.xaLog(false);
        if (log == null) {
            return Report.NONE;
        }
        // the rows are read before the servers are asked: a row that existed then had every branch prepared already,
        // so a branch found on no server afterwards is committed and the row may go
        Map<String, XaLog.Entry> entries = new HashMap<>();
        for (XaLog.Entry e : log.entries()) {
            entries.put(e.gtrid(), e);
        }
        Topology t = topology.get();
        Set<Integer> asked = new HashSet<>();
        Set<String> pending = new HashSet<>();
        Set<Xid> seen = new HashSet<>();
        List<String> unreachable = new ArrayList<>();
        int committed = 0;
        int rolledBack = 0;
        int waiting = 0;
        long now = System.nanoTime();
        for (Server server : t.servers()) {
            if (!server.isMaster() || !PhysicalUrls.isMySql(server)) {
                continue;
            }
            try (Lease lease = pools.borrow(server)) {
                lease.networkTimeout((int) Math.min(Integer.MAX_VALUE, pools.settings().connectTimeoutMillis()));
                Connection c = lease.connection();
                for (Xid xid : prepared(c, Xid.prefix(log.id()))) {
                    seen.add(xid);
                    XaLog.Entry entry = entries.get(xid.gtrid());
                    XaLog.Decision d = entry != null ? entry.decision() : log.decision(xid.gtrid());
                    if (d == null) {
                        long first = firstSeen.computeIfAbsent(xid, k -> now);
                        if (!abandonNow && now - first < abandonAfterNanos) {
                            waiting++;
                            pending.add(xid.gtrid());
                            continue;
                        }
                        d = log.decide(xid.gtrid(), XaLog.Decision.ROLLBACK, Integer.toString(server.id()));
                    }
                    if (resolve(c, xid, d, server)) {
                        if (d == XaLog.Decision.COMMIT) {
                            committed++;
                        } else {
                            rolledBack++;
                        }
                    } else {
                        waiting++;
                        pending.add(xid.gtrid());
                    }
                }
                asked.add(server.id());
            } catch (SQLException e) {
                unreachable.add("server " + server.id() + " (" + server.address() + "): " + e.getMessage());
            }
        }
        firstSeen.keySet().retainAll(seen);
        for (XaLog.Entry e : entries.values()) {
            long keep = e.decision() == XaLog.Decision.COMMIT ? COMMIT_ROW_SECONDS : ROLLBACK_ROW_SECONDS;
            if (e.ageSeconds() >= keep && !pending.contains(e.gtrid()) && allAsked(e.servers(), asked, t)) {
                log.forget(e.gtrid());
            }
        }
        return new Report(committed, rolledBack, waiting, List.copyOf(unreachable));
    }

    /**
     * The branches of this decision log prepared on this server ({@code XA RECOVER}): Shardline's format and its gtrid
     * prefix. Other applications' branches, and those of Shardline estates with another metadata store, are not ours.
     */
    private static List<Xid> prepared(Connection c, String prefix) throws SQLException {
        List<Xid> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                Xid xid = Xid.parse(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getString(4));
                if (xid != null && xid.gtrid().startsWith(prefix)) {
                    out.add(xid);
                }
            }
        }
        return out;
    }

    /** Commits or rolls back one branch; false when its session still holds it (or it was resolved meanwhile). */
    private static boolean resolve(Connection c, Xid xid, XaLog.Decision d, Server server) throws SQLException {
        String sql = (d == XaLog.Decision.COMMIT ? "XA COMMIT " : "XA ROLLBACK ") + xid.sql();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            LOG.info("XA recovery: {} on server {} ({})", sql, server.id(), server.address());
            return true;
        } catch (SQLException e) {
            if (ConnectionFaults.isConnectionLevel(e)) {
                throw e;
            }
            if (e.getErrorCode() != XAER_NOTA) {
                LOG.warn("XA recovery: {} on server {} ({}) failed: {}", sql, server.id(), server.address(),
                        e.getMessage());
            }
            return false;
        }
    }

    /** Whether every server of a row was asked in this pass (a server no longer a master cannot hold its branch). */
    private static boolean allAsked(String servers, Set<Integer> asked, Topology t) {
        for (String id : servers.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(id.trim());
            } catch (NumberFormatException e) {
                return false;
            }
            Server s = t.server(n);
            if (s != null && s.isMaster() && !asked.contains(n)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (periodic != null) {
            periodic.cancel(false);
        }
    }
}
