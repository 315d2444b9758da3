package io.shardline.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Threads reading and writing table {@code t (id, v, pad)} through Shardline while a shard moves: point reads and a
 * scatter read of preloaded rows, single-row and multi-shard inserts, batches, updates of rows they wrote, and
 * two-statement transactions. Every acknowledged write is recorded with the value the row must hold; every failure is
 * kept (the move's test wants none).
 */
final class MoveLoad implements AutoCloseable {
    /** One statement's end: which, when, how long, and its failure (null when it succeeded). */
    record Outcome(String op, long endNanos, long nanos, SQLException failure) {
    }

    private static final String[] OPS = {"point", "point", "scatter", "insert", "insert", "multi", "batch", "update",
        "tx"};
    private final List<DataSource> dataSources;
    private final long preloaded;
    private final AtomicLong nextId;
    final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    /** Rows written and acknowledged, with the value they must hold. */
    final Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    /** {@code preloaded}: rows 0 .. preloaded-1 exist with v = 0; new rows get ids from {@code preloaded} on. */
    MoveLoad(List<DataSource> dataSources, long preloaded) {
        this.dataSources = dataSources;
        this.preloaded = preloaded;
        this.nextId = new AtomicLong(preloaded);
    }

    MoveLoad start(int threadCount) {
        for (int i = 0; i < threadCount; i++) {
            DataSource ds = dataSources.get(i % dataSources.size());
            Thread t = new Thread(() -> loop(ds), "move-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void loop(DataSource ds) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        List<Long> mine = new ArrayList<>();
        while (!stop) {
            String op = OPS[r.nextInt(OPS.length)];
            long start = System.nanoTime();
            SQLException failure = null;
            try (Connection c = ds.getConnection()) {
                run(op, c, r, mine);
            } catch (SQLException e) {
                failure = e;
            }
            long end = System.nanoTime();
            outcomes.add(new Outcome(op, end, end - start, failure));
        }
    }

    private void run(String op, Connection c, ThreadLocalRandom r, List<Long> mine) throws SQLException {
        switch (op) {
            case "point" -> {
                long id = r.nextLong(preloaded);
                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("row " + id + " not found");
                        }
                    }
                }
            }
            case "scatter" -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT id, v FROM t WHERE id < " + preloaded + " ORDER BY id DESC LIMIT 10")) {
                    long expect = preloaded - 1;
                    while (rs.next()) {
                        if (rs.getLong(1) != expect--) {
                            throw new SQLException("scatter read out of order at " + rs.getLong(1));
                        }
                    }
                    if (expect != preloaded - 11) {
                        throw new SQLException("scatter read " + (preloaded - 1 - expect) + " rows, not 10");
                    }
                }
            }
            case "insert" -> {
                long id = nextId.getAndIncrement();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v, pad) VALUES (?, 1, 'insert')")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
                acknowledged.put(id, 1);
                mine.add(id);
            }
            case "multi" -> {
                long a = nextId.getAndIncrement();
                long b = nextId.getAndIncrement();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v, pad) VALUES (?, 2, 'multi'),"
                        + " (?, 2, 'multi')")) {
                    ps.setLong(1, a);
                    ps.setLong(2, b);
                    ps.executeUpdate();
                }
                acknowledged.put(a, 2);
                acknowledged.put(b, 2);
                mine.add(a);
                mine.add(b);
            }
            case "batch" -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v, pad) VALUES (?, 3, 'batch')")) {
                    for (int i = 0; i < 6; i++) {
                        long id = nextId.getAndIncrement();
                        ids.add(id);
                        ps.setLong(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                ids.forEach(id -> acknowledged.put(id, 3));
                mine.addAll(ids);
            }
            case "update" -> {
                if (mine.isEmpty()) {
                    return;
                }
                long id = mine.get(r.nextInt(mine.size()));
                try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = v + 10 WHERE id = ?")) {
                    ps.setLong(1, id);
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("row " + id + " was not there to update");
                    }
                }
                acknowledged.merge(id, 10, Integer::sum);
            }
            case "tx" -> {
                long id = nextId.getAndIncrement();
                c.setAutoCommit(false);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO t (id, v, pad) VALUES (?, 4, 'tx')");
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
                        // reported with the failure
                    }
                    throw e;
                }
                acknowledged.put(id, 5);
                mine.add(id);
            }
            default -> throw new IllegalStateException(op);
        }
    }

    /** The highest id handed out so far, plus one. */
    long nextId() {
        return nextId.get();
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

    List<Outcome> failures() {
        return outcomes.stream().filter(o -> o.failure() != null).toList();
    }

    /** Statements that ended in the window, and the longest of them (ms). */
    long count(long from, long to) {
        return outcomes.stream().filter(o -> o.endNanos() >= from && o.endNanos() < to).count();
    }

    long longestMillis(long from, long to) {
        return outcomes.stream().filter(o -> o.endNanos() >= from && o.endNanos() < to)
                .mapToLong(o -> o.nanos() / 1_000_000).max().orElse(0);
    }

    /** The longest stretch without any completed write (insert, multi, batch, update, tx), in ms. */
    long longestWriteGapMillis(long from, long to) {
        List<Long> ends = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.endNanos() >= from && o.endNanos() < to && o.failure() == null && !o.op().equals("point")
                    && !o.op().equals("scatter")) {
                ends.add(o.endNanos());
            }
        }
        ends.add(from);
        ends.add(to);
        ends.sort(null);
        long longest = 0;
        for (int i = 1; i < ends.size(); i++) {
            longest = Math.max(longest, ends.get(i) - ends.get(i - 1));
        }
        return longest / 1_000_000;
    }
}
