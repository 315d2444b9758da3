package io.shardline.driver;

import io.shardline.driver.exec.ConnectionFaults;
import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.ServerFailure;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/** Maps what a physical driver throws to Shardline's codes, keeping the original as the cause. */
final class Errors {
    private Errors() {
    }

    /**
     * A failure on a leased connection: tells the server's pool (a lost connection makes it probe the server now),
     * then maps it as {@link #physical(SQLException, Server, String)} does, naming the outage when the server was
     * marked down under the statement.
     */
    static ShardlineException physical(SQLException e, Lease lease, String database) {
        lease.failed(e instanceof ShardlineException s && s.getCause() instanceof SQLException cause ? cause : e);
        if (e instanceof ShardlineException s) {
            return s;
        }
        String down = lease.abortedBecause();
        if (down != null) {
            return new ServerFailure(lease.server(), where(lease.server(), database) + " went down while the"
                    + " statement ran (" + down + "); whether a write in it took effect there is unknown: "
                    + e.getMessage(), e);
        }
        if (!ConnectionFaults.isConnectionLevel(e) && e.getErrorCode() == 0 && lease.physicallyClosed()) {
            lease.lost(); // the driver closed the connection under the statement and reported only that
            return new ServerFailure(lease.server(), "lost the connection to " + where(lease.server(), database)
                    + "; whether a write in the statement took effect there is unknown: " + e.getMessage(), e);
        }
        return physical(e, lease.server(), database);
    }

    /**
     * A timeout is 100504; a lost or refused connection (SQLSTATE class 08) is 100500 (a {@link ServerFailure}, which a
     * read may retry on another member of its group); any other server error is
     * 100502 with MySQL's error number and SQLSTATE in the message and the original chained.
     */
    static ShardlineException physical(SQLException e, Server server, String database) {
        if (e instanceof ShardlineException s) {
            return s;
        }
        String where = where(server, database);
        String state = e.getSQLState();
        Error exhausted = exhausted(e);
        if (exhausted != null) { // Connector/J hands an OutOfMemoryError back wrapped in an SQLException
            return localResources(exhausted, "reading rows from " + where);
        }
        if (e instanceof SQLTimeoutException) {
            return new ShardlineException(ErrorCode.TIMEOUT, "the statement ran past its query timeout on " + where
                    + " and was cancelled: " + e.getMessage(), e);
        }
        if (ConnectionFaults.isReadTimeout(e)) {
            return new ShardlineException(ErrorCode.TIMEOUT, where + " did not answer within the read timeout"
                    + " (socketTimeout, or queryTimeout plus a grace period); the connection was closed, and whether"
                    + " a write took effect there is unknown: " + e.getMessage(), e);
        }
        if (ConnectionFaults.isConnectionLevel(e)) {
            return new ServerFailure(server, "lost the connection to " + where + ": " + e.getMessage(), e);
        }
        return new ShardlineException(ErrorCode.MYSQL_ERROR, "MySQL error on " + where + ": " + e.getMessage()
                + " [errno " + e.getErrorCode() + ", SQLSTATE " + state + "]", e);
    }

    private static String where(Server server, String database) {
        return "server " + server.id() + " (" + server.address() + (database == null ? "" : ", database " + database) + ")";
    }

    /** The OutOfMemoryError or StackOverflowError somewhere in {@code e}'s causes, or null. */
    static Error exhausted(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) {
                return (Error) t;
            }
        }
        return null;
    }

    /** Heap or stack exhausted while reading or merging rows: Shardline's local-resources code, never the raw error. */
    static ShardlineException localResources(Error e, String doing) {
        String what = e instanceof OutOfMemoryError ? "ran out of heap" : "ran out of stack";
        return new ShardlineException(ErrorCode.LOCAL_RESOURCES, "Shardline " + what + " while " + doing + " ("
                + e + "); stream large results with setFetchSize(n), narrow the statement with a LIMIT or a key, or"
                + " give the JVM more memory", e);
    }

    static void closeQuietly(AutoCloseable c, SQLException into) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            if (into != null) {
                into.addSuppressed(e);
            }
        }
    }
}
