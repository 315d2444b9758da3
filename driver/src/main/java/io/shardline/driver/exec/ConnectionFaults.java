package io.shardline.driver.exec;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Tells a failure of the connection (server dead, frozen, unreachable) from an error the server reported. */
public final class ConnectionFaults {
    private ConnectionFaults() {
    }

    /** SQLSTATE class 08, a connection exception type, or a socket failure anywhere in the causes. */
    public static boolean isConnectionLevel(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException) {
            return true;
        }
        return socketCause(e) != null;
    }

    /** Whether the connection failed because a read waited longer than its timeout (the server did not answer). */
    public static boolean isReadTimeout(Throwable e) {
        return socketCause(e) instanceof SocketTimeoutException;
    }

    private static Throwable socketCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof EOFException
                    || t instanceof UnknownHostException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
