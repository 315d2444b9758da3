package io.shardline.driver.gather;

import com.mysql.cj.Query;
import com.mysql.cj.Session;
import com.mysql.cj.log.Log;
import com.mysql.cj.log.ProfilerEvent;
import com.mysql.cj.log.ProfilerEventHandler;
import com.mysql.cj.protocol.Resultset;

/**
 * Counts the statements Connector/J sends ({@code profileSQL=true&profilerEventHandler=} this class), as the
 * benchmarks' {@code RoundTrips} does: each text query and each server-side prepare and execute is one round trip.
 * Counted per thread, so the pools' background health probes do not count: a gather and its inline reads run on the
 * statement's thread. A test reads the difference around the statement it measures.
 */
public final class RoundTripCounter implements ProfilerEventHandler {
    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

    /** Statements sent so far by the calling thread. */
    static long count() {
        return COUNT.get()[0];
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
            COUNT.get()[0]++;
        }
    }
}
