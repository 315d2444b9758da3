package io.shardline.bench;

import com.mysql.cj.Query;
import com.mysql.cj.Session;
import com.mysql.cj.log.Log;
import com.mysql.cj.log.ProfilerEvent;
import com.mysql.cj.log.ProfilerEventHandler;
import com.mysql.cj.protocol.Resultset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SQL round trips Connector/J makes ({@code profileSQL=true&profilerEventHandler=} this class): text
 * queries, and a server-side prepared statement's prepare, executions and cursor fetches. Pings are not SQL and are
 * not counted. Used only by the counting data sources of {@link ShapesTargets}, never while timing.
 */
public final class RoundTrips implements ProfilerEventHandler {
    private static final AtomicLong COUNT = new AtomicLong();

    /** Round trips counted so far in this JVM. */
    static long count() {
        return COUNT.get();
    }

    @Override
    public void init(Log log) {
    }

    @Override
    public void destroy() {
    }

    @Override
    public void consumeEvent(ProfilerEvent event) {
        counted(event.getEventType());
    }

    @Override
    public void processEvent(byte type, Session session, Query query, Resultset resultSet, long time,
                             Throwable trace, String message) {
        counted(type);
    }

    private static void counted(byte type) {
        if (type == ProfilerEvent.TYPE_QUERY || type == ProfilerEvent.TYPE_PREPARE
                || type == ProfilerEvent.TYPE_EXECUTE || type == ProfilerEvent.TYPE_FETCH) {
            COUNT.incrementAndGet();
        }
    }
}
