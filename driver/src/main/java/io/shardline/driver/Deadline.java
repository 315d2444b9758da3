package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.util.concurrent.TimeUnit;

/**
 * When a statement's query timeout runs out. Every physical statement of it gets what is left: as its own query
 * timeout (the server cancels it) and, a grace period later, as its connection's read timeout (a frozen server that
 * cannot even be asked to cancel no longer holds the caller).
 */
record Deadline(long atNanos, int timeoutSeconds) {
    static final Deadline NONE = new Deadline(0, 0);
    /** How long after the query timeout the connection itself gives up waiting for the server. */
    static final int GRACE_MILLIS = 2_000;

    static Deadline after(int seconds) {
        return seconds <= 0 ? NONE : new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), seconds);
    }

    boolean bounded() {
        return timeoutSeconds > 0;
    }

    /** Milliseconds left, at least 1; 100504 when the time is up before the next physical statement starts. */
    long millisLeft() throws ShardlineException {
        long left = TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime());
        if (left <= 0) {
            throw new ShardlineException(ErrorCode.TIMEOUT, "the statement ran past its query timeout of "
                    + timeoutSeconds + " s before all its shards had run");
        }
        return left;
    }
}
