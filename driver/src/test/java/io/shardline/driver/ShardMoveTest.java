package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.dbproxy.Shardline;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.MariaDbServer;
import io.shardline.router.dbproxy.Answer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the driver follows a shard database moved to another server (issue 12, item 7), with the admin's steps done by
 * hand on real servers: table {@code t} hashed by id over shard A ({@code t_0}, even ids) and shard B ({@code t_1}, odd
 * ids), both on 3306 (server 1); B moves to the JVM's second server (server 2). The move: LOCK TABLES on B's table, the
 * copy, the moving marker, the old table renamed away, the placement switched, UNLOCK. Runtimes never check the store
 * on their own ({@code checkInterval=0}): they learn only from the missing table.
 */
class ShardMoveTest {
    private String a;
    private String b;
    private String meta;
    private MariaDbServer second;
    private final List<ShardlineDataSource> open = new ArrayList<>();

    @BeforeEach
    void estate() throws SQLException {
        second = MariaDb.second();
        String p = "mv" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        a = p + "_a";
        b = p + "_b";
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String[] d : new String[][] {{a, "t_0"}, {b, "t_1"}}) {
                s.execute("CREATE DATABASE " + d[0]);
                s.execute("CREATE TABLE " + d[0] + "." + d[1] + " (id BIGINT PRIMARY KEY, v INT NOT NULL)");
                s.execute("INSERT INTO " + d[0] + "." + d[1] + " SELECT seq, 0 FROM " + d[0] + ".seq_0_to_99 WHERE seq % 2 = "
                        + (d[1].equals("t_0") ? 0 : 1));
            }
        }
        meta = "jdbc:h2:mem:" + p + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE;DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", 3306, "root", "")
                    .server(2, 0, "127.0.0.1", second.port(), "root", "")
                    .hashTable("", "t", 2, "id")
                    .placement("", "t", 0, 1, a)
                    .placement("", "t", 1, 1, b)
                    .fullTableScan("", "t", true);
        }
    }

    @AfterEach
    void drop() throws SQLException {
        open.forEach(ShardlineDataSource::close);
        for (Connection c : List.of(MariaDb.primary(), second.connect())) {
            try (c; Statement s = c.createStatement()) {
                for (String db : List.of(a, b, b + "_old")) {
                    s.execute("DROP DATABASE IF EXISTS " + db);
                }
            }
        }
    }

    private ShardlineDataSource dataSource() {
        ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:h2:" + meta.substring("jdbc:h2:".length(),
                meta.indexOf(';')) + "?checkInterval=0");
        open.add(ds);
        return ds;
    }

    /** The admin's steps, by hand; {@code paused} runs while writes are paused, before anything moves. */
    private final class Move implements AutoCloseable {
        private final Connection lock;
        private final Connection store;

        Move() throws SQLException {
            lock = MariaDb.primary();
            store = DriverManager.getConnection(meta);
            try (Statement s = lock.createStatement()) {
                s.execute("CREATE DATABASE " + b + "_old");
                s.execute("LOCK TABLES " + b + ".t_1 WRITE");
            }
            try (Statement s = lock.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v FROM " + b + ".t_1");
                 Connection to = second.connect(); Statement w = to.createStatement()) {
                w.execute("CREATE DATABASE " + b);
                w.execute("CREATE TABLE " + b + ".t_1 (id BIGINT PRIMARY KEY, v INT NOT NULL)");
                while (rs.next()) {
                    w.execute("INSERT INTO " + b + ".t_1 VALUES (" + rs.getLong(1) + ", " + rs.getInt(2) + ")");
                }
            } catch (SQLException e) {
                close();
                throw e;
            }
        }

        void mark(boolean on) throws SQLException {
            try (PreparedStatement ps = store.prepareStatement(on ? "INSERT INTO variable_setting (name, `value`)"
                    + " VALUES (?, 'to server 2')" : "DELETE FROM variable_setting WHERE name = ?")) {
                ps.setString(1, ConfigSchema.movingMarker(1, b));
                ps.executeUpdate();
            }
            ConfigSchema.touch(store);
        }

        void renameAway() throws SQLException {
            try (Statement s = lock.createStatement()) {
                s.execute("ALTER TABLE " + b + ".t_1 RENAME " + b + "_old.t_1");
            }
        }

        void switchPlacement() throws SQLException {
            try (Statement s = store.createStatement()) {
                s.executeUpdate("UPDATE split_table_info SET server_id = 2 WHERE database_name = '" + b + "'");
                s.executeUpdate("DELETE FROM variable_setting WHERE name = '" + ConfigSchema.movingMarker(1, b) + "'");
            }
            ConfigSchema.touch(store);
        }

        void renameBack() throws SQLException {
            try (Statement s = lock.createStatement()) {
                s.execute("UNLOCK TABLES");
                s.execute("ALTER TABLE " + b + "_old.t_1 RENAME " + b + ".t_1");
            }
            try (Connection to = second.connect(); Statement w = to.createStatement()) {
                w.execute("DROP DATABASE " + b);
            }
        }

        /** The whole move at once. */
        Move complete() throws SQLException {
            mark(true);
            renameAway();
            switchPlacement();
            return this;
        }

        @Override
        public void close() throws SQLException {
            try (Statement s = lock.createStatement()) {
                s.execute("UNLOCK TABLES");
            }
            lock.close();
            store.close();
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long rowsOn(MariaDbServer server, String table, long id) throws SQLException {
        try (Connection c = server == null ? MariaDb.primary() : server.connect()) {
            return count(c, "SELECT COUNT(*) FROM " + table + " WHERE id = " + id);
        }
    }

    @Test
    void statementsWaitingOnThePauseRunOnTheNewServerOnce() throws Exception {
        ShardlineDataSource ds = dataSource();
        try (Connection warm = ds.getConnection()) {
            assertEquals(100, count(warm, "SELECT COUNT(*) FROM t"));
        }
        List<CompletableFuture<Object>> waiting = new ArrayList<>();
        try (Move move = new Move()) {
            for (String sql : List.of("INSERT INTO t (id, v) VALUES (1001, 7)", "UPDATE t SET v = 5 WHERE id = 3",
                    "INSERT INTO t (id, v) VALUES (2000, 8), (2001, 8)", "SELECT v FROM t WHERE id = 5")) {
                waiting.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        if (s.execute(sql)) {
                            try (ResultSet rs = s.getResultSet()) {
                                return rs.next() ? rs.getInt(1) : -1;
                            }
                        }
                        return s.getUpdateCount();
                    } catch (SQLException e) {
                        return e;
                    }
                }));
            }
            Thread.sleep(300);
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "writes and reads wait for the pause");
            move.mark(true);
            move.renameAway();
            Thread.sleep(200); // the statements found their table gone and wait for the switch
            move.switchPlacement();
        }
        List<Object> answers = new ArrayList<>();
        for (CompletableFuture<Object> f : waiting) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 1, 2, 0), answers);
        assertEquals(1, rowsOn(second, b + ".t_1", 1001));
        assertEquals(1, rowsOn(second, b + ".t_1", 2001));
        assertEquals(1, rowsOn(null, a + ".t_0", 2000));
        assertEquals(0, rowsOn(null, b + "_old.t_1", 1001), "nothing reached the old copy");
        try (Connection c = second.connect()) {
            assertEquals(5, count(c, "SELECT v FROM " + b + ".t_1 WHERE id = 3"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void driversWithOldMetadataFollowAtTheirNextBatchAndDbproxyCall() throws Exception {
        ShardlineDataSource ds = dataSource();
        ShardlineDataSource other = dataSource();
        for (ShardlineDataSource d : List.of(ds, other)) {
            try (Connection warm = d.getConnection()) {
                assertEquals(100, count(warm, "SELECT COUNT(*) FROM t"));
            }
        }
        try (Move move = new Move()) {
            move.complete();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 1)")) {
            for (long id = 3001; id <= 3004; id++) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            assertEquals(4, ps.executeBatch().length);
        }
        assertEquals(1, rowsOn(second, b + ".t_1", 3001));
        assertEquals(1, rowsOn(null, a + ".t_0", 3002));
        assertEquals(0, rowsOn(null, b + "_old.t_1", 3001));
        Answer<Long> answer = Shardline.of(other).query(7, "SELECT v FROM t WHERE id = 7");
        assertEquals("0", ((Answer.Rows<Long>) answer).rows().get(0).get(0));
    }

    @Test
    void aTableMissingForGoodFailsAtOnce() throws Exception {
        ShardlineDataSource ds = dataSource();
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + b + ".t_1");
        }
        try (Connection c = ds.getConnection()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> count(c, "SELECT v FROM t WHERE id = 9"));
            assertEquals(100502, e.getErrorCode());
            assertEquals("42S02", e.getSQLState());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "no wait: nothing is moving");
        }
    }

    @Test
    void aTransactionFollowsAtItsFirstStatementAndIsRolledBackAfterIt() throws Exception {
        ShardlineDataSource ds = dataSource();
        try (Connection c = ds.getConnection()) {
            assertEquals(100, count(c, "SELECT COUNT(*) FROM t"));
            c.setAutoCommit(false);
            assertEquals(1, update(c, "INSERT INTO t (id, v) VALUES (4000, 1)")); // shard A pins server 1
            try (Move move = new Move()) {
                move.complete();
            }
            SQLException e = assertThrows(SQLException.class, () -> update(c, "INSERT INTO t (id, v) VALUES (4001, 1)"));
            assertEquals("40001", e.getSQLState(), e.getMessage());
            assertEquals(100502, e.getErrorCode());
            assertTrue(e.getMessage().contains("run it again"), e.getMessage());
            assertEquals(0, rowsOn(null, a + ".t_0", 4000), "the transaction was rolled back");
            // run again, now where the shard is
            assertEquals(1, update(c, "INSERT INTO t (id, v) VALUES (4001, 1)"));
            assertEquals(1, update(c, "UPDATE t SET v = 2 WHERE id = 4001"));
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection c = second.connect()) {
            assertEquals(2, count(c, "SELECT v FROM " + b + ".t_1 WHERE id = 4001"));
        }
    }

    @Test
    void aMoveRolledBackLetsTheWaitingStatementRunWhereItWas() throws Exception {
        ShardlineDataSource ds = dataSource();
        try (Connection warm = ds.getConnection()) {
            assertEquals(100, count(warm, "SELECT COUNT(*) FROM t"));
        }
        CompletableFuture<Object> waiting;
        try (Move move = new Move()) {
            waiting = CompletableFuture.supplyAsync(() -> {
                try (Connection c = ds.getConnection()) {
                    return update(c, "INSERT INTO t (id, v) VALUES (5001, 1)");
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(300);
            move.mark(true);
            move.renameAway();
            Thread.sleep(200);
            move.renameBack();
            move.mark(false);
        }
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(1, rowsOn(null, b + ".t_1", 5001));
    }

    @Test
    void aShardStillMovingAfterTheBoundFailsClearly() throws Exception {
        ShardlineDataSource ds = dataSource();
        try (Connection warm = ds.getConnection()) {
            assertEquals(100, count(warm, "SELECT COUNT(*) FROM t"));
        }
        try (Move move = new Move(); Connection c = ds.getConnection()) {
            move.mark(true);
            move.renameAway();
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> update(c, "INSERT INTO t (id, v) VALUES (6001, 1)"));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(100500, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("is being moved"), e.getMessage());
            assertTrue(waited >= ShardMoves.WAIT_MILLIS - 100 && waited < 4 * ShardMoves.WAIT_MILLIS, waited + " ms");
            move.renameBack();
            move.mark(false);
        }
        assertFalse(rowsOn(null, b + ".t_1", 6001) > 0, "the statement did not run");
    }
}
