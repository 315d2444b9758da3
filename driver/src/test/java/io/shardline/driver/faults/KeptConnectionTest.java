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
        for (var server : new io.shardline.driver.testing.MariaDbServer[] {estate.healthy, estate.victim}) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + TwoServerEstate.DB + ".t_0");
                s.execute("DELETE FROM " + TwoServerEstate.DB + ".t_1");
            }
        }
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
            killClientConnections();
            Thread.sleep(700);
            assertEquals(0, v(c, 0), "the next statement runs on a checked connection");
        }
    }

    /** Kills every connection on the healthy server but the killer's own. */
    private static void killClientConnections() throws SQLException {
        try (Connection root = estate.healthy.connect(); Statement s = root.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE id <> CONNECTION_ID()"
                    + " AND command NOT IN ('Daemon', 'Binlog Dump')")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertTrue(!ids.isEmpty(), "the kept connection is on the server");
            for (long id : ids) {
                try {
                    s.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // it ended on its own meanwhile
                }
            }
        }
    }
}
