package io.shardline.driver.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical server's connections: a HikariCP pool, a budget of {@code maxPoolSize} permits that every borrow
 * takes first (so the pool never makes anyone wait for a connection another statement holds; waiters queue in arrival
 * order, and nobody takes a permit past a queue that has not moved for 2 ms), the leases lent out, and the server's
 * health. A server that fails to connect or to answer is
 * marked down: its lent connections are aborted, threads waiting for a new connection are woken, and borrows fail at
 * once (100500) until a probe finds it answering. Thread-safe.
 */
final class ServerPool {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPool.class);

    /** Why and since when the server is down. */
    record Down(long sinceMillis, String reason) {
    }

    private final Server server;
    private final PoolSettings settings;
    private final HikariDataSource dataSource;
    private final Semaphore permits;
    private final ParkedStatements parked = new ParkedStatements();
    /** The threads taking a connection and the leases lent out, one slot per permit (no lock on a borrow). */
    private final LentSlots lent;
    /** Threads waiting for a permit: a kept connection that falls idle goes back at once while there are any. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** How long the queue may go without serving a waiter while others take free permits past it. */
    static final long BARGE_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** When a waiter was last served, or the queue started (System.nanoTime). */
    private volatile long queueServedNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile Down down;
    private volatile boolean closed;
    /** The probe's own connection, never lent (touched only by the thread holding {@link #probing}). */
    private Connection probeConnection;

    private final ServerPools owner;

    static {
        // HikariCP builds the proxy a closed connection points to (a dynamic Proxy) on the first close. That first
        // close is often the one giving a connection back after a merge ran out of heap; building it then failed
        // with OutOfMemoryError, and the class stayed broken (NoClassDefFoundError) instead of the 100507 report.
        try {
            Class.forName("com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection", true,
                    HikariDataSource.class.getClassLoader());
        } catch (ClassNotFoundException renamed) {
            // another HikariCP version: nothing to prepare
        }
    }

    ServerPool(Server server, PoolSettings settings, ServerPools owner) {
        this.server = server;
        this.settings = settings;
        this.owner = owner;
        this.permits = new Semaphore(settings.maxPoolSize(), true);
        this.lent = new LentSlots(settings.maxPoolSize());
        this.dataSource = new HikariDataSource(config(server, settings));
    }

    private static HikariConfig config(Server server, PoolSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("shardline-server-" + server.id());
        c.setJdbcUrl(PhysicalUrls.pooled(server, settings));
        c.setUsername(server.user());
        c.setPassword(server.password().reveal());
        c.setMaximumPoolSize(settings.maxPoolSize());
        c.setMinimumIdle(Math.min(settings.minIdle(), settings.maxPoolSize()));
        c.setIdleTimeout(settings.idleTimeoutMillis());
        c.setConnectionTimeout(Math.max(250, settings.connectTimeoutMillis()));
        // the check of an idle connection before it is lent: on a frozen server it waits this long, so no longer than
        // a probe would
        c.setValidationTimeout(Math.max(250, Math.min(settings.probeTimeoutMillis(), settings.connectTimeoutMillis())));
        c.setInitializationFailTimeout(-1); // an unreachable server fails its statements, not the whole driver
        String init = PhysicalUrls.sessionInit(server);
        if (init != null) {
            c.setConnectionInitSql(init);
        }
        return c;
    }

    Server server() {
        return server;
    }

    /** Null while the server is up. */
    Down down() {
        return down;
    }

    /**
     * Waits for one permit of the budget; fails at once while the server is down. Waiters queue first come, first
     * served. A thread that finds a permit free takes it even past the queue (as HikariCP lets a running thread take a
     * connection), but only while the queue moves: once no waiter has been served for {@link #BARGE_BOUND_NANOS},
     * permits go strictly in turn until one is. A fair hand-off to every waiter costs a context switch per statement
     * under load (128 threads on 2 cores spent their time parked in the fair queue), and the bound means a waiter is
     * never passed over for good: the queue ahead of it advances at least once per bound.
     */
    void acquire(long timeoutNanos) throws ShardlineException {
        checkUp();
        boolean got;
        io.shardline.driver.observe.Metrics metrics = owner.metrics();
        long start = metrics == io.shardline.driver.observe.Metrics.NONE ? 0 : System.nanoTime();
        try {
            boolean queueMoves = waiting.get() == 0 || System.nanoTime() - queueServedNanos < BARGE_BOUND_NANOS;
            got = queueMoves ? permits.tryAcquire() : permits.tryAcquire(0, TimeUnit.NANOSECONDS);
            if (!got) {
                // announce ourselves before looking, so a kept connection falling idle meanwhile sees us and goes back
                if (waiting.getAndIncrement() == 0) {
                    queueServedNanos = System.nanoTime(); // a queue starts: the bound counts from here
                }
                try {
                    takeBackIdleKept(0);
                    got = permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
                    if (got) {
                        queueServedNanos = System.nanoTime();
                    }
                } finally {
                    waiting.decrementAndGet();
                }
            }
            if (start != 0) {
                metrics.poolWait(server.id(), System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShardlineException(ErrorCode.INTERNAL, "interrupted while waiting for a connection to "
                    + describe(), e);
        }
        if (!got) {
            throw new ShardlineException(ErrorCode.QUEUE_LIMIT, "all " + settings.maxPoolSize() + " connections to "
                    + describe() + " stayed in use for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " ms (maxPoolSize, connectTimeout); a statement that keeps a result set open while it runs"
                    + " another holds connections while it waits: close results first, or raise maxPoolSize");
        }
        if (down != null) {
            permits.release();
            checkUp();
        }
    }

    /** One more permit if it is free now and nobody waits for it (extra lanes of a multi-shard statement). */
    boolean tryAcquireMore() {
        try {
            return down == null && permits.tryAcquire(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any thread waits for a permit of this server. */
    boolean hasWaiters() {
        return waiting.get() > 0;
    }

    /** Gives back the connections logical connections keep and no statement has used for {@code idleNanos}. */
    void takeBackIdleKept(long idleNanos) {
        lent.forEachLent(l -> l.giveBackIfIdle(idleNanos));
    }

    void releasePermits(int n) {
        if (n > 0) {
            permits.release(n);
        }
    }

    /** A connection for a permit already taken; the permit comes back when the lease is released, or here on failure. */
    Lease open() throws ShardlineException {
        Thread me = Thread.currentThread();
        // claimed before down is read, as markDown sets down before it looks: one of the two sees the other
        int slot = lent.connecting(me);
        if (down != null) { // marked down after our permit was taken: markDown could not wake us in the pool
            lent.connected(slot, me, null);
            permits.release();
            throw downError();
        }
        Connection physical;
        try {
            physical = dataSource.getConnection();
        } catch (SQLException e) {
            lent.connected(slot, me, null);
            permits.release();
            throw connectFailure(e);
        } catch (RuntimeException | Error e) {
            lent.connected(slot, me, null);
            throw e;
        }
        Lease lease = new Lease(physical, server, this, settings.socketTimeoutMillis(), slot);
        lent.connected(slot, me, lease); // a lease, as markDown reads down after it set it: see the check below
        if (down != null) { // it went down while we connected: its lent connections were aborted already
            ShardlineException failure = downError();
            try {
                lease.release();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        return lease;
    }

    private ShardlineException connectFailure(SQLException e) {
        if (down != null) {
            return downError();
        }
        // the pool's timeout names itself; its cause (the last connect attempt's failure) says why
        SQLException why = e.getCause() instanceof SQLException cause ? cause : null;
        if (why != null && !ConnectionFaults.isConnectionLevel(why)) {
            // the server answered and refused us (account, password, database): it is up, the settings are wrong
            return new ShardlineException(ErrorCode.MYSQL_ERROR, "server " + server.id() + " (" + server.address()
                    + ") refused a new connection: " + why.getMessage() + " [errno " + why.getErrorCode()
                    + ", SQLSTATE " + why.getSQLState() + "]", why);
        }
        String reason = "cannot connect: " + (why != null ? why.getMessage() : e.getMessage());
        markDown(reason);
        return new ServerFailure(server, "cannot get a connection to " + describe() + ": "
                + reason + "; it is marked down and probed in the background", e);
    }

    /** A lease came back: its permit is free again. */
    void returned(Lease lease) {
        if (lent.returned(lease.slot(), lease)) {
            permits.release();
        }
    }

    /** A statement on one of our connections failed; a lost connection makes us probe the server now. */
    void failed(SQLException e) {
        if (ConnectionFaults.isConnectionLevel(e)) {
            lost(e.getMessage());
        }
    }

    /**
     * A connection of ours was lost. A replica serves only reads, which another member of its group can answer, so it
     * is taken out at once (its other reads fail over too) until the probe finds it answering; a master is probed now
     * (unless it is known to be down already), since marking it down on one lost connection would fail its writes.
     */
    void lost(String why) {
        if (down != null) {
            return;
        }
        if (!server.isMaster()) {
            markDown("a statement lost its connection: " + why);
        } else {
            owner.probeSoon(this);
        }
    }

    void checkUp() throws ShardlineException {
        if (down != null) {
            throw downError();
        }
    }

    ShardlineException downError() {
        Down d = down;
        return new ServerFailure(server, describe() + " is down since "
                + (d == null ? "a moment ago" : Instant.ofEpochMilli(d.sinceMillis()) + " (" + d.reason() + ")")
                + "; statements for it fail at once until it answers Shardline's probe again", null);
    }

    String describe() {
        return "server " + server.id() + " (" + server.address() + ")";
    }

    /**
     * Marks the server down: aborts every connection lent out (their statements fail at once instead of waiting for a
     * dead or frozen server), wakes threads waiting for a new connection, and drops the idle ones.
     */
    void markDown(String why) {
        String reason = io.shardline.router.Secrets.mask(why); // a connector's text, logged and kept for messages
        synchronized (this) {
            if (down != null) {
                return;
            }
            down = new Down(System.currentTimeMillis(), reason);
        }
        lent.interruptConnecting();
        LOG.warn("{} is down: {}; its statements fail at once until it answers a probe", describe(), reason);
        lent.forEachLent(l -> l.abort(dataSource));
        var mx = dataSource.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    private void markUp() {
        Down was = down;
        if (was == null) {
            return;
        }
        var mx = dataSource.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections(); // idle connections from before the outage are dead
        }
        down = null;
        LOG.info("{} answers again after {} ms; it is back in use", describe(), System.currentTimeMillis() - was.sinceMillis());
    }

    /** The prepared statements parked on the physical connection {@code raw} (under HikariCP's proxy). */
    java.util.Map<String, java.sql.PreparedStatement> parkedOn(Connection raw) {
        return parked.of(raw);
    }

    /** Forgets the statements parked on {@code raw}: it is closed or about to be, and they with it. */
    void forgetParked(Connection raw) {
        parked.forget(raw);
    }

    /** Drops a connection instead of pooling it again (its session may still hold state: an XA branch). */
    void evict(Connection physical) {
        try {
            dataSource.evictConnection(physical);
        } catch (RuntimeException ignored) {
            // already gone from the pool
        }
    }

    /** Whether the probe should look at this server (MySQL servers only: H2 servers live in this process). */
    boolean probed() {
        return PhysicalUrls.isMySql(server);
    }

    /** Pings the server on the probe's own connection: down when it does not answer in time, up again when it does. */
    void probe() {
        if (closed || !probing.compareAndSet(false, true)) {
            return;
        }
        try {
            String failure = null;
            try {
                if (probeConnection == null) {
                    Properties p = new Properties();
                    p.setProperty("user", server.user());
                    p.setProperty("password", server.password().reveal());
                    probeConnection = DriverManager.getConnection(PhysicalUrls.probe(server, settings), p);
                }
                try (Statement s = probeConnection.createStatement()) {
                    s.executeQuery("/* ping */ SELECT 1").close();
                }
            } catch (SQLException | RuntimeException e) {
                failure = e.getMessage();
                closeProbe();
            }
            if (closed) {
                return;
            }
            if (failure == null) {
                markUp();
            } else {
                markDown("no answer to a ping within " + settings.probeTimeoutMillis() + " ms: " + failure);
            }
        } finally {
            if (closed) {
                closeProbe();
            }
            probing.set(false);
        }
    }

    private void closeProbe() {
        if (probeConnection != null) {
            try {
                probeConnection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // it is being dropped because it failed
            }
            probeConnection = null;
        }
    }

    int openConnections() {
        var mx = dataSource.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getTotalConnections();
    }

    int activeConnections() {
        var mx = dataSource.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    /** Closes the pool; a probe still running closes its own connection when it ends. */
    void close() {
        closed = true;
        if (probing.compareAndSet(false, true)) {
            closeProbe();
        }
        dataSource.close();
        parked.clear();
    }
}
