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

    private final Connection physical;
    private final Server server;
    private final ServerPool pool;
    private final int defaultNetworkTimeout;
    private int networkTimeout;
    private int holders = 1;
    private volatile boolean aborted;
    private volatile boolean discard;

    Lease(Connection physical, Server server, ServerPool pool, int defaultNetworkTimeout) {
        this.physical = physical;
        this.server = server;
        this.pool = pool;
        this.defaultNetworkTimeout = defaultNetworkTimeout;
        this.networkTimeout = defaultNetworkTimeout;
    }

    public Connection connection() {
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

    public synchronized Lease retain() {
        if (holders == 0) {
            throw new IllegalStateException("lease already returned");
        }
        holders++;
        return this;
    }

    public synchronized void release() throws SQLException {
        if (holders > 0 && --holders == 0) {
            try {
                if (discard) {
                    pool.evict(physical);
                }
                physical.close();
            } finally {
                pool.returned(this);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }

    /** Closes the socket under whatever runs on it (its server is down); the pool drops it when it comes back. */
    void abort(HikariDataSource dataSource) {
        aborted = true;
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
