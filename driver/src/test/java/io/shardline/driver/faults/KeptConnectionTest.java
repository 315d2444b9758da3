package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A logical connection keeps the physical connection of its last autocommit statement for the next one. That must
 * never make another statement wait, never leave a transaction's session state behind, and never reuse a connection
 * the server may have dropped while it sat idle.
 */
class KeptConnectionTest {
    private static TwoServerEstate estate;

    @BeforeAll
    static void start() throws SQLException {
        estate = new TwoServerEstate("kept");
    }

    @BeforeEach
    void hundredRows() throws SQLException {
        estate.empty();
        estate.preload(100);
    }

    @AfterAll
    static void stop() {
        estate.close();
    }

    private static int v(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id);
                return rs.getInt(1);
            }
        }
    }

    @Test
    void anIdleKeptConnectionIsTakenBackByWhoeverWaitsForItsServer() throws Exception {
        // one connection per server: without taking kept ones back, the second logical connection would wait 3 s
        // and fail with 100513
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1&connectTimeout=3000");
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            assertEquals(0, v(a, 0));
            assertEquals(0, v(b, 2), "b gets the server's only connection, which a kept");
            assertEquals(0, v(a, 4), "and a gets it back from b");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int n = 0;
                        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                            for (int i = 0; i < 200; i++) {
                                long id = 2 * ((thread * 200 + i) % 50); // even ids: all on the healthy server
                                s.executeUpdate("UPDATE t SET v = v + 1 WHERE id = " + id);
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(200, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Map<Long, Integer> rows = estate.rows();
        for (long id = 0; id < 100; id++) {
            assertEquals(id % 2 == 0 ? 16 : 0, rows.get(id), "v of row " + id + ": each update counted once");
        }
    }

    @Test
    void aTransactionOnTheKeptConnectionLeavesItInAutocommitMode() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            assertEquals(0, v(c, 1), "this keeps a connection to the victim server");
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE t SET v = 5 WHERE id = 1");
            c.rollback();
            s.executeUpdate("UPDATE t SET v = 6 WHERE id = 3");
            c.commit();
            c.setAutoCommit(true);
            s.executeUpdate("UPDATE t SET v = 7 WHERE id = 5"); // on the same kept connection: must commit by itself
            Map<Long, Integer> rows = estate.rows(); // read on other connections while c stays open
            assertEquals(0, rows.get(1L), "rolled back");
            assertEquals(6, rows.get(3L), "committed");
            assertEquals(7, rows.get(5L), "an autocommit write after the transaction is committed at once");
        }
    }

    @Test
    void aKeptConnectionIdleLongerThanHalfASecondIsNotReusedUnchecked() throws Exception {
        // no probe: only the idle bound stands between the next statement and a connection the server dropped
        try (ShardlineDataSource ds = estate.dataSource("probeInterval=0"); Connection c = ds.getConnection()) {
            assertEquals(0, v(c, 0));
            estate.killHealthyClients();
            Thread.sleep(700);
            assertEquals(0, v(c, 0), "the next statement runs on a checked connection");
        }
    }

    /** The server-side session of each row of {@code sql}'s answer, by id (CONNECTION_ID() is evaluated on each shard). */
    private static Map<Long, Long> sessions(PreparedStatement ps) throws SQLException {
        Map<Long, Long> out = new java.util.TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    @Test
    void aMultiShardReadRunsOnTheConnectionsItsLogicalConnectionKeeps() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             PreparedStatement pointSelect = c.prepareStatement("SELECT id, CONNECTION_ID() FROM t WHERE id = ?");
             PreparedStatement scatter = c.prepareStatement("SELECT id, CONNECTION_ID() FROM t WHERE id IN (?, ?)"
                     + " ORDER BY id")) {
            Map<Long, Long> kept = new java.util.TreeMap<>();
            for (long id : new long[] {0, 1}) {
                pointSelect.setLong(1, id);
                kept.putAll(sessions(pointSelect));
            }
            assertEquals(2, kept.size(), "a point select on each server");
            scatter.setLong(1, 0);
            scatter.setLong(2, 1);
            for (int run = 0; run < 50; run++) { // parallel runs first, then inline ones (the policy tries both)
                assertEquals(kept, sessions(scatter), "run " + run + ": the scatter read ran on the kept sessions");
            }
            try (Statement plain = c.createStatement();
                 ResultSet rs = plain.executeQuery("SELECT COUNT(*), SUM(v) FROM t")) {
                assertTrue(rs.next());
                assertEquals(100, rs.getLong(1), "every row counted once");
                assertEquals(2, ds.runtime().pools().activeConnections(), "the kept two, nothing more, while it is open");
            }
            for (long id : new long[] {0, 1}) {
                pointSelect.setLong(1, id);
                assertEquals(Map.of(id, kept.get(id)), sessions(pointSelect), "point selects stay on them too");
            }
            // the kept one per server, and at most the pool's one idle spare (minIdle) beside it
            assertTrue(ds.runtime().pools().openConnections() <= 4, ds.runtime().pools().openConnections() + " open");
        }
    }

    @Test
    void aMultiShardReadWhoseKeptConnectionWasTakenBackGivesTheOthersBackAndTakesItsBudget() throws Exception {
        // one connection per server: between a's scatter reads, b takes a's idle kept connection on the victim
        // server, so a's next read finds a kept connection on the healthy server only; the one it took there must
        // go back before the budget is taken (else a waits for itself and fails with 100513), on parallel and
        // inline runs alike (the policy tries both)
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1&connectTimeout=3000");
             Connection a = ds.getConnection(); Connection b = ds.getConnection();
             PreparedStatement scatter = a.prepareStatement("SELECT id, v FROM t WHERE id IN (?, ?)")) {
            for (int run = 0; run < 60; run++) {
                long even = 2 * (run % 50);
                long odd = even + 1;
                scatter.setLong(1, odd);
                scatter.setLong(2, even);
                Map<Long, Long> rows = new java.util.TreeMap<>();
                try (ResultSet rs = scatter.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                assertEquals(Map.of(even, 0L, odd, 0L), rows, "run " + run);
                if (run % 3 == 0) {
                    assertEquals(0, v(b, odd), "run " + run + ": b takes the victim server's only connection");
                }
                assertTrue(ds.runtime().pools().activeConnections() <= 2, "run " + run + ": "
                        + ds.runtime().pools().activeConnections() + " lent (one per server at most)");
            }
        }
    }

    @Test
    void aMultiShardReadOnANewLogicalConnectionKeepsWhatItBorrows() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("inlineMicros=0"); Connection c = ds.getConnection();
             PreparedStatement scatter = c.prepareStatement("SELECT id, CONNECTION_ID() FROM t WHERE id IN (?, ?)"
                     + " ORDER BY id")) {
            scatter.setLong(1, 2);
            scatter.setLong(2, 3);
            Map<Long, Long> first = sessions(scatter); // always in parallel: lanes on the executor's threads
            assertEquals(List.of(2L, 3L), List.copyOf(first.keySet()));
            for (int run = 0; run < 20; run++) {
                assertEquals(first, sessions(scatter), "run " + run + ": the same sessions again");
            }
            assertEquals(first.get(2L), sessions(c, 2), "a point select on the kept connection too");
        }
    }

    private static long sessions(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, CONNECTION_ID() FROM t WHERE id = ?")) {
            ps.setLong(1, id);
            return sessions(ps).get(id);
        }
    }

    @Test
    void manyThreadsScatteringOverSmallPoolsAllFinishWithTheRightAnswers() throws Exception {
        // two connections per server, sixteen threads each holding a logical connection: kept connections, scatter
        // reads taking them in ascending server order, point selects and one-server transactions must never wait for
        // each other for good (a deadlock would show as 100513 after connectTimeout)
        scatterUnderLoad("maxPoolSize=2&connectTimeout=20000", 16, 40);
    }

    @Test
    void oneHundredTwentyEightThreadsScatteringAtOnceNeverHang() throws Exception {
        scatterUnderLoad("maxPoolSize=2&connectTimeout=30000", 128, 6);
    }

    private static void scatterUnderLoad(String params, int threads, int rounds) throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(params)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        int n = 0;
                        start.await();
                        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                            for (int i = 0; i < rounds; i++) {
                                long unwritten = 50 + (thread * 7 + i) % 50; // on either server; nobody writes it
                                assertEquals(0, v(c, unwritten), "a point select answers");
                                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t WHERE id < 100")) {
                                    assertTrue(rs.next());
                                    assertEquals(100, rs.getLong(1), "thread " + thread + " round " + i);
                                }
                                c.setAutoCommit(false); // a transaction on one server, between the scatter reads
                                s.executeUpdate("UPDATE t SET v = v + 1 WHERE id = " + (thread % 50));
                                c.commit();
                                c.setAutoCommit(true);
                                try (ResultSet rs = s.executeQuery("SELECT id, v FROM t WHERE id IN (0, 1, 2, 3)"
                                        + " ORDER BY id")) {
                                    for (long id = 0; id < 4; id++) {
                                        assertTrue(rs.next());
                                        assertEquals(id, rs.getLong(1));
                                    }
                                    assertTrue(!rs.next(), "four rows");
                                }
                                n++;
                            }
                        }
                        return n;
                    }));
                }
                start.countDown();
                for (Future<Integer> f : done) {
                    assertEquals(rounds, f.get(120, java.util.concurrent.TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, ds.runtime().pools().activeConnections(), "every connection came back");
        }
        Map<Long, Integer> rows = estate.rows();
        for (long id = 0; id < 100; id++) {
            int expected = 0;
            for (int t = 0; t < threads; t++) {
                expected += t % 50 == id ? rounds : 0;
            }
            assertEquals(expected, rows.get(id), "v of row " + id + ": each committed update counted once");
        }
    }

    @Test
    void aStatementThatWaitsLongerThanConnectTimeoutForItsServerFailsWith100513() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1&connectTimeout=400");
             Connection a = ds.getConnection(); Connection b = ds.getConnection();
             Statement holder = a.createStatement()) {
            try (ResultSet open = holder.executeQuery("SELECT id FROM t WHERE id = 0")) { // holds server 1's connection
                assertTrue(open.next());
                SQLException point = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> v(b, 2));
                assertEquals(100513, point.getErrorCode(), point.getMessage());
                assertTrue(point.getMessage().contains("stayed in use for 400 ms"), point.getMessage());
                SQLException scatter = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                    try (Statement s = b.createStatement()) {
                        s.executeQuery("SELECT COUNT(*) FROM t").close();
                    }
                });
                assertEquals(100513, scatter.getErrorCode(), scatter.getMessage());
            }
            assertEquals(0, v(b, 2), "once the result set is closed the server's connection is free again");
        }
    }
}
