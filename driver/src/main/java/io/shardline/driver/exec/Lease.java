package io.shardline.driver.exec;

import com.zaxxer.hikari.HikariDataSource;
import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A borrowed physical connection shared by its holders: an autocommit execution holds it alone, a transaction holds
 * it for the logical connection and each statement run in it holds it too, so a result set read after COMMIT keeps
 * its connection until it is closed. The last release returns it to the pool and its permit to the server's budget.
 */
public final class Lease implements AutoCloseable {
    /** Runs aborts and cancels, which may block on a frozen server, away from the threads that asked for them. */
    static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-abort");
        t.setDaemon(true);
        return t;
    });

    /**
     * How long a kept connection may sit unused and still be reused without the pool's check: HikariCP's own window
     * for lending a connection again without validating it.
     */
    public static final long KEPT_IDLE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

    private final Connection physical;
    private final Server server;
    private final ServerPool pool;
    private final int defaultNetworkTimeout;
    /** Where its pool lists it among those lent out ({@link LentSlots}). */
    private final int slot;
    private int networkTimeout;
    /**
     * Written under this lease's lock; volatile so that a thread waiting for a permit can skip busy leases without
     * taking their locks ({@link #giveBackIfIdle}): it announced itself before looking, and a release sets the count
     * before it checks for announced waiters, so one of the two always sees the other. Writes no waiter needs to see at
     * once (the first count, keeping, unkeeping: a waiter checks again under the lock before it takes a lease) are
     * release stores ({@link #HOLDERS}), sparing a pooled application a fence each per operation.
     */
    private volatile int holders;
    /** A logical connection keeps this connection between its autocommit statements, as one more holder. */
    private volatile boolean kept;
    private static final java.lang.invoke.VarHandle HOLDERS;
    private static final java.lang.invoke.VarHandle KEPT;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            HOLDERS = lookup.findVarHandle(Lease.class, "holders", int.class);
            KEPT = lookup.findVarHandle(Lease.class, "kept", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * Prepared statements parked on the physical connection between executions, by SQL text, kept by the pool for the
     * connection's next borrowers ({@link ParkedStatements}; null until this lease first asks); a statement taken out
     * for an execution leaves its entry with a null value, so parking it again allocates nothing.
     */
    private java.util.Map<String, java.sql.PreparedStatement> parked;
    /** The connection under HikariCP's proxy, once asked for ({@link #forParking()}). */
    private Connection raw;
    /** When the last statement on a kept connection let go of it (System.nanoTime). */
    private long idleSinceNanos;
    private volatile boolean aborted;
    /** The connection failed at the connection level (lost, closed under a statement): never reused. */
    private volatile boolean broken;
    private volatile boolean discard;
    private volatile boolean abortSession;

    Lease(Connection physical, Server server, ServerPool pool, int defaultNetworkTimeout, int slot) {
        this.physical = physical;
        this.server = server;
        this.pool = pool;
        this.defaultNetworkTimeout = defaultNetworkTimeout;
        this.slot = slot;
        this.networkTimeout = defaultNetworkTimeout;
        HOLDERS.set(this, 1); // others see the lease only through its pool's slot, a compare-and-set after this
    }

    int slot() {
        return slot;
    }

    /** The physical connection, once no cancel of a statement it ran earlier can reach its next one. */
    public Connection connection() {
        if (!CancelsInFlight.awaitNone(physical)) {
            discard = true; // the late cancel may still interrupt what runs next: never pooled again
        }
        return physical;
    }

    /**
     * The connection to prepare a statement on that is to be parked: the one under HikariCP's proxy, whose statements
     * the proxy does not close when the connection goes back to the pool. HikariCP does not see what they run, so it
     * cannot roll back a transaction it gets back unfinished: a transaction whose end failed aborts its session
     * instead ({@link #abortOnRelease()}).
     */
    public Connection forParking() throws SQLException {
        Connection r = raw;
        if (r == null) {
            r = physical.unwrap(Connection.class);
            raw = r;
        }
        return r;
    }

    /** The statements parked on {@code r}, this lease's connection under the proxy. */
    private java.util.Map<String, java.sql.PreparedStatement> parkedOn(Connection r) {
        java.util.Map<String, java.sql.PreparedStatement> p = parked;
        if (p == null) {
            p = pool.parkedOn(r);
            parked = p;
        }
        return p;
    }

    /** The physical connection as the pool lent it, without waiting for cancels in flight ({@link #connection()}). */
    Connection pooledConnection() {
        return physical;
    }

    public Server server() {
        return server;
    }

    /**
     * Why this connection was aborted under its user (its server was marked down), for messages; null when it was not.
     * Whatever error the physical driver then throws (a closed socket, a closed statement) is that outage.
     */
    public String abortedBecause() {
        if (!aborted) {
            return null;
        }
        ServerPool.Down d = pool.down();
        return d == null ? "the server stopped answering" : d.reason();
    }

    /**
     * Bounds how long a read on this connection may wait ({@code millis}; 0 waits without bound; negative: the
     * pool's default). Set only when it changes; the pool restores its default when the connection comes back.
     */
    public void networkTimeout(int millis) throws SQLException {
        int want = millis < 0 ? defaultNetworkTimeout : millis;
        if (want != networkTimeout && PhysicalUrls.isMySql(server)) {
            physical.setNetworkTimeout(Runnable::run, want);
            networkTimeout = want;
        }
    }

    /** A statement on this connection failed: a lost connection makes the pool probe its server now. */
    public void failed(SQLException e) {
        if (ConnectionFaults.isConnectionLevel(e)) {
            broken = true;
        }
        pool.failed(e);
    }

    /**
     * Whether the physical connection underneath is closed: Connector/J closes it after a communication failure and
     * may then report only a client-side error ("statement closed") for the statement that was running.
     */
    public boolean physicallyClosed() {
        try {
            return physical.unwrap(Connection.class).isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }

    /** The connection was found lost by other means than its error: the pool probes the server now. */
    public void lost() {
        broken = true;
        pool.lost("the connection was closed under a statement");
    }

    /** Whether this server speaks MySQL's SQL-level XA (MySQL and MariaDB do; H2 servers do not). */
    public boolean supportsXa() {
        return PhysicalUrls.isMySql(server);
    }

    /**
     * When the last holder releases it, the physical connection is closed instead of pooled again: its session may
     * still hold an XA branch (a prepared one survives only as long as the session, or once the session is gone).
     */
    public void discardOnRelease() {
        discard = true;
    }

    /**
     * Its transaction's end failed and part of it may still be open: when the last holder releases it, its session is
     * aborted before the pool gets the connection back, so that the server rolls back what is open. The pool would
     * otherwise restore autocommit on it first, which commits, and it does not see the writes of parked statements to
     * roll them back.
     */
    public void abortOnRelease() {
        discard = true;
        abortSession = true;
    }

    public synchronized Lease retain() {
        if (holders == 0) {
            throw new IllegalStateException("lease already returned");
        }
        holders++;
        return this;
    }

    public void release() throws SQLException {
        release(false, 0);
    }

    /**
     * {@link #release()} with the clock read by the caller ({@code nowNanos}, {@link System#nanoTime()}): a statement
     * that lets go of several kept connections at once reads it once for all.
     */
    public void release(long nowNanos) throws SQLException {
        release(true, nowNanos);
    }

    private synchronized void release(boolean clockRead, long nowNanos) throws SQLException {
        if (holders > 0 && --holders == 0) {
            giveBack();
        } else if (holders == 1 && kept) {
            idleSinceNanos = clockRead ? nowNanos : System.nanoTime();
            if (pool.hasWaiters()) { // someone waits for a connection to this server: they need it more
                kept = false;
                holders = 0;
                giveBack();
            }
        }
    }

    private void giveBack() throws SQLException {
        parked = null; // they stay with the physical connection, for its next borrower
        try {
            if (discard || CancelsInFlight.pending(physical)) { // a cancel landing later would hit its next user
                if (raw != null) {
                    pool.forgetParked(raw);
                }
                pool.evict(physical);
                if (abortSession) {
                    try {
                        forParking().abort(Runnable::run);
                    } catch (SQLException | RuntimeException gone) {
                        // its socket is closed already
                    }
                }
                try {
                    physical.close();
                } catch (SQLException | RuntimeException gone) {
                    // evicted, its connection is closed already: HikariCP's reset of a changed setting (the network
                    // timeout) then fails on it, and the pool has dropped it all the same
                }
                return;
            }
            physical.close();
        } finally {
            pool.returned(this);
        }
    }

    /**
     * Makes this connection one its logical connection keeps between autocommit statements: the keeper holds it as
     * one more holder. While no statement uses it, anyone waiting for a connection to its server takes it back
     * ({@link #giveBackIfIdle}), so a kept connection never makes another statement wait.
     */
    public synchronized Lease keep() {
        if (holders == 0 || kept || discard) {
            return this;
        }
        KEPT.setRelease(this, true);
        HOLDERS.setRelease(this, holders + 1);
        return this;
    }

    /**
     * The keeper's next statement takes the kept connection again: true when it is still kept, idle, and neither
     * aborted nor broken. One idle longer than {@link #KEPT_IDLE_NANOS} is pinged first, as the pool would before
     * lending it again; one that does not answer is closed instead of reused.
     */
    public boolean reuse(int checkTimeoutSeconds) throws SQLException {
        return reuse(checkTimeoutSeconds, false, 0);
    }

    /** {@link #reuse(int)} with the clock read by the caller ({@code nowNanos}): once for a statement's servers. */
    public boolean reuse(int checkTimeoutSeconds, long nowNanos) throws SQLException {
        return reuse(checkTimeoutSeconds, true, nowNanos);
    }

    private boolean reuse(int checkTimeoutSeconds, boolean clockRead, long nowNanos) throws SQLException {
        long idle;
        synchronized (this) {
            if (!kept || holders != 1 || aborted || broken || discard // discard: its session holds state
                    || CancelsInFlight.pending(physical)) {
                return false;
            }
            holders++;
            idle = (clockRead ? nowNanos : System.nanoTime()) - idleSinceNanos;
        }
        if (idle <= KEPT_IDLE_NANOS || physical.isValid(checkTimeoutSeconds)) {
            return true;
        }
        broken = true;
        discard = true;
        release();
        return false;
    }

    /** The keeper lets go of this connection: it goes back to the pool once no statement uses it. */
    public synchronized void unkeep() throws SQLException {
        if (!kept) {
            return;
        }
        KEPT.setRelease(this, false);
        // the keeper's release, under the same lock (a pooled application unkeeps once per operation)
        int left = holders - 1;
        if (left >= 0) {
            HOLDERS.setRelease(this, left);
            if (left == 0) {
                giveBack();
            }
        }
    }

    /** A prepared statement of {@code sql} parked on this kept connection, taken out of the cache; null if none. */
    public synchronized java.sql.PreparedStatement takeParked(String sql) throws SQLException {
        return parkedOn(forParking()).replace(sql, null);
    }

    /**
     * {@link #takeParked(String)} for the units a lane runs on this connection, under one lock instead of one per
     * unit: {@code into[i]} gets the statement parked for {@code sql[i]} (null if none), for each {@code i} of the
     * first {@code count} {@code indexes} whose {@code sql[i]} is not null.
     */
    public synchronized void takeParked(String[] sql, int[] indexes, int count, java.sql.Statement[] into)
            throws SQLException {
        java.util.Map<String, java.sql.PreparedStatement> p = parkedOn(forParking());
        for (int k = 0; k < count; k++) {
            int i = indexes[k];
            if (sql[i] != null) {
                into[i] = p.replace(sql[i], null);
            }
        }
    }

    /**
     * Parks {@code ps} (prepared on {@link #forParking()}, its result set closed) for the next execution of {@code sql}
     * on this connection; false when it cannot be parked, and the caller closes it.
     */
    public synchronized boolean park(String sql, java.sql.PreparedStatement ps) {
        return parkable() && parkOne(sql, ps);
    }

    /**
     * {@link #park(String, java.sql.PreparedStatement)} for every {@code statements[i]} with {@code on[i] == this}
     * (the units of a statement that ran here), under one lock; a statement parked leaves {@code statements} (its
     * entry becomes null: this lease holds it now), and the caller closes those left.
     */
    public synchronized void parkAll(String[] sql, java.sql.Statement[] statements, Lease[] on) {
        if (!parkable()) {
            return;
        }
        for (int i = 0; i < statements.length; i++) {
            if (on[i] == this && sql[i] != null && statements[i] != null
                    && parkOne(sql[i], (java.sql.PreparedStatement) statements[i])) {
                statements[i] = null;
            }
        }
    }

    private boolean parkable() {
        return kept && !broken && !aborted && !discard && holders >= 2;
    }

    private boolean parkOne(String sql, java.sql.PreparedStatement ps) {
        if (raw == null || !preparedOn(raw, ps)) {
            return false; // HikariCP would close it when the connection goes back
        }
        // else one of that text is parked already (a taken one left null); a full map closes its least recently used
        return parkedOn(raw).putIfAbsent(sql, ps) == null;
    }

    private static boolean preparedOn(Connection c, java.sql.PreparedStatement ps) {
        try {
            return ps.getConnection() == c;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Whether this is kept by its logical connection (a volatile read: asked on every statement). */
    public boolean isKept() {
        return kept;
    }

    /** Gives a kept connection that no statement uses back to the pool; true when it did. */
    boolean giveBackIfIdle(long idleForNanos) {
        if (!kept || holders != 1) { // busy or not kept: no lock taken (many waiters each look at every lease)
            return false;
        }
        synchronized (this) {
            return giveBackIfStillIdle(idleForNanos);
        }
    }

    private boolean giveBackIfStillIdle(long idleForNanos) {
        if (!kept || holders != 1 || System.nanoTime() - idleSinceNanos < idleForNanos) {
            return false;
        }
        kept = false;
        holders = 0;
        try {
            giveBack();
        } catch (SQLException | RuntimeException e) {
            // closing a pooled connection only hands it back; a failure means it is gone, and its permit is back
        }
        return true;
    }

    @Override
    public void close() throws SQLException {
        release();
    }

    /** Closes the socket under whatever runs on it (its server is down); the pool drops it when it comes back. */
    void abort(HikariDataSource dataSource) {
        aborted = true;
        Connection r = raw;
        if (r != null) {
            pool.forgetParked(r);
        }
        try {
            dataSource.evictConnection(physical);
        } catch (RuntimeException ignored) {
            // already gone from the pool
        }
        BACKGROUND.execute(() -> {
            try {
                physical.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // it is being thrown away
            }
        });
    }
}
