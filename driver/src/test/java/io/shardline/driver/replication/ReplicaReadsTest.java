package io.shardline.driver.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineStatement;
import io.shardline.driver.dbproxy.Shardline;
import io.shardline.driver.testing.MariaDbServer;
import io.shardline.router.meta.Server;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads on real MariaDB replication (a master and two replicas started here): by read weight outside transactions,
 * on the master for writes, locking reads, master hints and transactions; never from a replica whose replication
 * stopped or fell behind the bound (a stopped SQL thread, a {@code MASTER_DELAY} replica), which is left out within 5 s
 * and used again once caught up; read-your-writes; and no failed read when a replica is killed or frozen under a read
 * load. Each answer names its server ({@code @@server_id}: 1 the master, 2 and 3 the replicas).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaReadsTest {
    private static final int MASTER = 1;
    private static final int R1 = 2;
    private static final int R2 = 3;
    /** The bound of this class's data source: small, so a delayed replica crosses it quickly. */
    private static final int MAX_LAG = 2;

    private ReplicatedEstate estate;
    private ShardlineDataSource ds;

    @BeforeAll
    void start() throws SQLException {
        estate = new ReplicatedEstate("replicas", 20, 30, 50);
        ds = estate.dataSource("maxReplicaLag=" + MAX_LAG);
        awaitReadable(R1, true);
        awaitReadable(R2, true);
    }

    @AfterAll
    void stop() {
        if (ds != null) {
            ds.close();
        }
        if (estate != null) {
            estate.close();
        }
    }

    @Test
    void readsFollowTheWeightsAndEverythingElseStaysOnTheMaster() throws Exception {
        Map<Integer, Integer> counts = new TreeMap<>();
        int n = 4000;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT @@server_id, v FROM kv WHERE k = ?")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, i % 100);
                counts.merge(serverOf(ps), 1, Integer::sum);
            }
        }
        System.out.printf("reads by weight 20/30/50 over %d reads: %s%n", n, counts);
        int[] weights = {20, 30, 50};
        for (int s = 1; s <= 3; s++) {
            double share = 100.0 * counts.getOrDefault(s, 0) / n;
            // 4000 reads: one standard deviation is under 0.8 points, so 4 points is a wide margin
            assertTrue(Math.abs(share - weights[s - 1]) < 4, "server " + s + " got " + share + "% of the reads, its"
                    + " weight is " + weights[s - 1] + ": " + counts);
        }

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                assertEquals(MASTER, server(s, "SELECT @@server_id FROM kv WHERE k = 1 FOR UPDATE"), "FOR UPDATE");
                assertEquals(MASTER, server(s, "SELECT @@server_id FROM kv WHERE k = 1 LOCK IN SHARE MODE"),
                        "LOCK IN SHARE MODE");
                assertEquals(MASTER, server(s, "/*+ shardline(master=true) */ SELECT @@server_id FROM kv WHERE k = 1"),
                        "the master hint");
                assertEquals(MASTER, server(s, "/*+ shardline(master) */ SELECT @@server_id FROM kv WHERE k = 1"),
                        "the bare master hint");
                assertEquals(MASTER, server(s, "/*+ shardline(master=true) */ SELECT @@server_id FROM kv"),
                        "a scatter read with the master hint");
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.unwrap(ShardlineStatement.class).setMaster(true);
            assertEquals(MASTER, server(s, "SELECT @@server_id FROM kv WHERE k = 3"), "setMaster(true)");
            s.unwrap(ShardlineStatement.class).clearHint();
            c.setAutoCommit(false);
            for (int i = 0; i < 20; i++) {
                assertEquals(MASTER, server(s, "SELECT @@server_id FROM kv WHERE k = " + i), "in a transaction");
            }
            assertEquals(1, s.executeUpdate("UPDATE kv SET v = v + 1 WHERE k = 7"));
            c.commit();
            c.setAutoCommit(true);
            assertEquals(1, s.executeUpdate("UPDATE kv SET v = v + 1 WHERE k = 7"));
        }
        assertEquals(2, value(estate.master, 7), "writes go to the master");
        estate.awaitReplicated();
        assertEquals(2, value(estate.replica1, 7), "and replicate");

        Shardline dbproxy = Shardline.of(ds.runtime());
        for (int i = 0; i < 20; i++) {
            assertEquals("1", dbproxy.query(1, "kv", "SELECT @@server_id FROM kv WHERE k = 1", List.of(), true)
                    .asRows().rows().get(0).get(0), "DBProxy's master=true");
        }
        boolean replicaAnswered = false;
        for (int i = 0; i < 50 && !replicaAnswered; i++) {
            replicaAnswered = !"1".equals(dbproxy.query(1, "kv", "SELECT @@server_id FROM kv WHERE k = 1", List.of(),
                    false).asRows().rows().get(0).get(0));
        }
        assertTrue(replicaAnswered, "DBProxy's master=false reads by weight");
    }

    @Test
    void aStoppedSqlThreadIsLeftOutWithinFiveSecondsAndUsedAgainOnceCaughtUp() throws Exception {
        ReplicatedEstate.run(estate.replica1, "STOP SLAVE SQL_THREAD");
        long stopped = System.nanoTime();
        awaitReadable(R1, false);
        long noticed = System.nanoTime() - stopped;
        System.out.printf("a stopped SQL thread was noticed after %d ms: %s%n", TimeUnit.NANOSECONDS.toMillis(noticed),
                ds.runtime().replicas().state(R1));
        assertTrue(noticed < TimeUnit.SECONDS.toNanos(5), "noticed within 5 s");
        assertTrue(ds.runtime().replicas().state(R1).contains("SQL thread"), ds.runtime().replicas().state(R1));
        ReplicatedEstate.run(estate.master, "UPDATE " + ReplicatedEstate.DB + ".kv_0 SET v = v + 100 WHERE k = 10");
        Map<Integer, Integer> counts = reads(600, 10);
        assertFalse(counts.containsKey(R1), "no read from the stopped replica: " + counts);

        ReplicatedEstate.run(estate.replica1, "START SLAVE SQL_THREAD");
        long started = System.nanoTime();
        awaitReadable(R1, true);
        System.out.printf("restarted, it serves reads again after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertTrue(reads(600, 10).containsKey(R1), "the caught-up replica serves reads again");
    }

    @Test
    void aDelayedReplicaIsLeftOutBeforeItsReadsGrowStale() throws Exception {
        ReplicatedEstate.run(estate.replica2, "STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 10", "START SLAVE");
        AtomicLong written = new AtomicLong();
        Map<Long, Long> writtenAt = new ConcurrentHashMap<>();
        Thread writer = new Thread(() -> {
            try (Connection c = estate.master.connect(); Statement s = c.createStatement()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
                for (long value = 1_000_000; System.nanoTime() < deadline; value++) {
                    s.executeUpdate("UPDATE " + ReplicatedEstate.DB + ".kv_1 SET v = " + value + " WHERE k = 11");
                    writtenAt.put(value, System.nanoTime());
                    written.set(value);
                    Thread.sleep(100);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "writer");
        writer.start();
        // a read is stale by how long ago a newer value than the one it returned was committed
        long worstStale = 0;
        Map<Integer, Integer> counts = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT @@server_id, v FROM kv WHERE k = 11")) {
            while (writer.isAlive()) {
                long before = written.get();
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.merge(rs.getInt(1), 1, Integer::sum);
                    long v = rs.getLong(2);
                    Long newerAt = v < before ? writtenAt.get(Math.max(v + 1, 1_000_000)) : null;
                    if (newerAt != null) {
                        worstStale = Math.max(worstStale, System.nanoTime() - newerAt);
                    }
                }
                Thread.sleep(5);
            }
        }
        writer.join();
        String state = ds.runtime().replicas().state(R2);
        System.out.printf("MASTER_DELAY 10 s, maxReplicaLag %d s: the stalest read was %d ms behind; reads %s; %s%n",
                MAX_LAG, TimeUnit.NANOSECONDS.toMillis(worstStale), counts, state);
        assertFalse(ds.runtime().replicas().readable(server(R2)), "the delayed replica is left out: " + state);
        // the bound, plus a second of Seconds_Behind_Master's rounding, plus the oldest answer still believed
        // (2 x replicaCheckInterval + probeTimeout): 7 s; without the watch the reads would be 10 s behind
        assertTrue(worstStale < TimeUnit.SECONDS.toNanos(MAX_LAG + 1 + 4), "no read staler than the bound allows");

        ReplicatedEstate.run(estate.replica2, "STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE");
        awaitReadable(R2, true);
        assertTrue(reads(600, 11).containsKey(R2), "caught up, it serves reads again");
    }

    @Test
    void readYourWritesKeepsAConnectionsReadsOnTheMasterForAWhile() throws Exception {
        try (ShardlineDataSource ryw = estate.dataSource("maxReplicaLag=" + MAX_LAG + "&readYourWrites=1500");
             Connection c = ryw.getConnection(); Statement s = c.createStatement()) {
            awaitReadable(ryw, R1, true);
            awaitReadable(ryw, R2, true);
            boolean replicaBefore = false;
            for (int i = 0; i < 50 && !replicaBefore; i++) {
                replicaBefore = server(s, "SELECT @@server_id FROM kv WHERE k = 5") != MASTER;
            }
            assertTrue(replicaBefore, "before any write, reads go by weight");
            assertEquals(1, s.executeUpdate("UPDATE kv SET v = v + 1 WHERE k = 5"));
            long wrote = System.nanoTime();
            while (System.nanoTime() - wrote < TimeUnit.MILLISECONDS.toNanos(1000)) {
                assertEquals(MASTER, server(s, "SELECT @@server_id FROM kv WHERE k = 5"), "read after its own write");
            }
            Thread.sleep(600);
            boolean replicaAfter = false;
            for (int i = 0; i < 50 && !replicaAfter; i++) {
                replicaAfter = server(s, "SELECT @@server_id FROM kv WHERE k = 5") != MASTER;
            }
            assertTrue(replicaAfter, "after readYourWrites ms, reads go by weight again");
        }
    }

    @Test
    void aReplicaKilledOrFrozenUnderAReadLoadCostsNoFailedRead() throws Exception {
        failover("kill -9", estate.replica1::kill, estate.replica1::restart, R1);
        failover("SIGSTOP", estate.replica2::freeze, estate.replica2::thaw, R2);
    }

    private void failover(String fault, Runnable breakIt, Runnable mendIt, int victimId) throws Exception {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, LongAdder> afterBreak = new ConcurrentHashMap<>();
        LongAdder reads = new LongAdder();
        AtomicLong slowest = new AtomicLong();
        long[] broken = {Long.MAX_VALUE};
        stopLoad = false;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int me = t;
            Thread th = new Thread(() -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement point = c.prepareStatement("SELECT @@server_id, v FROM kv WHERE k = ?");
                     PreparedStatement scatter = c.prepareStatement("SELECT @@server_id, COUNT(*) FROM kv")) {
                    for (long i = 0; !stopLoad; i++) {
                        long t0 = System.nanoTime();
                        try {
                            PreparedStatement ps = (i + me) % 4 == 0 ? scatter : point;
                            if (ps == point) {
                                point.setLong(1, i % 100);
                            }
                            int server = serverOf(ps);
                            if (t0 > broken[0]) {
                                afterBreak.computeIfAbsent(server, k -> new LongAdder()).increment();
                            }
                            reads.increment();
                        } catch (SQLException e) {
                            failures.add(e.getErrorCode() + " " + e.getMessage());
                        }
                        slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    }
                } catch (SQLException e) {
                    failures.add("setup: " + e);
                }
            }, "reader-" + t);
            threads.add(th);
            th.start();
        }
        Thread.sleep(1500);
        slowest.set(0);
        breakIt.run();
        broken[0] = System.nanoTime();
        Thread.sleep(4000); // past the probe's probeInterval + probeTimeout, which a frozen replica waits for
        long downForMillis = TimeUnit.NANOSECONDS.toMillis(slowest.get());
        Map<Integer, Long> during = new TreeMap<>();
        afterBreak.forEach((k, v) -> during.put(k, v.sum()));
        mendIt.run();
        long mended = System.nanoTime();
        awaitReadable(victimId, true);
        long back = System.nanoTime() - mended;
        Thread.sleep(500);
        stopLoad = true;
        for (Thread th : threads) {
            th.join(30_000);
        }
        System.out.printf("%s of replica %d under 4 readers: %d reads, %d failed; reads after the fault by server %s;"
                        + " the slowest read took %d ms; back in use %d ms after it answered again%n", fault, victimId,
                reads.sum(), failures.size(), during, downForMillis, TimeUnit.NANOSECONDS.toMillis(back));
        assertEquals(List.of(), failures.stream().limit(5).toList(), fault + ": no read fails while others are up");
        assertTrue(during.getOrDefault(victimId, 0L) < reads.sum() / 10, fault + ": the failed replica is left out: "
                + during);
    }

    /** Tells the readers of {@link #failover} to stop. */
    private volatile boolean stopLoad;

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Server server(int id) throws SQLException {
        return ds.runtime().topology().server(id);
    }

    private void awaitReadable(int id, boolean readable) throws SQLException {
        awaitReadable(ds, id, readable);
    }

    private static void awaitReadable(ShardlineDataSource source, int id, boolean readable) throws SQLException {
        var runtime = source.runtime();
        Server s = runtime.topology().server(id);
        await(() -> runtime.replicas().readable(s) == readable, 60,
                "replica " + id + (readable ? " serves reads" : " is left out"));
    }

    private static void await(BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            ReplicatedEstate.sleep(20);
        }
    }

    /** {@code n} reads of row {@code k} by weight, counted by the server that answered. */
    private Map<Integer, Integer> reads(int n, long k) throws SQLException {
        Map<Integer, Integer> counts = new TreeMap<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT @@server_id, v FROM kv WHERE k = ?")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, k);
                counts.merge(serverOf(ps), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int serverOf(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static int server(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static long value(MariaDbServer server, long k) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM " + ReplicatedEstate.DB + ".kv_" + (k % 2) + " WHERE k = " + k)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
