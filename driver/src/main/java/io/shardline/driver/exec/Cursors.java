package io.shardline.driver.exec;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Statements that read their rows a batch at a time instead of all at once. Connector/J reads a whole result into
 * memory unless it uses a server-side cursor, which needs the connection's {@code useCursorFetch} and a server-side
 * prepared statement; turning {@code useCursorFetch} on in the URL would make every prepared statement server-side
 * (and count against the server's {@code max_prepared_stmt_count}), so it is switched on per connection here, only
 * for the statements that stream. Several cursors stay open on one connection, so a lane can keep each of its
 * units' results open while the merge reads them in turn.
 */
public final class Cursors {
    /** Rows per fetch when the caller asked for streaming without a size ({@code Integer.MIN_VALUE}). */
    public static final int DEFAULT_ROWS = 1000;

    private Cursors() {
    }

    /** A forward-only, read-only statement of {@code sql} that fetches {@code fetchSize} rows at a time. */
    public static PreparedStatement prepare(Connection pc, String sql, int fetchSize, Server server) throws SQLException {
        int rows = fetchSize > 0 ? fetchSize : DEFAULT_ROWS;
        PreparedStatement ps;
        if (PhysicalUrls.isMySql(server) && pc.isWrapperFor(JdbcConnection.class)) {
            JdbcConnection mysql = pc.unwrap(JdbcConnection.class);
            mysql.getPropertySet().getBooleanProperty(PropertyKey.useCursorFetch).setValue(true);
            ps = mysql.serverPrepareStatement(sql);
        } else {
            ps = pc.prepareStatement(sql); // H2 and MariaDB's own connector honour the fetch size as it is
        }
        ps.setFetchSize(rows);
        return ps;
    }

    /** Whether {@code Integer.MIN_VALUE} as a fetch size means Connector/J's row-by-row streaming on this server. */
    public static boolean streamsRowByRow(Server server) {
        return PhysicalUrls.isMySql(server);
    }

    /**
     * Cancels a running statement of the connection {@code on} lent on a background thread (Connector/J's cancel
     * connects anew, which may hang). Until the cancel is done its connection runs nothing else
     * ({@link CancelsInFlight}). The connection is not asked of the statement: Connector/J answers that under the lock
     * its running statement holds, so a cancel (a query timeout's) would wait for the statement it is meant to end.
     */
    public static void cancelInBackground(Statement s, Lease on) {
        Connection key = CancelsInFlight.started(on.pooledConnection());
        try {
            Lease.BACKGROUND.execute(() -> {
                try {
                    s.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // the statement ended or its connection is gone: nothing left to cancel
                } finally {
                    CancelsInFlight.ended(key);
                }
            });
        } catch (RuntimeException rejected) {
            CancelsInFlight.ended(key);
            throw rejected;
        }
    }
}
