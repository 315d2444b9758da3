package io.shardline.admin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners following one copy or move task, told of its progress at most every {@value #EVERY_MILLIS} ms (and of
 * every step that must not be missed); a listener that throws is logged and kept. Thread-safe.
 */
final class TaskListeners {
    private static final Logger LOG = LoggerFactory.getLogger(TaskListeners.class);
    static final long EVERY_MILLIS = 200;

    private final List<CopyListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastNotified;

    void add(CopyListener listener) {
        listeners.add(listener);
    }

    /** Whether a progress report is due now (the last one is older than {@value #EVERY_MILLIS} ms). */
    boolean due(long nowMillis) {
        return nowMillis - lastNotified >= EVERY_MILLIS;
    }

    /** Tells every listener of {@code p}: always when {@code always}, else only when a report is due. */
    void notify(CopyProgress p, boolean always) {
        long now = System.currentTimeMillis();
        if (!always && !due(now)) {
            return;
        }
        lastNotified = now;
        for (CopyListener l : listeners) {
            try {
                l.progress(p);
            } catch (RuntimeException e) {
                LOG.warn("a listener of task {} failed: {}", p.requestId(), e.toString());
            }
        }
    }
}
