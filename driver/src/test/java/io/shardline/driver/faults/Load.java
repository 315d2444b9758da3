package io.shardline.driver.faults;

import io.shardline.driver.PartialCommitException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Threads running a mix of statements through Shardline against a {@link TwoServerEstate}, recording every outcome
 * with its time, and what each write's outcome says about its rows: acknowledged (must be there afterwards with its
 * value), reported not written (must be absent), or unknown (the report said in doubt, or the connection was lost).
 */
final class Load implements AutoCloseable {
    /** The statements of the mix and the servers they need. */
    enum Op {
        POINT_HEALTHY(true, false), POINT_VICTIM(false, true), SCATTER(true, true), INSERT_HEALTHY(true, false),
        MULTI_INSERT(true, true), BATCH(true, true), TX_HEALTHY(true, false), UPDATE_ALL(true, true);

        final boolean healthy;
        final boolean victim;

        Op(boolean healthy, boolean victim) {
            this.healthy = healthy;
            this.victim = victim;
        }
    }

    /** One statement's end: when, how long it took, and its error code (0: success). */
    record Outcome(Op op, long endNanos, long nanos, int code, String message) {
    }

    private final DataSource dataSource;
    private final List<Op> mix;
    private final int preloaded;
    /** New rows' ids, unique over every load of the JVM. */
    private static final AtomicLong NEXT_ID = new AtomicLong(500_000);
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Rows whose write was acknowledged, with their value. */
    final Map<Long, Integer> acknowledged;
    /** Rows a failure report said were not written. */
    final Set<Long> notWritten;
    /** Rows whose fate the report left open. */
    final Set<Long> unknown;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    Load(DataSource dataSource, List<Op> mix, int preloaded) {
        this(dataSource, mix, preloaded, null);
    }

    /** A load that shares what it learns about rows with {@code earlier} (both are checked by either's verify). */
    Load(DataSource dataSource, List<Op> mix, int preloaded, Load earlier) {
        this.dataSource = dataSource;
        this.mix = mix;
        this.preloaded = preloaded;
        this.acknowledged = earlier == null ? new ConcurrentHashMap<>() : earlier.acknowledged;
        this.notWritten = earlier == null ? ConcurrentHashMap.newKeySet() : earlier.notWritten;
        this.unknown = earlier == null ? ConcurrentHashMap.newKeySet() : earlier.unknown;
    }

    Load start(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void loop() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (!stop) {
            Op op = mix.get(r.nextInt(mix.size()));
            long start = System.nanoTime();
            List<Long> ids = new ArrayList<>();
            int code = 0;
            String message = null;
            try (Connection c = dataSource.getConnection()) {
                run(op, c, r, ids);
            } catch (SQLException e) {
                code = e.getErrorCode();
                message = e.getMessage();
                judge(op, e, ids);
            } catch (RuntimeException e) {
                code = -1;
                message = e.toString();
                unknown.addAll(ids);
            }
            long end = System.nanoTime();
            outcomes.add(new Outcome(op, end, end - start, code, message));
        }
    }

    private long newId(boolean victim) {
        return 2 * NEXT_ID.incrementAndGet() + (victim ? 1 : 0);
    }

    private void run(Op op, Connection c, ThreadLocalRandom r, List<Long> ids) throws SQLException {
        switch (op) {
            case POINT_HEALTHY, POINT_VICTIM -> {
                long id = 2L * r.nextInt(preloaded / 2) + (op == Op.POINT_VICTIM ? 1 : 0);
                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("row " + id + " not found");
                        }
                    }
                }
            }
            case SCATTER -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT id, v FROM t WHERE id < " + preloaded + " ORDER BY id DESC LIMIT 10")) {
                    long expect = preloaded - 1;
                    while (rs.next()) {
                        if (rs.getLong(1) != expect--) {
                            throw new IllegalStateException("scatter read out of order at " + rs.getLong(1));
                        }
                    }
                    if (expect != preloaded - 11) {
                        throw new IllegalStateException("scatter read " + (preloaded - 1 - expect) + " rows, not 10");
                    }
                }
            }
            case INSERT_HEALTHY -> {
                long id = newId(false);
                ids.add(id);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 1)")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                acknowledged.put(id, 1);
            }
            case MULTI_INSERT -> {
                long a = newId(false);
                long b = newId(true);
                ids.add(a);
                ids.add(b);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 2), (?, 2)")) {
                    ps.setLong(1, a);
                    ps.setLong(2, b);
                    ps.executeUpdate();
                }
                acknowledged.put(a, 2);
                acknowledged.put(b, 2);
            }
            case BATCH -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 3)")) {
                    for (int i = 0; i < 6; i++) {
                        long id = newId(i % 2 == 1);
                        ids.add(id);
                        ps.setLong(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                ids.forEach(id -> acknowledged.put(id, 3));
            }
            case TX_HEALTHY -> {
                long id = newId(false);
                ids.add(id);
                c.setAutoCommit(false);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 4)");
                     PreparedStatement upd = c.prepareStatement("UPDATE t SET v = v + 1 WHERE id = ?")) {
                    ins.setLong(1, id);
                    ins.executeUpdate();
                    upd.setLong(1, id);
                    upd.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection may be gone; the server rolls an unfinished transaction back
                    }
                    throw e;
                }
                acknowledged.put(id, 5);
            }
            case UPDATE_ALL -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE t SET pad = 'touched' WHERE id < 4");
                }
            }
        }
    }

    /** What a failure report says about the rows the statement wrote. */
    private void judge(Op op, SQLException e, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        if (e instanceof BatchUpdateException b) {
            long[] counts = b.getLargeUpdateCounts();
            boolean inDoubt = b.getCause() instanceof PartialCommitException p && b.getMessage().contains("in doubt");
            for (int i = 0; i < ids.size(); i++) {
                if (counts != null && i < counts.length && counts[i] != Statement.EXECUTE_FAILED) {
                    acknowledged.put(ids.get(i), 3);
                } else if (inDoubt) {
                    unknown.add(ids.get(i));
                } else {
                    notWritten.add(ids.get(i));
                }
            }
            return;
        }
        boolean lost = e.getErrorCode() == 100500 || e.getErrorCode() == 100504;
        boolean partial = e instanceof PartialCommitException;
        boolean multiShard = op == Op.MULTI_INSERT;
        // a multi-shard write rolls back everywhere unless its commit failed part-way; a single-shard write or a
        // commit whose connection was lost may have taken effect
        if (partial || (lost && !multiShard)) {
            unknown.addAll(ids);
        } else {
            notWritten.addAll(ids);
        }
    }

    void stop() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            if (t.isAlive()) {
                throw new AssertionError("a load thread is still stuck 60 s after stop: " + t.getName());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Successful statements per second of the ops matching {@code which}, between two instants. */
    double rate(java.util.function.Predicate<Op> which, long fromNanos, long toNanos) {
        long n = outcomes.stream().filter(o -> o.code() == 0 && which.test(o.op()) && o.endNanos() >= fromNanos
                && o.endNanos() < toNanos).count();
        return n / ((toNanos - fromNanos) / 1e9);
    }

    /** The longest stretch between two completed statements (any outcome) in the window. */
    long longestSilenceNanos(long fromNanos, long toNanos) {
        List<Long> ends = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.endNanos() >= fromNanos && o.endNanos() < toNanos) {
                ends.add(o.endNanos());
            }
        }
        ends.add(fromNanos);
        ends.add(toNanos);
        ends.sort(null);
        long longest = 0;
        for (int i = 1; i < ends.size(); i++) {
            longest = Math.max(longest, ends.get(i) - ends.get(i - 1));
        }
        return longest;
    }

    List<Outcome> failures() {
        return outcomes.stream().filter(o -> o.code() != 0).toList();
    }

    /**
     * Checks the rows afterwards against what the reports said: every acknowledged row there with its value, every
     * row reported unwritten absent, nothing else written.
     */
    void verify(Map<Long, Integer> rows) {
        List<String> problems = new ArrayList<>();
        acknowledged.forEach((id, v) -> {
            Integer stored = rows.get(id);
            if (stored == null) {
                problems.add("acknowledged row " + id + " is missing");
            } else if (!stored.equals(v)) {
                problems.add("acknowledged row " + id + " has v=" + stored + ", not " + v);
            }
        });
        for (long id : notWritten) {
            if (rows.containsKey(id) && !acknowledged.containsKey(id)) {
                problems.add("row " + id + " was reported not written but is there");
            }
        }
        for (long id : rows.keySet()) {
            if (id >= preloaded && !acknowledged.containsKey(id) && !unknown.contains(id) && !notWritten.contains(id)) {
                problems.add("row " + id + " is there but no statement wrote it");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problems with the data, e.g. "
                    + problems.subList(0, Math.min(10, problems.size())));
        }
    }
}
