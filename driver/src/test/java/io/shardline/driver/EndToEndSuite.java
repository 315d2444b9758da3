package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.ShardedFixture;
import io.shardline.router.plan.Route;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The end-to-end suite: applications' SQL through {@code jdbc:shardline:} onto two real servers, checked against
 * what the servers really hold. Runs once on H2 and once on MariaDB ({@link H2EndToEndTest},
 * {@link MariaDbEndToEndTest}). After every test no physical connection may still be lent out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndSuite {
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;

    abstract ShardedFixture.Engine engine();

    @BeforeAll
    void createEstate() throws SQLException {
        fixture = ShardedFixture.create(engine());
        dataSource = fixture.dataSource();
    }

    @AfterAll
    void dropEstate() throws SQLException {
        ShardedFixture.close(fixture, dataSource);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        fixture.truncateAll();
    }

    @AfterEach
    void noConnectionLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "physical connections still borrowed");
    }

    private static int code(Executable e) {
        return assertThrows(SQLException.class, e).getErrorCode();
    }

    private void insertMsg(Connection c, long id, String content) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO msg (id, content) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, content);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void workedExampleLandsInItsPhysicalTables() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insertMsg(c, 123456, "a");
            insertMsg(c, 200013, "b");
            insertMsg(c, 250000, "c");
            assertEquals(100404, code(() -> insertMsg(c, 600000, "beyond")));
            assertEquals(100422, code(() -> insertMsg(c, -5, "negative")));
        }
        assertEquals(1, fixture.count(1, "ud_0", "msg2"));
        assertEquals(1, fixture.count(1, "ud_1_odd", "msg0"));
        assertEquals(1, fixture.count(2, "ud_1_even", "msg1"));
        int total = 0;
        for (String db : List.of("ud_0", "ud_1_odd")) {
            for (int i = 0; i < 4; i++) {
                total += fixture.count(1, db, "msg" + i);
            }
        }
        for (String db : List.of("ud_1_even", "ud_2")) {
            for (int i = 0; i < 4; i++) {
                total += fixture.count(2, db, "msg" + i);
            }
        }
        assertEquals(3, total, "refused rows wrote nothing anywhere");
    }

    @Test
    void readsBackByLiteralAndParameterAndSaysWhereItWent() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insertMsg(c, 250000, "even");
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM msg WHERE id = ?")) {
                ps.setLong(1, 250000);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("even", rs.getString("content"));
                    assertFalse(rs.next());
                }
                Route r = ps.unwrap(ShardlineStatement.class).lastRoute();
                assertEquals(2, r.serverId());
                assertEquals(fixture.db("ud_1_even"), r.database());
                assertTrue(r.sql().contains("`" + fixture.db("ud_1_even") + "`.`msg1`"), r.sql());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT m.content FROM msg m WHERE m.id = 250000")) {
                assertTrue(rs.next());
                assertEquals("even", rs.getString(1));
            }
        }
    }

    @Test
    void hashAndStringHintsAndBatches() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user (uid, name, balance) VALUES (?, ?, ?)")) {
                for (int uid = 0; uid < 20; uid++) {
                    ps.setInt(1, uid);
                    ps.setString(2, "user" + uid);
                    ps.setBigDecimal(3, new BigDecimal(uid + ".50"));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(20, counts.length);
                for (int n : counts) {
                    assertEquals(1, n, "one row per item, as plain Connector/J counts it");
                }
            }
            try (Statement s = c.createStatement()) {
                s.addBatch("INSERT INTO account (name, note) VALUES ('abc', 'x')");
                s.addBatch("INSERT INTO account (name, note) VALUES ('hello', 'y')");
                assertEquals(2, s.executeBatch().length);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name, balance FROM user WHERE uid = ?")) {
                ps.setInt(1, 17);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("user17", rs.getString(1));
                    assertEquals(new BigDecimal("17.50"), rs.getBigDecimal(2));
                }
            }
        }
        for (int n = 0; n < 10; n++) {
            assertEquals(2, fixture.count(n < 5 ? 1 : 2, n < 5 ? "u_0" : "u_1", "user_" + n), "user_" + n);
        }
        // lookup3("abc") % 4 = 1, lookup3("hello") % 4 = 2
        assertEquals(1, fixture.count(1, "a_0", "account_1"));
        assertEquals(1, fixture.count(2, "a_1", "account_2"));
    }

    @Test
    void batchRoutingErrorWritesNothing() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO msg (id, content) VALUES (?, 'x')")) {
            ps.setLong(1, 1);
            ps.addBatch();
            ps.setLong(1, 999_999_999);
            ps.addBatch();
            assertEquals(100404, code(ps::executeBatch));
        }
        assertEquals(0, fixture.count(1, "ud_0", "msg0"));
    }

    @Test
    void joinsAndSubqueriesOfBindingTablesRunOnTheirShard() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (13, 'u13')");
            s.executeUpdate("INSERT INTO user_info (uid, addr) VALUES (13, 'street 13')");
            try (ResultSet rs = s.executeQuery("SELECT u.name, i.addr FROM user u JOIN user_info i ON u.uid = i.uid WHERE u.uid = 13")) {
                assertTrue(rs.next());
                assertEquals("u13", rs.getString(1));
                assertEquals("street 13", rs.getString(2));
            }
            try (ResultSet rs = s.executeQuery("SELECT name FROM user WHERE uid = 13 AND uid IN (SELECT uid FROM user_info WHERE uid = 13)")) {
                assertTrue(rs.next());
            }
            long fives;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user_info WHERE uid = 5")) {
                assertTrue(rs.next());
                fives = rs.getLong(1);
            }
            // tables on different servers, not joined on their hint columns: gathered to one server and joined there
            try (ResultSet rs = s.executeQuery("SELECT u.name, i.uid FROM user u JOIN user_info i ON i.uid = 5 WHERE u.uid = 13")) {
                for (long n = 0; n < fives; n++) {
                    assertTrue(rs.next());
                    assertEquals("u13", rs.getString(1));
                    assertEquals(5, rs.getLong(2));
                }
                assertFalse(rs.next());
            }
            assertTrue(s.unwrap(ShardlineStatement.class).lastPlan().describe().startsWith("Gather("));
        }
    }

    @Test
    void updatesStayOnTheirShardOrMoveToTheNewOne() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (3, 'three')");
            assertEquals(1, s.executeUpdate("UPDATE user SET uid = 13 WHERE uid = 3"));
            assertEquals(1, s.getUpdateCount());
            assertEquals(1, fixture.count(1, "u_0", "user_3"), "uid 13 stays in user_3");
            assertEquals(1, s.executeUpdate("UPDATE user SET uid = 4 WHERE uid = 13"));
            assertEquals(0, fixture.count(1, "u_0", "user_3"), "the moved row left user_3");
            assertEquals(1, fixture.count(1, "u_0", "user_4"), "and is in user_4");
            try (ResultSet rs = s.executeQuery("SELECT name FROM user WHERE uid = 4")) {
                assertTrue(rs.next());
                assertEquals("three", rs.getString(1));
            }
            assertEquals(1, s.executeUpdate("DELETE FROM user WHERE uid = 4"));
        }
        assertEquals(0, fixture.count(1, "u_0", "user_4"));
    }

    @Test
    void errorsCarryDbproxyCodes() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(100404, code(() -> s.executeQuery("SELECT * FROM nosuch WHERE id = 1")));
            assertEquals(100422, code(() -> s.executeQuery("SELECT * FROM msg WHERE id = -1")));
            assertEquals(100404, code(() -> s.executeQuery("SELECT * FROM msg WHERE id = 600000")));
            SQLException noKey = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM msg"));
            assertEquals(100403, noKey.getErrorCode());
            assertTrue(noKey.getMessage().contains("full-table-scan switch"), noKey.getMessage());
            assertEquals(100403, code(() -> s.executeQuery("SELECT * FROM msg WHERE")));
            assertEquals(100403, code(() -> s.executeQuery("SELECT 1; SELECT 2")));
            ShardlineStatement hinted = s.unwrap(ShardlineStatement.class);
            hinted.setHint("abc");
            assertEquals(100403, code(() -> s.executeQuery("SELECT * FROM msg")));
            hinted.clearHint();

            s.executeUpdate("INSERT INTO user (uid, name) VALUES (1, 'one')");
            SQLException duplicate = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO user (uid, name) VALUES (1, 'again')"));
            assertEquals(100502, duplicate.getErrorCode());
            SQLException cause = assertInstanceOf(SQLException.class, duplicate.getCause());
            assertEquals("23", duplicate.getSQLState().substring(0, 2), "MySQL's SQLSTATE is kept");
            if (engine() == ShardedFixture.Engine.MARIADB) {
                assertEquals(1062, cause.getErrorCode(), "MySQL's errno is kept on the cause");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM user WHERE uid = ? AND name = ?")) {
                ps.setInt(1, 1);
                assertEquals(100422, code(ps::executeQuery), "an unbound parameter");
                assertEquals(100422, code(() -> ps.setString(3, "x")), "an index out of range");
            }
        }
    }

    @Test
    void explicitHintsFromTheApiAndComments() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insertMsg(c, 200013, "odd");
            try (Statement s = c.createStatement()) {
                s.unwrap(ShardlineStatement.class).setHint(200015);
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM msg")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "hint 200015 routes to the same shard as 200013");
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("/*+ shardline(hint=200014) */ SELECT COUNT(*) FROM msg")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the even database holds none");
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void transactionsCommitRollBackAndStayOnOneServer() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            insertMsg(c, 123456, "tx");                        // server 1, ud_0
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO user (uid, name) VALUES (2, 'two')"); // server 1, u_0: same server
            }
            assertEquals(1, c.unwrap(ShardlineConnection.class).transactionServerId());
            assertEquals(0, fixture.count(1, "ud_0", "msg2"), "not visible before commit");
            c.commit();
            assertEquals(1, fixture.count(1, "ud_0", "msg2"));
            assertEquals(1, fixture.count(1, "u_0", "user_2"));

            insertMsg(c, 123457, "rolled back");
            SQLException second = assertThrows(SQLException.class, () -> insertMsg(c, 250000, "other server"));
            assertEquals(100403, second.getErrorCode());
            c.rollback();
            c.setAutoCommit(true);
        }
        assertEquals(1, fixture.count(1, "ud_0", "msg2"), "the rolled-back insert is gone");
        assertEquals(0, fixture.count(2, "ud_1_even", "msg1"), "the refused statement wrote nothing");
    }

    @Test
    void closingAConnectionRollsBackItsTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            insertMsg(c, 123456, "never committed");
        }
        assertEquals(0, fixture.count(1, "ud_0", "msg2"));
    }

    @Test
    void generatedKeysUpdateCountsAndMetadataPassThrough() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (uid, item) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, 7);
                ps.setString(2, "book");
                assertEquals(1, ps.executeUpdate());
                assertEquals(1, ps.getUpdateCount());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertTrue(keys.getLong(1) > 0);
                }
            }
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("INSERT INTO orders (uid, item) VALUES (7, 'pen')", Statement.RETURN_GENERATED_KEYS));
                try (ResultSet keys = s.getGeneratedKeys()) {
                    assertTrue(keys.next());
                }
                assertFalse(s.execute("UPDATE orders SET item = 'ink' WHERE uid = 7"));
                assertEquals(2, s.getUpdateCount());
                try (ResultSet rs = s.executeQuery("SELECT id, uid, item FROM orders WHERE uid = 7 ORDER BY id")) {
                    ResultSetMetaData md = rs.getMetaData();
                    assertEquals(3, md.getColumnCount());
                    assertEquals("item", md.getColumnLabel(3).toLowerCase());
                    assertEquals(java.sql.Types.BIGINT, md.getColumnType(1));
                    assertTrue(rs.next());
                    assertEquals("ink", rs.getString("item"));
                    assertEquals(7L, rs.getObject("uid", Long.class));
                    assertEquals(s, rs.getStatement());
                }
            }
            assertEquals("Shardline", c.getMetaData().getDriverName());
            assertNotNull(c.getMetaData().getDatabaseProductName());
            assertEquals("shardline", c.getCatalog());
        }
        assertEquals(2, fixture.count(2, "u_1", "orders_1"), "uid 7 % 2 = 1");
    }

    @Test
    void describeAndExplainGoToARealShard() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("DESC msg")) {
                while (rs.next()) {
                    columns.add(rs.getString(1).toLowerCase());
                }
            }
            assertEquals(List.of("id", "content", "created"), columns);
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM msg WHERE id = 123456")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void resultSetsKeepTheirConnectionUntilClosed() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (5, 'five')");
            ResultSet rs = s.executeQuery("SELECT name FROM user WHERE uid = 5");
            assertEquals(1, dataSource.runtime().pools().activeConnections());
            try (Statement other = c.createStatement();
                 ResultSet meanwhile = other.executeQuery("SELECT name FROM user WHERE uid = 5")) {
                assertEquals(2, dataSource.runtime().pools().activeConnections(),
                        "an open result set keeps its connection: the next statement takes another");
                assertTrue(meanwhile.next());
                assertTrue(rs.next());
                assertEquals("five", rs.getString(1));
            }
            rs.close();
            assertEquals(1, dataSource.runtime().pools().activeConnections(),
                    "the logical connection keeps one connection for its next statement, no more");
            ResultSet again = s.executeQuery("SELECT name FROM user WHERE uid = 5");
            s.close();
            assertTrue(again.isClosed(), "closing the statement closes its result set");
        }
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "closing the connection gives back all");
    }

    @Test
    void driverManagerFindsTheDriver() throws SQLException {
        try (Connection c = DriverManager.getConnection(fixture.url()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO feed (fid, body) VALUES (400000, 'slot 2')");
            try (ResultSet rs = s.executeQuery("SELECT body FROM feed WHERE fid = 400000")) {
                assertTrue(rs.next());
                assertEquals("slot 2", rs.getString(1));
            }
        } finally {
            ShardlineDriver.closeRuntimes();
        }
        assertEquals(1, fixture.count(2, "ud_2", "feed"));
    }

    @Test
    void badBatchReportsWhatRan() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (1, 'one')");
            s.addBatch("INSERT INTO user (uid, name) VALUES (11, 'eleven')");
            s.addBatch("INSERT INTO user (uid, name) VALUES (1, 'duplicate')");
            BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
            assertEquals(100502, e.getErrorCode());
        }
    }
}
