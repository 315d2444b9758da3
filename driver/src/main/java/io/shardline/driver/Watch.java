package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Server;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Shardline's own query timeout for one physical statement: when the deadline passes it cancels the statement (on
 * MySQL a {@code KILL QUERY} from another connection), on a background thread so a frozen server delays nobody. Not
 * Connector/J's {@code setQueryTimeout}, which waits for its cancel to connect before the statement gives up on a
 * frozen server. The connection's read timeout (deadline plus a grace period) ends the wait when even the cancel
 * cannot reach the server.
 */
final class Watch {
    private static final ScheduledThreadPoolExecutor CLOCK = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "shardline-query-timeout");
        t.setDaemon(true);
        return t;
    });

    static {
        CLOCK.setRemoveOnCancelPolicy(true);
    }

    static final Watch NONE = new Watch(null, 0);

    private final ScheduledFuture<?> alarm;
    private final int timeoutSeconds;
    private volatile boolean fired;

    private Watch(Statement statement, Lease on, long millis, int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        this.alarm = CLOCK.schedule(() -> {
            fired = true;
            Cursors.cancelInBackground(statement, on);
        }, millis, TimeUnit.MILLISECONDS);
    }

    private Watch(ScheduledFuture<?> none, int timeoutSeconds) {
        this.alarm = none;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Starts watching {@code statement}, running on the connection {@code on} lent, until what is left of
     * {@code deadline} (nothing when it is unbounded).
     */
    static Watch arm(Statement statement, Lease on, Deadline deadline) throws ShardlineException {
        return deadline.bounded() ? new Watch(statement, on, deadline.millisLeft(), deadline.timeoutSeconds()) : NONE;
    }

    /** The statement ended: no cancel any more. */
    void disarm() {
        if (alarm != null) {
            alarm.cancel(false);
        }
    }

    /** A failure of the watched statement: the timeout when the watch cancelled it, else {@code e} itself. */
    SQLException explain(SQLException e, Server server, String database) {
        if (!fired) {
            return e;
        }
        return new ShardlineException(ErrorCode.TIMEOUT, "the statement ran past its query timeout of " + timeoutSeconds
                + " s on server " + server.id() + " (" + server.address() + (database == null ? "" : ", database "
                + database) + ") and was cancelled; whether a write in it took effect there is unknown", e);
    }
}
