package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A borrowed physical connection shared by its holders: an autocommit execution holds it alone, a transaction holds
 * it for the logical connection and each statement run in it holds it too, so a result set read after COMMIT keeps
 * its connection until it is closed. The last release returns it to the pool.
 */
public final class Lease {
    private final Connection physical;
    private final Server server;
    private int holders = 1;

    public Lease(Connection physical, Server server) {
        this.physical = physical;
        this.server = server;
    }

    public Connection connection() {
        return physical;
    }

    public Server server() {
        return server;
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
            physical.close();
        }
    }
}
