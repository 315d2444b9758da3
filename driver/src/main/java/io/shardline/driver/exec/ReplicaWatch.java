package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the replication of every replica that has a read weight, from the replica's own status ({@code SHOW REPLICA
 * STATUS}), every {@code checkInterval} on a connection of its own with the probe's timeouts. A replica serves reads
 * only while both replication threads run, it reports itself at most {@code maxLag} seconds behind its master
 * ({@code Seconds_Behind_Master}), and that answer is fresh; one that cannot be asked, does not replicate, stopped,
 * broke or fell behind gets no reads until a check finds it within the bound again. A negative {@code maxLag} turns
 * the watch off: every replica is readable, as in DBProxy. Thread-safe; {@link #readable} is on the read path and
 * neither locks nor allocates.
 */
public final class ReplicaWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaWatch.class);
    private static final ScheduledExecutorService CLOCK = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shardline-replica-clock");
        t.setDaemon(true);
        return t;
    });
    /** A check blocks for up to the probe timeout on a frozen replica, so each runs on a thread of its own. */
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shardline-replica-check");
        t.setDaemon(true);
        return t;
    });
    /** MySQL's and MariaDB's "you need a privilege" error. */
    private static final int ACCESS_DENIED = 1227;
    /** A syntax error: a server older than MariaDB 10.5 or MySQL 8.0.22 knows only SHOW SLAVE STATUS. */
    private static final int SYNTAX_ERROR = 1064;

    /** One replica and what its last check found. */
    private static final class Watched {
        final Server server;
        volatile boolean readable;
        /** When a check last got an answer from the replica (its verdict is only trusted while recent). */
        volatile long answeredAtNanos;
        volatile String state = "not checked yet";
        /** Whether a check has given a verdict yet (the first one is always logged). */
        volatile boolean judged;
        volatile boolean retired;
        final AtomicBoolean checking = new AtomicBoolean();
        /** The check's own connection, never pooled (touched only by the thread holding {@link #checking}). */
        Connection connection;
        boolean legacySyntax;

        Watched(Server server) {
            this.server = server;
        }
    }

    /** The watched replicas by server id, sorted for a binary search; replaced whole when the topology changes. */
    private record Index(int[] ids, Watched[] watched) {
        static final Index EMPTY = new Index(new int[0], new Watched[0]);

        Watched find(int id) {
            int i = Arrays.binarySearch(ids, id);
            return i < 0 ? null : watched[i];
        }
    }

    private final PoolSettings settings;
    private final int maxLagSeconds;
    private final long freshNanos;
    private final ScheduledFuture<?> ticking;
    private volatile Index index = Index.EMPTY;
    private volatile boolean closed;

    /**
     * @param maxLagSeconds  how far behind its master a replica may report itself and still serve reads; negative: no
     *                       watch, every replica with a weight serves reads
     * @param intervalMillis how often each replica is asked
     */
    public ReplicaWatch(PoolSettings settings, int maxLagSeconds, long intervalMillis) {
        this.settings = settings;
        this.maxLagSeconds = maxLagSeconds;
        // one missed check is tolerated; after that an old "caught up" is not believed any more
        this.freshNanos = TimeUnit.MILLISECONDS.toNanos(2 * intervalMillis + settings.probeTimeoutMillis());
        this.ticking = maxLagSeconds < 0 ? null
                : CLOCK.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether replicas are watched at all ({@code maxReplicaLag} is not negative). */
    public boolean enabled() {
        return maxLagSeconds >= 0;
    }

    /** Whether {@code replica} may serve a read now. */
    public boolean readable(Server replica) {
        if (maxLagSeconds < 0) {
            return true;
        }
        Watched w = index.find(replica.id());
        return w != null && w.readable && System.nanoTime() - w.answeredAtNanos < freshNanos;
    }

    /** What the last check of replica {@code serverId} found, for messages and operators. */
    public String state(int serverId) {
        if (maxLagSeconds < 0) {
            return "not watched (maxReplicaLag is negative)";
        }
        Watched w = index.find(serverId);
        if (w == null) {
            return "not watched (not a replica with a read weight)";
        }
        return w.state + (w.readable && System.nanoTime() - w.answeredAtNanos >= freshNanos ? " (answer too old)" : "");
    }

    /** Watches the replicas of {@code topology} that have a read weight; new ones are checked at once. */
    public synchronized void reconcile(Topology topology) {
        if (maxLagSeconds < 0 || closed) {
            return;
        }
        Map<Integer, Watched> old = new HashMap<>();
        for (Watched w : index.watched()) {
            old.put(w.server.id(), w);
        }
        List<Watched> now = new ArrayList<>();
        List<Watched> fresh = new ArrayList<>();
        for (Server s : topology.servers()) {
            if (s.isMaster() || s.readWeight() <= 0) {
                continue;
            }
            Watched w = old.remove(s.id());
            if (w == null || !w.server.sameEndpoint(s)) {
                if (w != null) {
                    retire(w);
                }
                w = new Watched(s);
                fresh.add(w);
            }
            now.add(w);
        }
        old.values().forEach(ReplicaWatch::retire);
        now.sort((a, b) -> Integer.compare(a.server.id(), b.server.id()));
        int[] ids = new int[now.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = now.get(i).server.id();
        }
        index = new Index(ids, now.toArray(Watched[]::new));
        for (Watched w : fresh) {
            CHECKS.execute(() -> check(w));
        }
    }

    private static void retire(Watched w) {
        w.retired = true;
        if (w.checking.compareAndSet(false, true)) { // a running check closes its own connection when it ends
            closeConnection(w);
        }
    }

    private void tick() {
        try {
            for (Watched w : index.watched()) {
                CHECKS.execute(() -> check(w));
            }
        } catch (RuntimeException | Error e) { // a scheduled task that throws is never run again
            LOG.warn("the replica watch could not be scheduled this time: {}", e.toString());
        }
    }

    /** Asks the replica for its status now (a check already running is not doubled). */
    private void check(Watched w) {
        if (closed || w.retired || !w.checking.compareAndSet(false, true)) {
            return;
        }
        try {
            String problem;
            try {
                problem = ask(w);
                w.answeredAtNanos = System.nanoTime();
            } catch (SQLException | RuntimeException e) {
                closeConnection(w);
                problem = e instanceof SQLException sql && sql.getErrorCode() == ACCESS_DENIED
                        ? "its account may not read the replication status (" + e.getMessage() + "): grant it SLAVE"
                        + " MONITOR (MariaDB) or REPLICATION CLIENT (MySQL), or set maxReplicaLag=-1 to read from"
                        + " replicas unwatched"
                        : "it does not answer the replication check within " + settings.probeTimeoutMillis() + " ms: "
                        + e.getMessage();
            }
            verdict(w, problem);
        } finally {
            if (closed || w.retired) {
                closeConnection(w);
            }
            w.checking.set(false);
        }
    }

    /**
     * The replica's status: null when it is within the bound, else why it is not. Every replication connection it
     * lists must be running and within the bound (MariaDB lists its default connection; MySQL every channel).
     */
    private String ask(Watched w) throws SQLException {
        if (!PhysicalUrls.isMySql(w.server)) {
            return "it is not a MySQL or MariaDB server, so its replication cannot be watched";
        }
        if (w.connection == null) {
            Properties p = new Properties();
            p.setProperty("user", w.server.user());
            p.setProperty("password", w.server.password().reveal());
            w.connection = DriverManager.getConnection(PhysicalUrls.probe(w.server, settings), p);
        }
        try (Statement s = w.connection.createStatement();
             ResultSet rs = s.executeQuery(w.legacySyntax ? "SHOW SLAVE STATUS" : "SHOW REPLICA STATUS")) {
            return judge(rs);
        } catch (SQLException e) {
            if (e.getErrorCode() == SYNTAX_ERROR && !w.legacySyntax) {
                w.legacySyntax = true;
                return ask(w);
            }
            throw e;
        }
    }

    private String judge(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return "it does not replicate from any master (SHOW REPLICA STATUS is empty)";
        }
        Map<String, Integer> columns = columns(rs.getMetaData());
        long worst = 0;
        do {
            String io = text(rs, columns, "Slave_IO_Running", "Replica_IO_Running");
            String sql = text(rs, columns, "Slave_SQL_Running", "Replica_SQL_Running");
            if (!"Yes".equalsIgnoreCase(io)) {
                return "its replication I/O thread is " + describe(io) + error(rs, columns, "Last_IO_Error");
            }
            if (!"Yes".equalsIgnoreCase(sql)) {
                return "its replication SQL thread is " + describe(sql) + error(rs, columns, "Last_SQL_Error");
            }
            String behind = text(rs, columns, "Seconds_Behind_Master", "Seconds_Behind_Source");
            if (behind == null) {
                return "it reports no lag (Seconds_Behind_Master is NULL)";
            }
            worst = Math.max(worst, Long.parseLong(behind.trim()));
        } while (rs.next());
        return worst > maxLagSeconds ? "it is " + worst + " s behind its master (maxReplicaLag " + maxLagSeconds + " s)"
                : null;
    }

    private static Map<String, Integer> columns(ResultSetMetaData md) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        return out;
    }

    private static String text(ResultSet rs, Map<String, Integer> columns, String... names) throws SQLException {
        for (String name : names) {
            Integer i = columns.get(name.toLowerCase(Locale.ROOT));
            if (i != null) {
                return rs.getString(i);
            }
        }
        throw new SQLException("the replication status has none of the columns " + Arrays.toString(names));
    }

    private static String describe(String running) {
        return running == null ? "in an unknown state" : "'" + running + "'";
    }

    private static String error(ResultSet rs, Map<String, Integer> columns, String name) throws SQLException {
        Integer i = columns.get(name.toLowerCase(Locale.ROOT));
        String e = i == null ? null : rs.getString(i);
        return e == null || e.isBlank() ? "" : " (" + e + ")";
    }

    private void verdict(Watched w, String problem) {
        boolean readable = problem == null;
        String state = readable ? "replicating within " + maxLagSeconds + " s of its master" : problem;
        boolean was = w.readable;
        boolean first = !w.judged;
        w.state = state;
        w.readable = readable;
        w.judged = true;
        if (readable && (!was || first)) {
            LOG.info("replica {} ({}) is {}; it serves reads", w.server.id(), w.server.address(), state);
        } else if (!readable && (was || first)) {
            LOG.warn("replica {} ({}) gets no reads: {}; the other members of its group serve them until a check finds"
                    + " it within the bound again",
                    w.server.id(), w.server.address(), state);
        }
    }

    private static void closeConnection(Watched w) {
        if (w.connection != null) {
            try {
                w.connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // it is being dropped
            }
            w.connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticking != null) {
            ticking.cancel(false);
        }
        for (Watched w : index.watched()) {
            retire(w);
        }
        index = Index.EMPTY;
    }
}
