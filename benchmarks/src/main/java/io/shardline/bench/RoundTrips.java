package io.shardline.bench;

import com.mysql.cj.Query;
import com.mysql.cj.Session;
import com.mysql.cj.log.Log;
import com.mysql.cj.log.ProfilerEvent;
import com.mysql.cj.log.ProfilerEventHandler;
import com.mysql.cj.protocol.Resultset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SQL round trips Connector/J makes ({@code profileSQL=true&profilerEventHandler=} this class): each text
 * query (client-side prepared statements included) and each server-side prepare and execute is one request and its
 * answer. Connector/J reports a result's reading as one FETCH event whatever it took, so fetches are not counted: a
 * server-side cursor's {@code COM_STMT_FETCH} exchanges (one per 1,000 rows of a gather's reads) come on top, as do
 * pings. Used only by the counting data sources of {@link ShapesTargets}, never while timing.
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
                || type == ProfilerEvent.TYPE_EXECUTE) {
            COUNT.incrementAndGet();
        }
    }
}
