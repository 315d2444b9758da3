package io.shardline.admin;

import java.sql.SQLException;

/**
 * Turns what a server or the metadata store threw into a spec error: a connection that cannot be made or was lost
 * is ServiceUnavailable (503, try again), anything else InternalServerError (500), with MySQL's errno and SQLSTATE.
 */
final class Failures {
    private Failures() {
    }

    static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    static DrdsException of(SQLException e, String doing) {
        DrdsError error = isConnectionProblem(e) ? DrdsError.SERVICE_UNAVAILABLE : DrdsError.INTERNAL_SERVER_ERROR;
        return error.with(doing + ": " + describe(e), e);
    }

    /** A failure inside an action with a code of its own (UpdateDbUserPasswordFailed, ...). */
    static DrdsException as(DrdsError error, SQLException e, String doing) {
        return error.with(doing + ": " + describe(e), e);
    }

    static String describe(SQLException e) {
        return e.getMessage() + " [errno " + e.getErrorCode() + ", SQLSTATE " + e.getSQLState() + "]";
    }
}
