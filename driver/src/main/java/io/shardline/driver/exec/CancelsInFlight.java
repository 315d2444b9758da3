package io.shardline.driver.exec;

import java.sql.Connection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cancels still on their way, by the physical connection whose statement they cancel. A cancel is a
 * {@code KILL QUERY} (or H2's session cancel) sent from elsewhere after the connector saw the statement running; it can
 * land after that statement ended, on whatever the connection runs next. So nothing more runs on a connection while a
 * cancel of it is in flight: its lease waits a little for the cancel, and a connection whose cancel is still pending
 * is closed instead of pooled.
 */
final class CancelsInFlight {
    /** How long a statement waits for a cancel of its connection's previous statement before it runs anyway. */
    static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final Map<Connection, Integer> RUNNING = new IdentityHashMap<>();
    /** All cancels in flight: read without the lock so that a connection with none pays one volatile read. */
    private static volatile int total;

    private CancelsInFlight() {
    }

    /** A cancel of {@code c}'s statement starts; answers the key {@link #ended} takes when it is done. */
    static Connection started(Connection c) {
        Connection key = innermost(c);
        synchronized (RUNNING) {
            RUNNING.merge(key, 1, Integer::sum);
            total++;
        }
        return key;
    }

    static void ended(Connection key) {
        synchronized (RUNNING) {
            RUNNING.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
            total--;
            RUNNING.notifyAll();
        }
    }

    /** Whether a cancel of {@code c}'s statement is still in flight. */
    static boolean pending(Connection c) {
        if (total == 0) {
            return false;
        }
        c = innermost(c);
        synchronized (RUNNING) {
            return RUNNING.containsKey(c);
        }
    }

    /** Waits up to {@link #WAIT_NANOS} for the cancels of {@code c}; true when none is left. */
    static boolean awaitNone(Connection c) {
        if (total == 0) {
            return true;
        }
        c = innermost(c);
        long deadline = System.nanoTime() + WAIT_NANOS;
        synchronized (RUNNING) {
            while (RUNNING.containsKey(c)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(RUNNING, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The driver's own connection under the pool's proxy: a statement prepared on the unwrapped connection (a
     * streaming cursor) names that one as its connection.
     */
    private static Connection innermost(Connection c) {
        try {
            return c.unwrap(Connection.class);
        } catch (java.sql.SQLException | RuntimeException e) {
            return c;
        }
    }
}
