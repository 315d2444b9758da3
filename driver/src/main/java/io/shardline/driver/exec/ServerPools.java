package io.shardline.driver.exec;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ServerPool} per physical server, keyed by server id, created on first use. Per server, not per shard
 * database: a MySQL server hosting eight shard databases needs one set of connections, not eight (DBProxy keeps one
 * pool per instance too); statements name their database in the SQL, so no USE round trip is needed; and one
 * connection can run a transaction over several databases of its server. On refresh a pool whose endpoint is
 * unchanged is kept; changed or removed servers' pools are retired in the background, after in-flight work ends.
 * <p>The connection budget: every connection is taken against its server's permits first. A statement that needs
 * connections on several servers takes them server by server in ascending server id, waiting only for the first
 * permit of each server and taking more only when they are free and nobody waits ({@link #reserve}); so no statement
 * ever waits for a permit while holding one of a higher server, and no two statements can wait for each other.
 * <p>A logical connection keeps the connection of its last autocommit statement ({@link Lease#keep}) while it is
 * used within {@link Lease#KEPT_IDLE_NANOS}; a thread waiting for a permit takes idle kept connections back first,
 * and the probe's clock takes back those idle longer, so kept connections never make anyone wait.
 * <p>A background probe pings every MySQL server in use each {@code probeInterval}; a server that does not answer
 * within {@code probeTimeout}, or fails a connection, is down until it answers again. Thread-safe.
 */
public final class ServerPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPools.class);
    private static final ExecutorService RETIRER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-pool-retire");
        t.setDaemon(true);
        return t;
    });
    private static final ScheduledExecutorService PROBE_CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardline-probe-clock");
        t.setDaemon(true);
        return t;
    });
    /** Probes block for up to probeTimeout on a frozen server, so each runs on its own thread. */
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-probe");
        t.setDaemon(true);
        return t;
    });

    private final Map<Integer, ServerPool> pools = new ConcurrentHashMap<>();
    /**
     * {@link #pools} by server id for ids below {@link #INDEXED_IDS}, rewritten (under this object's lock) after every
     * change of the map: every statement looks its pool up, and the map's lookup cost a point select on H2 about 1.5%.
     */
    private volatile ServerPool[] byId = new ServerPool[0];
    private static final int INDEXED_IDS = 4096;
    private final PoolSettings settings;
    private final ScheduledFuture<?> probing;
    private volatile boolean closed;

    public ServerPools(PoolSettings settings) {
        this.settings = settings;
        this.probing = settings.probeIntervalMillis() <= 0 ? null : PROBE_CLOCK.scheduleWithFixedDelay(this::probeAll,
                settings.probeIntervalMillis(), settings.probeIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    public PoolSettings settings() {
        return settings;
    }

    /** A physical connection to {@code server}: one permit of its budget (waiting first come, first served), then a connection. */
    public Lease borrow(Server server) throws ShardlineException {
        ServerPool pool = pool(server);
        pool.acquire(TimeUnit.MILLISECONDS.toNanos(settings.connectTimeoutMillis()));
        return pool.open();
    }

    /** Where a statement's kept connections come from: an idle kept connection on a server, taken, or null. */
    @FunctionalInterface
    public interface KeptLeases {
        KeptLeases NONE = (server, nowNanos) -> null;

        /** {@code nowNanos}: {@link System#nanoTime()} read once for the statement, for the kept connections' idle check. */
        Lease take(Server server, long nowNanos) throws java.sql.SQLException;
    }

    /**
     * Takes permits for a statement that needs connections on several servers: for each server, in ascending id, an
     * idle connection its logical connection keeps there ({@code kept}, never a wait), else at least one permit
     * (waiting for it); then up to {@code wanted} (only permits free at once). A kept connection is taken in the same
     * order as a permit, so the statement still never waits for a server while holding one of a higher id. On failure
     * nothing stays taken.
     *
     * @param servers distinct servers in ascending id
     */
    public Reservation reserve(Server[] servers, int[] wanted, KeptLeases kept) throws java.sql.SQLException {
        ServerPool[] taken = new ServerPool[servers.length];
        int[] granted = new int[servers.length];
        Lease[] keptLeases = new Lease[servers.length];
        long now = System.nanoTime(); // one clock read for the whole reservation, kept connections' checks included
        long deadline = now + TimeUnit.MILLISECONDS.toNanos(settings.connectTimeoutMillis());
        try {
            for (int i = 0; i < servers.length; i++) {
                if (i > 0 && servers[i].id() <= servers[i - 1].id()) {
                    throw new IllegalArgumentException("servers must be distinct and in ascending id");
                }
                ServerPool pool = pool(servers[i]);
                keptLeases[i] = kept.take(servers[i], now);
                if (keptLeases[i] == null) {
                    pool.acquire(Math.max(0, deadline - System.nanoTime()));
                    granted[i] = 1;
                }
                taken[i] = pool;
                while (granted[i] + (keptLeases[i] == null ? 0 : 1) < wanted[i] && pool.tryAcquireMore()) {
                    granted[i]++;
                }
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            for (int i = 0; i < servers.length; i++) {
                if (taken[i] != null) {
                    taken[i].releasePermits(granted[i]);
                }
                if (keptLeases[i] != null) {
                    try {
                        keptLeases[i].release(); // idle and kept again
                    } catch (java.sql.SQLException | RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            throw e;
        }
        return new Reservation(taken, granted, keptLeases);
    }

    private ServerPool pool(Server server) throws ShardlineException {
        if (closed) {
            throw new ShardlineException(ErrorCode.INTERNAL, "this Shardline runtime is closed");
        }
        int id = server.id();
        ServerPool[] fast = byId;
        ServerPool pool = id >= 0 && id < fast.length ? fast[id] : pools.get(id);
        if (pool == null || !pool.server().sameEndpoint(server)) {
            pool = pools.compute(id, (k, old) -> {
                if (old != null && old.server().sameEndpoint(server)) {
                    return old;
                }
                if (old != null) {
                    retire(old);
                }
                return new ServerPool(server, settings, this);
            });
            index(id);
        }
        return pool;
    }

    /** Copies the map's pool of server {@code id} (or its absence) into {@link #byId}. */
    private synchronized void index(int id) {
        if (id < 0 || id >= INDEXED_IDS) {
            return;
        }
        ServerPool[] copy = java.util.Arrays.copyOf(byId, Math.max(byId.length, id + 1));
        copy[id] = pools.get(id);
        byId = copy;
    }

    /** Fails at once with 100500 when {@code server} is known to be down. */
    public void checkUp(Server server) throws ShardlineException {
        ServerPool pool = pools.get(server.id());
        if (pool != null && pool.server().sameEndpoint(server)) {
            pool.checkUp();
        }
    }

    /** Whether {@code server} is marked down. */
    public boolean isDown(Server server) {
        ServerPool pool = pools.get(server.id());
        return pool != null && pool.down() != null;
    }

    void probeSoon(ServerPool pool) {
        if (!closed) {
            PROBES.execute(pool::probe);
        }
    }

    private void probeAll() {
        try {
            for (ServerPool pool : pools.values()) {
                pool.takeBackIdleKept(Lease.KEPT_IDLE_NANOS);
                if (pool.probed()) {
                    probeSoon(pool);
                }
            }
        } catch (RuntimeException | Error e) { // a scheduled task that throws is never run again
            LOG.warn("the health probe could not be scheduled this time: {}", e.toString());
        }
    }

    /** Keeps pools whose server is unchanged in {@code topology}; retires the others once their work is done. */
    public void reconcile(Topology topology) {
        for (var e : pools.entrySet()) {
            Server now = topology.server(e.getKey());
            if (now == null || !now.sameEndpoint(e.getValue().server())) {
                ServerPool old = e.getValue();
                if (pools.remove(e.getKey(), old)) {
                    index(e.getKey());
                    retire(old);
                }
            }
        }
    }

    private static void retire(ServerPool pool) {
        LOG.info("retiring the pool of {}", pool.describe());
        RETIRER.execute(() -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (pool.activeConnections() > 0 && System.nanoTime() < deadline) {
                pool.takeBackIdleKept(0);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            pool.close();
        });
    }

    private volatile io.shardline.driver.observe.Metrics metrics = io.shardline.driver.observe.Metrics.NONE;

    /** Where the pools report their waits (nothing until metrics are bound). */
    public void metrics(io.shardline.driver.observe.Metrics m) {
        metrics = m;
    }

    io.shardline.driver.observe.Metrics metrics() {
        return metrics;
    }

    /** Connections of server {@code serverId} lent out now (0 when it has no pool). */
    public int activeConnections(int serverId) {
        ServerPool p = pools.get(serverId);
        return p == null ? 0 : p.activeConnections();
    }

    /** Connections currently lent out, over all pools: zero when nothing leaks. */
    public int activeConnections() {
        int n = 0;
        for (ServerPool p : pools.values()) {
            n += p.activeConnections();
        }
        return n;
    }

    /** Physical connections open now, lent or idle, over all pools. */
    public int openConnections() {
        int n = 0;
        for (ServerPool p : pools.values()) {
            n += p.openConnections();
        }
        return n;
    }

    /** Servers with a pool: those statements have reached since the pools were created or reconciled. */
    public int serversInUse() {
        return pools.size();
    }

    @Override
    public void close() {
        closed = true;
        if (probing != null) {
            probing.cancel(false);
        }
        for (ServerPool p : pools.values()) {
            p.close();
        }
        pools.clear();
        synchronized (this) {
            byId = new ServerPool[0];
        }
    }
}
