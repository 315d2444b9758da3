package io.shardline.driver.observe;

import io.shardline.router.Secrets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL log. Logger {@code io.shardline.sql} at DEBUG: every logical statement with its routes (server, database,
 * physical SQL, rows, µs). Logger {@code io.shardline.sql.slow} at WARN: statements that took at least
 * {@code slowStatementMillis} (0: none). Parameters show as {@code ?} unless {@code logParameters=true}; a logged text
 * is masked like every message ({@link Secrets}). Nothing is built unless a line will be written.
 */
public final class SqlLog {
    public static final Logger SQL = LoggerFactory.getLogger("io.shardline.sql");
    public static final Logger SLOW = LoggerFactory.getLogger("io.shardline.sql.slow");

    /** One physical statement of a logical one; {@code rows} -1 for rows read later, {@code micros} -1 when unknown. */
    public record RouteLine(int serverId, String database, String sql, long rows, long micros) {
    }

    private final long slowNanos;
    private final boolean parameters;

    public SqlLog(long slowMillis, boolean parameters) {
        this.slowNanos = slowMillis <= 0 ? Long.MAX_VALUE : slowMillis * 1_000_000L;
        this.parameters = parameters;
    }

    /** Whether any line may be written for a statement (the level check before anything is built). */
    public boolean enabled() {
        return slowNanos != Long.MAX_VALUE || SQL.isDebugEnabled();
    }

    public boolean debug() {
        return SQL.isDebugEnabled();
    }

    public boolean isSlow(long nanos) {
        return nanos >= slowNanos;
    }

    public boolean parameters() {
        return parameters;
    }

    /** The line for a statement: {@code [select single] 12 rows 840 µs: SELECT .. | params [..] | -> server 1 ..}. */
    public static String line(String kind, boolean multi, String sql, List<Object> params, long rows, long nanos,
                              List<RouteLine> routes, Throwable failure) {
        StringBuilder b = new StringBuilder(128);
        b.append('[').append(kind).append(multi ? " multi" : " single").append("] ");
        if (failure != null) {
            b.append("failed ");
        } else if (rows >= 0) {
            b.append(rows).append(" rows ");
        } else {
            b.append("result set ");
        }
        b.append(nanos / 1000).append(" µs: ").append(sql);
        if (params != null && !params.isEmpty()) {
            b.append(" | params ").append(params);
        }
        for (RouteLine r : routes) {
            b.append("\n  -> server ").append(r.serverId()).append(", database ").append(r.database());
            if (r.rows() >= 0) {
                b.append(", ").append(r.rows()).append(" rows");
            }
            if (r.micros() >= 0) {
                b.append(", ").append(r.micros()).append(" µs");
            }
            b.append(": ").append(r.sql());
        }
        if (failure != null) {
            b.append("\n  !! ").append(failure.getMessage());
        }
        return Secrets.mask(b.toString());
    }
}
