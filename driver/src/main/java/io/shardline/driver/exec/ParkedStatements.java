package io.shardline.driver.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prepared statements parked on each of one pool's physical connections, kept from one borrower of a connection
 * to the next: a pooled application opens a logical connection per operation, and without them each operation
 * prepared its statement anew (on H2, a tenth of a point select's CPU time). They are prepared on the connection under
 * HikariCP's proxy, which therefore does not close them when the connection goes back; they close with it.
 * <p>
 * A connection's map is used only by the lease holding the connection, under that lease's lock; the pool's hand-off
 * of the connection orders one holder's use before the next's. The maps of connections the pool closed on its own
 * (retired, idle, evicted) are dropped when it opens another, which it does to replace them, so at most the pool's
 * size in dead maps waits for that.
 */
final class ParkedStatements {
    /**
     * Most prepared statements one physical connection parks, the least recently used closed beyond: an application's
     * hot statements, not its every one. As many as Shardline asks Connector/J to cache per connection
     * ({@code prepStmtCacheSize}), since a server's share of a sharded table is a statement text per physical table
     * (4,096 tables over 64 servers: 64 texts of one point select per server), and a text left unparked is prepared
     * anew each time (on H2, parsed again).
     */
    static final int MAX_PER_CONNECTION = 256;

    /** By physical connection: JDBC connections compare by identity. */
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The statements parked on {@code raw}, made empty on its first use. */
    Map<String, PreparedStatement> of(Connection raw) {
        Map<String, PreparedStatement> parked = byConnection.get(raw);
        if (parked == null) {
            dropClosed(); // a connection new to us: the pool may have closed another to make room for it
            parked = byConnection.computeIfAbsent(raw, c -> new LeastRecentlyUsedClosed());
        }
        return parked;
    }

    /** Forgets {@code raw}'s statements: it is being closed, and they with it. */
    void forget(Connection raw) {
        byConnection.remove(raw);
    }

    void clear() {
        byConnection.clear();
    }

    int connections() {
        return byConnection.size();
    }

    /** A statement map in access order that closes its least recently used statement beyond the bound. */
    private static final class LeastRecentlyUsedClosed extends LinkedHashMap<String, PreparedStatement> {
        LeastRecentlyUsedClosed() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_PER_CONNECTION) {
                return false;
            }
            PreparedStatement ps = eldest.getValue(); // null: taken out and never parked again
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException | RuntimeException ignored) {
                    // closed with its connection, or about to be
                }
            }
            return true;
        }
    }

    private void dropClosed() {
        byConnection.keySet().removeIf(ParkedStatements::closed);
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }
}
