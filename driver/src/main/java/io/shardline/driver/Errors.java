package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import java.sql.SQLException;

/** Maps what a physical driver throws to Shardline's codes, keeping the original as the cause. */
final class Errors {
    private Errors() {
    }

    /**
     * A lost or refused connection (SQLSTATE class 08) is 100500; any other server error is 100502 with MySQL's
     * error number and SQLSTATE in the message and the original chained.
     */
    static ShardlineException physical(SQLException e, Server server, String database) {
        if (e instanceof ShardlineException s) {
            return s;
        }
        String where = "server " + server.id() + " (" + server.address() + (database == null ? "" : ", database " + database) + ")";
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return new ShardlineException(ErrorCode.INTERNAL, "lost the connection to " + where + ": " + e.getMessage(), e);
        }
        return new ShardlineException(ErrorCode.MYSQL_ERROR, "MySQL error on " + where + ": " + e.getMessage()
                + " [errno " + e.getErrorCode() + ", SQLSTATE " + state + "]", e);
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
