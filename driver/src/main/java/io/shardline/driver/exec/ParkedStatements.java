package io.shardline.driver.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
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
    /** By physical connection: JDBC connections compare by identity. */
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /** The statements parked on {@code raw}, made empty on its first use. */
    Map<String, PreparedStatement> of(Connection raw) {
        Map<String, PreparedStatement> parked = byConnection.get(raw);
        if (parked == null) {
            dropClosed(); // a connection new to us: the pool may have closed another to make room for it
            parked = byConnection.computeIfAbsent(raw, c -> new HashMap<>());
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
