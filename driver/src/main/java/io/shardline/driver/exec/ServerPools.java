package io.shardline.driver.exec;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per physical server, keyed by server id, created on first use. Per server, not per shard
 * database: a MySQL server hosting eight shard databases needs one set of connections, not eight (DBProxy keeps one
 * pool per instance too); statements name their database in the SQL, so no USE round trip is needed; and one
 * connection can run a transaction over several databases of its server. On refresh a pool whose endpoint is
 * unchanged is kept; changed or removed servers' pools are retired in the background, after in-flight work ends.
 * Thread-safe.
 */
public final class ServerPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPools.class);
    private static final ExecutorService RETIRER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-pool-retire");
        t.setDaemon(true);
        return t;
    });

    private record Pool(Server server, HikariDataSource dataSource) {
    }

    private final Map<Integer, Pool> pools = new ConcurrentHashMap<>();
    private final int maxPoolSize;
    private final long connectTimeoutMillis;
    private volatile boolean closed;

    public ServerPools(int maxPoolSize, long connectTimeoutMillis) {
        this.maxPoolSize = maxPoolSize;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** A physical connection to {@code server}; the caller closes it to return it. */
    public Connection borrow(Server server) throws ShardlineException {
        if (closed) {
            throw new ShardlineException(ErrorCode.INTERNAL, "this Shardline runtime is closed");
        }
        Pool pool = pools.get(server.id());
        if (pool == null || !pool.server.sameEndpoint(server)) {
            pool = pools.compute(server.id(), (id, old) -> old != null && old.server.sameEndpoint(server) ? old
                    : new Pool(server, create(server)));
        }
        try {
            return pool.dataSource.getConnection();
        } catch (SQLException e) {
            // Hikari's timeout names the pool; the last connect failure (its cause) says why
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ShardlineException(ErrorCode.INTERNAL, "cannot get a connection to server " + server.id() + " ("
                    + server.address() + "): " + why, e);
        }
    }

    private HikariDataSource create(Server server) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("shardline-server-" + server.id());
        c.setJdbcUrl(jdbcUrl(server));
        c.setUsername(server.user());
        c.setPassword(server.password().reveal());
        c.setMaximumPoolSize(maxPoolSize);
        c.setMinimumIdle(Math.min(2, maxPoolSize));
        c.setConnectionTimeout(Math.max(250, connectTimeoutMillis));
        c.setValidationTimeout(Math.max(250, Math.min(5000, connectTimeoutMillis)));
        c.setInitializationFailTimeout(-1); // an unreachable server fails its statements, not the whole driver
        return new HikariDataSource(c);
    }

    /** The physical JDBC URL of a server: its {@code server_option.jdbc_url}, or MySQL at host:port. */
    static String jdbcUrl(Server s) {
        if (s.jdbcUrl() != null) {
            return s.jdbcUrl();
        }
        int connectTimeout = s.timeoutSeconds() > 0 ? s.timeoutSeconds() * 1000 : 10_000;
        return "jdbc:mysql://" + s.host() + ":" + s.port() + "/"
                + "?connectTimeout=" + connectTimeout
                + "&characterEncoding=UTF-8"
                + "&cachePrepStmts=true&prepStmtCacheSize=256&prepStmtCacheSqlLimit=4096"
                + "&rewriteBatchedStatements=true"
                + "&useLocalSessionState=true";
    }

    /** Keeps pools whose server is unchanged in {@code topology}; retires the others once their work is done. */
    public void reconcile(Topology topology) {
        for (var e : pools.entrySet()) {
            Server now = topology.server(e.getKey());
            if (now == null || !now.sameEndpoint(e.getValue().server)) {
                Pool old = e.getValue();
                if (pools.remove(e.getKey(), old)) {
                    retire(old);
                }
            }
        }
    }

    private static void retire(Pool pool) {
        LOG.info("retiring the pool of server {} ({})", pool.server.id(), pool.server.address());
        RETIRER.execute(() -> {
            var mx = pool.dataSource.getHikariPoolMXBean();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (mx != null && mx.getActiveConnections() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            pool.dataSource.close();
        });
    }

    /** Connections currently lent out, over all pools: zero when nothing leaks. */
    public int activeConnections() {
        int n = 0;
        for (Pool p : pools.values()) {
            var mx = p.dataSource.getHikariPoolMXBean();
            n += mx == null ? 0 : mx.getActiveConnections();
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (Pool p : pools.values()) {
            p.dataSource.close();
        }
        pools.clear();
    }
}
