package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A server that dies: its statements fail fast with 100500 naming it, the other shards keep working, and a write
 * that reached it as well as a live server leaves nothing behind on the live one.
 */
class ServerFailureTest {
    /**
     * Table t hashed over two servers (t_0 on 3306, t_1 on {@code doomed}), full-table scans on, the metadata in an
     * in-memory H2 store; returns the Shardline URL (1 s connect timeout, so a dead server fails fast).
     */
    private static String estate(String p, MariaDbServer doomed) throws SQLException {
        for (Connection c : new Connection[] {MariaDb.primary(), doomed.connect()}) {
            try (c; Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + p + "d");
                s.execute("CREATE TABLE " + p + "d.t_0 (id BIGINT PRIMARY KEY, v INT)");
                s.execute("CREATE TABLE " + p + "d.t_1 (id BIGINT PRIMARY KEY, v INT)");
            }
        }
        String meta = "jdbc:h2:mem:" + p + "meta;MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", 3306, "root", "")
                    .server(2, 0, "127.0.0.1", doomed.port(), "root", "")
                    .hashTable("", "t", 2, "id")
                    .placement("", "t", 0, 1, p + "d")
                    .placement("", "t", 1, 2, p + "d")
                    .fullTableScan("", "t", true);
        }
        return "jdbc:shardline:h2:mem:" + p + "meta?checkInterval=0&connectTimeout=1000";
    }

    /** Runs {@code sql} until its server is back in use (the probe sees it within a second or two), then its count. */
    static int countWhenBack(Statement s, String sql) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                if (e.getErrorCode() != 100500 || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aDeadServerFailsItsShardsOnly() throws SQLException {
        String p = "sf" + System.nanoTime() % 100000 + "_";
        try (MariaDbServer doomed = MariaDbServer.start("doomed")) {
            String url = estate(p, doomed);
            try (ShardlineDataSource ds = new ShardlineDataSource(url);
                 Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (id) VALUES (1)");
                doomed.kill();
                SQLException lost = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM t WHERE id = 1").close());
                assertEquals(100500, lost.getErrorCode());
                assertTrue(lost.getMessage().contains("server 2"), lost.getMessage());
                assertEquals(1, s.executeUpdate("INSERT INTO t (id) VALUES (2)"), "server 1 still works");
                doomed.restart();
                assertEquals(1, countWhenBack(s, "SELECT COUNT(*) FROM t WHERE id = 1"),
                        "server 2 answers again once the probe (every second) finds it restarted");
                assertEquals(1, ds.runtime().pools().activeConnections(), "only the one the connection keeps");
                c.close();
                assertEquals(0, ds.runtime().pools().activeConnections(), "closing the connection gives it back");
            } finally {
                try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + p + "d");
                }
            }
        }
    }

    @Test
    void aWriteAcrossADeadServerWritesNothingOnTheLiveOne() throws SQLException {
        String p = "sw" + System.nanoTime() % 100000 + "_";
        try (MariaDbServer doomed = MariaDbServer.start("doomed-write")) {
            String url = estate(p, doomed);
            try (ShardlineDataSource ds = new ShardlineDataSource(url);
                 Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals(2, s.executeUpdate("INSERT INTO t (id, v) VALUES (2, 0), (3, 0)"));
                doomed.kill();
                SQLException insert = assertThrows(SQLException.class,
                        () -> s.executeUpdate("INSERT INTO t (id, v) VALUES (4, 1), (5, 1), (6, 1)"));
                assertEquals(100500, insert.getErrorCode());
                assertTrue(insert.getMessage().contains("server 2"), insert.getMessage());
                SQLException update = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE t SET v = 9"));
                assertEquals(100500, update.getErrorCode());
                SQLException read = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM t").close());
                assertEquals(100500, read.getErrorCode());
                assertEquals(0, ds.runtime().pools().activeConnections(), "every connection came back");
                try (Connection live = MariaDb.primary(); Statement ls = live.createStatement();
                     ResultSet rs = ls.executeQuery("SELECT COUNT(*), SUM(v) FROM " + p + "d.t_0")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "rows 4 and 6 ran on the live server and were rolled back");
                    assertEquals(0, rs.getInt(2), "so did the update of row 2");
                }
            } finally {
                try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + p + "d");
                }
            }
        }
    }
}
