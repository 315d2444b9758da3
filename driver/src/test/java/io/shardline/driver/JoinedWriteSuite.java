package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * UPDATE and DELETE that read other shards' rows (a join with another sharded table, a correlated subquery): the
 * rows they write, row by row; the refusals (a row given two different values, a target without a primary key); the
 * atomicity of the write (a row failing on the second server leaves the first server's rows unchanged); a write inside
 * a transaction reading the transaction's own rows; and the generated keys of an INSERT ... SELECT.
 * Estate: user hash 10 by uid (uid % 10 < 5 on server 1), orders hash 2 by uid (even on server 1, odd on server 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JoinedWriteSuite {
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;

    abstract ShardedFixture.Engine engine();

    @BeforeAll
    void start() throws SQLException {
        fixture = ShardedFixture.create(engine());
        dataSource = fixture.dataSource();
    }

    @AfterAll
    void stop() throws SQLException {
        ShardedFixture.close(fixture, dataSource);
    }

    @BeforeEach
    void seed() throws SQLException {
        seedUsersAndOrders(fixture, dataSource);
    }

    /** Users 1..8 named name1..name8 with balance 10 * uid; order i of user i (item 'item' + i), order 9 of user 1. */
    static void seedUsersAndOrders(ShardedFixture fixture, ShardlineDataSource dataSource) throws SQLException {
        fixture.truncateAll();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (int uid = 1; uid <= 8; uid++) {
                s.executeUpdate("INSERT INTO user (uid, name, balance) VALUES (" + uid + ", 'name" + uid + "', "
                        + 10 * uid + ")");
                s.executeUpdate("INSERT INTO orders (id, uid, item) VALUES (" + uid + ", " + uid + ", 'item" + uid
                        + "')");
            }
            s.executeUpdate("INSERT INTO orders (id, uid, item) VALUES (9, 1, 'second')");
        }
    }

    @AfterEach
    void nothingLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "a physical connection is still borrowed");
    }

    @Test
    void aJoinedUpdateWritesEveryMatchedRowByKey() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(6, s.executeUpdate(
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = u.name WHERE u.balance >= 30"
                            + " AND u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
        }
        Map<Long, String> expected = seededItems();
        for (long id = 3; id <= 8; id++) {
            expected.put(id, "name" + id);
        }
        assertEquals(expected, items());
    }

    @Test
    void explainShardlineShowsBothStepsAndRunsNothing() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE UPDATE orders o JOIN user u ON u.uid = o.uid"
                     + " SET o.item = u.name WHERE u.uid IN (1, 2)")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            String text = plan.toString();
            assertTrue(text.startsWith("WriteByKey("), text);
            assertTrue(text.contains("1. evaluate: SELECT o.uid, o.id, u.name FROM orders o JOIN user u"), text);
            assertTrue(text.contains("2. write each row of orders by its key"), text);
            assertTrue(text.contains("UPDATE orders SET item = ? WHERE uid = ? AND id = ?"), text);
        }
        assertEquals(seededItems(), items(), "EXPLAIN wrote nothing");
    }

    @Test
    void aCorrelatedDeleteRemovesExactlyTheRowsWithoutAMatch() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (20, 'no orders'), (21, 'no orders')");
            assertEquals(2, s.executeUpdate("DELETE FROM user WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8, 20, 21)"
                    + " AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.uid = user.uid)"));
        }
        assertEquals(seededNames(), pairs("SELECT uid, name FROM user WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8, 20, 21)"
                + " ORDER BY uid"));
    }

    @Test
    void aDeleteFromTwoTablesRemovesTheMatchedRowsOfBoth() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // users 1 and 2 (server 1), their orders 1, 9 (server 2) and 2 (server 1): one atomic batch
            assertEquals(5, s.executeUpdate("DELETE o, u FROM user u JOIN orders o ON o.uid = u.uid"
                    + " WHERE u.uid IN (1, 2)"));
        }
        Map<Long, String> items = seededItems();
        items.keySet().removeAll(List.of(1L, 2L, 9L));
        assertEquals(items, items());
        Map<Long, String> names = seededNames();
        names.keySet().removeAll(List.of(1L, 2L));
        assertEquals(names, names());
    }

    @Test
    void aRowMatchedTwiceWithDifferentNewValuesIsRefusedAndNothingChanges() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // user 1 joins orders 1 ('item1') and 9 ('second'): MySQL would keep either
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE user u JOIN orders o ON o.uid = u.uid SET u.name = o.item"
                            + " WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("different values"), e.getMessage());
            assertEquals(seededNames(), names());
            // the same new value from every match is one write per row, counted once
            assertEquals(8, s.executeUpdate("UPDATE user u JOIN orders o ON o.uid = u.uid SET u.name = 'buyer'"
                    + " WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
        }
        Map<Long, String> buyers = new LinkedHashMap<>();
        for (long uid = 1; uid <= 8; uid++) {
            buyers.put(uid, "buyer");
        }
        assertEquals(buyers, names());
    }

    @Test
    void anUpdateOfTwoTablesWritesEachTablesRowsByKeyInOneBatch() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // orders 1, 9 (user 1), 2, 3 and users 1, 2, 3 on both servers; balance unqualified: only user has it
            assertEquals(7, s.executeUpdate("UPDATE orders o JOIN user u ON u.uid = o.uid"
                    + " SET o.item = CONCAT('by ', u.name), balance = u.balance + 1 WHERE u.uid IN (1, 2, 3)"));
        }
        Map<Long, String> items = seededItems();
        for (long id : List.of(1L, 2L, 3L)) {
            items.put(id, "by name" + id);
        }
        items.put(9L, "by name1");
        assertEquals(items, items());
        Map<Long, String> balances = new LinkedHashMap<>();
        for (long uid = 1; uid <= 8; uid++) {
            balances.put(uid, (10 * uid + (uid <= 3 ? 1 : 0)) + ".00");
        }
        assertEquals(balances, pairs("SELECT uid, balance FROM user WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8) ORDER BY uid"));
    }

    @Test
    void anUpdateOfTwoTablesFailingInOneLeavesBothUnchanged() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // order 5 (server 2) is too long for item VARCHAR(64); user 4's name is written first on server 1
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE orders o JOIN user u"
                    + " ON u.uid = o.uid SET u.name = 'changed', o.item = CASE WHEN o.uid = 5 THEN REPEAT('x', 80)"
                    + " ELSE 'fine' END WHERE u.uid IN (4, 5)"));
            assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        }
        assertEquals(seededItems(), items());
        assertEquals(seededNames(), names());
    }

    @Test
    void anUpdateOfTwoTablesWhoseValueReadsAnAssignedColumnIsRefused() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = 'a', u.name = o.item WHERE u.uid = 1",
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = u.name, u.name = 'b' WHERE u.uid = 1",
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET uid = 1 WHERE u.uid = 1")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
                assertEquals(100403, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains(sql.contains("uid = 1 WHERE") ? "ambiguous" : "no order"),
                        e.getMessage());
            }
        }
        assertEquals(seededItems(), items());
        assertEquals(seededNames(), names());
    }

    /** A correlated UPDATE of audit, a single table, that any key of it would let Shardline write by key. */
    private static final String UPDATE_AUDIT = "UPDATE audit SET note = (SELECT u.name FROM user u WHERE u.uid = audit.id"
            + " AND u.uid IN (1, 2)) WHERE id IN (1, 2)";

    @Test
    void aTargetWithoutAPrimaryKeyIsWrittenInPlace() throws SQLException {
        String audit = fixture.db("single") + ".audit";
        try (Connection p = fixture.physical(2); Statement ps = p.createStatement()) {
            ps.executeUpdate("INSERT INTO " + audit + " (id, note) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            ps.execute("ALTER TABLE " + audit + " DROP PRIMARY KEY");
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                // no key names its rows: the statement runs as written on audit's server over a copy of user
                assertEquals(2, s.executeUpdate(UPDATE_AUDIT));
                assertEquals(List.of("1 name1", "2 name2", "3 c"), auditRows(ps, audit));
            } finally {
                ps.execute("DELETE FROM " + audit);
                ps.execute("ALTER TABLE " + audit + " ADD PRIMARY KEY (id)");
            }
        }
    }

    @Test
    void aTargetWithoutAPrimaryKeyIsWrittenByItsUniqueKeyOfNotNullColumns() throws SQLException {
        String audit = fixture.db("single") + ".audit";
        boolean h2 = engine() == ShardedFixture.Engine.H2;
        String update = UPDATE_AUDIT;
        try (Connection p = fixture.physical(2); Statement ps = p.createStatement()) {
            ps.executeUpdate("INSERT INTO " + audit + " (id, note) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            ps.execute("ALTER TABLE " + audit + " DROP PRIMARY KEY");
            try {
                // a UNIQUE key whose column may be NULL does not name a row: not written by key but in place
                ps.execute("ALTER TABLE " + audit + " ADD CONSTRAINT audit_note UNIQUE (note)");
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    String plan = s.unwrap(ShardlineStatement.class).explain(update);
                    assertTrue(plan.startsWith("InPlaceWrite"), plan);
                }
                // id is NOT NULL: its UNIQUE key names each row, as InnoDB takes it for the primary key
                ps.execute("ALTER TABLE " + audit + " ADD CONSTRAINT audit_id UNIQUE (id)");
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    assertEquals(2, s.executeUpdate(update));
                    assertEquals(1, s.executeUpdate("DELETE a FROM audit a JOIN user u ON u.uid = a.id + 1"
                            + " WHERE u.uid = 4"));
                }
                assertEquals(List.of("1 name1", "2 name2"), auditRows(ps, audit));
            } finally {
                for (String key : List.of("audit_note", "audit_id")) {
                    try {
                        ps.execute("ALTER TABLE " + audit + (h2 ? " DROP CONSTRAINT " : " DROP INDEX ") + key);
                    } catch (SQLException absent) {
                        // the test failed before adding it
                    }
                }
                ps.execute("ALTER TABLE " + audit + " ADD PRIMARY KEY (id)");
            }
        }
    }

    private static List<String> auditRows(Statement ps, String audit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery("SELECT id, note FROM " + audit + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void updateIgnoreEvaluatedFirstSkipsAndTruncatesAsMySqlOnEveryServerInOneBatch() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "H2 has no UPDATE IGNORE");
        String longName = "n".repeat(40); // twice, plus a dash: 81 characters for item VARCHAR(64)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE user SET name = '" + longName + "' WHERE uid = 4");
            s.executeUpdate("UPDATE user SET name = '" + longName + "' WHERE uid = 5");
            // the statement without IGNORE fails as a whole (see the test below); with it, each server's row of 81
            // characters is cut to 64, as MySQL's IGNORE does, and the other rows are written
            assertEquals(9, s.executeUpdate("UPDATE IGNORE orders o JOIN user u ON u.uid = o.uid"
                    + " SET o.item = CONCAT(u.name, '-', u.name) WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            // order 9 of user 1 takes id 1's place: a duplicate key, skipped by IGNORE; order 8 moves to 10
            assertEquals(2, s.executeUpdate("UPDATE IGNORE orders o JOIN user u ON u.uid = o.uid"
                    + " SET o.id = IF(o.id = 9, 1, o.id + 2) WHERE u.uid IN (1, 8) AND o.id IN (8, 9)"));
        }
        Map<Long, String> expected = new LinkedHashMap<>();
        for (long id = 1; id <= 9; id++) {
            long uid = id == 9 ? 1 : id;
            String name = uid == 4 || uid == 5 ? "n".repeat(40) : "name" + uid;
            expected.put(id == 8 ? 10 : id, (name + "-" + name).substring(0, Math.min(64, 2 * name.length() + 1)));
        }
        assertEquals(expected, items());
    }

    @Test
    void aRowFailingOnTheSecondServerLeavesEveryRowUnchanged() throws SQLException {
        String longName = "n".repeat(40); // twice, plus a dash: 81 characters for item VARCHAR(64)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE user SET name = '" + longName + "' WHERE uid = 5");
            // orders of even users (server 1) are written first and succeed; order 5 (server 2) fails
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = CONCAT(u.name, '-', u.name)"
                    + " WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
            assertTrue(c.getAutoCommit());
        }
        assertEquals(seededItems(), items(), "no order changed, on either server");
    }

    @Test
    void insideATransactionTheWriteReadsTheTransactionsOwnRows() throws Exception {
        if (engine() == ShardedFixture.Engine.H2) {
            // H2 cannot gather inside a transaction: refused, nothing written
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(
                        "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = u.name"
                                + " WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
                assertEquals(100403, e.getErrorCode(), e.getMessage());
                c.rollback();
            }
            assertEquals(seededItems(), items());
            return;
        }
        try (ShardlineDataSource xa = new ShardlineDataSource(fixture.url() + "&transactions=xa");
             Connection c = xa.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE user SET name = 'fresh' WHERE uid IN (3, 6)"); // not committed
            assertEquals(2, s.executeUpdate(
                    "UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = u.name WHERE u.name = 'fresh'"
                    + " AND u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            try (ResultSet rs = s.executeQuery("SELECT id, item FROM orders WHERE uid IN (3, 6) ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("fresh", rs.getString(2));
                assertTrue(rs.next());
                assertEquals("fresh", rs.getString(2));
            }
            c.rollback();
            c.setAutoCommit(true);
            io.shardline.driver.testing.Borrowed.assertNone(xa.runtime(), "a physical connection is still borrowed");
        }
        assertEquals(seededItems(), items(), "the rollback undid the write");
        assertEquals(seededNames(), names());
    }

    /** A local transaction stays on one server: users 5 and 7 and their orders all live on server 2. */
    @Test
    void insideALocalTransactionOnOneServerTheWriteReadsItsOwnRows() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "H2 cannot gather inside a transaction");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE user SET name = 'fresh' WHERE uid = 7"); // not committed
            assertEquals(2, s.executeUpdate("UPDATE orders o JOIN user u ON u.uid = o.uid SET o.item = u.name"
                    + " WHERE u.uid IN (5, 7) AND o.uid IN (5, 7)"));
            try (ResultSet rs = s.executeQuery("SELECT id, item FROM orders WHERE uid IN (5, 7) ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("name5", rs.getString(2));
                assertTrue(rs.next());
                assertEquals("fresh", rs.getString(2), "the transaction's own uncommitted name");
            }
            c.rollback();
            c.setAutoCommit(true);
        }
        assertEquals(seededItems(), items(), "the rollback undid the write");
        assertEquals(seededNames(), names());
    }

    /** The merge picks the rows by the ORDER BY across both servers; each is then deleted by its key. */
    @Test
    void aDeleteWithOrderByAndLimitOverSeveralShardsRemovesTheFirstRowsOfTheWholeTable() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM orders WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8)"
                     + " AND item <> ? ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, "item8");
            ps.setInt(2, 3);
            assertEquals(3, ps.executeUpdate());
        }
        Map<Long, String> expected = seededItems();
        expected.keySet().removeAll(List.of(9L, 7L, 6L)); // 8 is kept by the WHERE
        assertEquals(expected, items());
    }

    @Test
    void anUpdateWithOrderByAndLimitAppliesItsSetAsWrittenToTheChosenRows() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // item DESC: 'second' (9, user 1, server 2), 'item8' (server 1); the server applies the SET as written
            assertEquals(2, s.executeUpdate("UPDATE orders SET item = CONCAT(item, '!')"
                    + " WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8) ORDER BY item DESC, id LIMIT 2"));
            String plan = s.unwrap(ShardlineStatement.class).lastPlan().describe();
            assertTrue(plan.contains("SET item = CONCAT(item, '!') WHERE (uid IN (1, 2, 3, 4, 5, 6, 7, 8)) AND uid = ?"
                    + " AND id = ?"), plan);
        }
        Map<Long, String> expected = seededItems();
        expected.put(9L, "second!");
        expected.put(8L, "item8!");
        assertEquals(expected, items());
    }

    @Test
    void explainShardlineShowsTheOrderedSelectAndTheWriteByKey() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE DELETE FROM orders WHERE item LIKE 'item%'"
                     + " ORDER BY id LIMIT 2")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            String text = plan.toString();
            assertTrue(text.startsWith("WriteByKey(because: DELETE with ORDER BY or LIMIT reaches several shards"), text);
            assertTrue(text.contains("1. evaluate: SELECT orders.uid, orders.id FROM orders WHERE item LIKE 'item%'"
                    + " ORDER BY id LIMIT 2"), text);
            assertTrue(text.contains("DELETE FROM orders WHERE (item LIKE 'item%') AND uid = ? AND id = ?"), text);
        }
        assertEquals(seededItems(), items(), "EXPLAIN wrote nothing");
    }

    @Test
    void anOrderedUpdateFailingOnTheSecondServerLeavesEveryRowUnchanged() throws SQLException {
        String longItem = "n".repeat(40); // twice, plus a dash: 81 characters for item VARCHAR(64)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE orders SET item = '" + longItem + "' WHERE uid = 5");
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE orders"
                    + " SET item = CONCAT(item, '-', item) WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8) ORDER BY id LIMIT 6"));
            assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
            s.executeUpdate("UPDATE orders SET item = 'item5' WHERE uid = 5");
        }
        assertEquals(seededItems(), items(), "no order changed, on either server");
    }

    @Test
    void aWriteOfMoreThanMaxWriteValuesIsRefusedBeforeWritingAnything() throws SQLException {
        bulkOrders();
        try (ShardlineDataSource small = new ShardlineDataSource(fixture.url() + "&maxWriteValues=50000");
             Connection c = small.getConnection(); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE o FROM orders o"
                    + " JOIN user u ON u.uid = o.uid WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("maxWriteValues"), e.getMessage());
            e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO orders (id, uid, item)"
                    + " SELECT id + 100000, uid, item FROM orders"));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("maxWriteValues"), e.getMessage());
            assertEquals(30_009, count(s, "SELECT COUNT(*) FROM orders"), "nothing was written");
        }
        // within the default limit, the same DELETE removes every matched row (30,009 rows of 2 key values)
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(30_009, s.executeUpdate("DELETE o FROM orders o JOIN user u ON u.uid = o.uid"
                    + " WHERE u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)"));
            assertEquals(0, count(s, "SELECT COUNT(*) FROM orders"));
        }
    }

    /** 30,000 more orders (ids 100..30099, users 1..8), 30,009 in all. */
    private void bulkOrders() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (id, uid, item) VALUES (?, ?, 'bulk')")) {
            for (int id = 100; id < 30_100; id++) {
                ps.setInt(1, id);
                ps.setInt(2, 1 + id % 8);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void insertSelectOfMoreThanOneStatementsValuesWritesEveryRowAtomically() throws SQLException {
        bulkOrders();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // the last row of the SELECT is too long for item VARCHAR(64): the second statement fails, so the first,
            // already run on both servers, is rolled back too
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO orders (id, uid, item)"
                    + " SELECT id + 100000, uid, CASE WHEN id = 30099 THEN REPEAT('x', 80) ELSE item END FROM orders"
                    + " ORDER BY id"));
            assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
            assertEquals(30_009, count(s, "SELECT COUNT(*) FROM orders"), "nothing was inserted");
            assertEquals(30_009, s.executeUpdate("INSERT INTO orders (id, uid, item) SELECT id + 100000, uid, item"
                    + " FROM orders ORDER BY id"));
            assertEquals(60_018, count(s, "SELECT COUNT(*) FROM orders"));
            assertEquals(30_009, count(s, "SELECT COUNT(*) FROM orders o WHERE id > 100000"
                    + " AND item = (SELECT item FROM orders p WHERE p.uid = o.uid AND p.id = o.id - 100000)"));
        }
    }

    /** 1,200 rows: three statements of at most 500 rows; the global sequence's ids come back in the SELECT's order. */
    @Test
    void insertSelectOverSeveralStatementsReturnsEveryGeneratedKeyInRowOrder() throws SQLException {
        bulkOrders();
        List<Long> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(1200, s.executeUpdate("INSERT INTO orders (uid, item) SELECT uid, CONCAT('k', id) FROM orders"
                    + " WHERE id >= 100 AND id < 1300 ORDER BY id DESC", Statement.RETURN_GENERATED_KEYS));
            try (ResultSet rs = s.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            assertEquals(1200, keys.size());
            Map<Long, String> byKey = pairs("SELECT id, item FROM orders WHERE item LIKE 'k%'");
            for (int i = 0; i < keys.size(); i++) {
                assertEquals("k" + (1299 - i), byKey.get(keys.get(i)), "key " + i);
            }
        }
    }

    @Test
    void insertSelectOnDuplicateKeyUpdateOverSeveralStatementsCountsAsOneStatement() throws SQLException {
        bulkOrders();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // every row exists: each is updated (2 per row, as MySQL counts a changed duplicate)
            long count = s.executeUpdate("INSERT INTO orders (id, uid, item) SELECT id, uid, 'again' FROM orders"
                    + " ON DUPLICATE KEY UPDATE item = CONCAT(VALUES(item), '!')");
            assertEquals(60_018, count);
            assertEquals(30_009, count(s, "SELECT COUNT(*) FROM orders WHERE item = 'again!'"));
        }
    }

    @Test
    void insertSelectOnDuplicateKeyUpdateReadingTheSelectsColumnsIsRefused() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String odku : List.of("item = u.name", "item = name", "item = CONCAT(item, name)", "item = user.name")) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO orders"
                        + " (id, uid, item) SELECT u.uid, u.uid, 'x' FROM user u WHERE u.uid IN (1, 2, 3)"
                        + " ON DUPLICATE KEY UPDATE " + odku), odku);
                assertEquals(100403, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains("VALUES(column)"), e.getMessage());
            }
            // the target's own columns and VALUES(): orders 1, 2 and 3 exist, so they are updated
            assertEquals(6, s.executeUpdate("INSERT INTO orders"
                    + " (id, uid, item) SELECT u.uid, u.uid, u.name FROM user u WHERE u.uid IN (1, 2, 3)"
                    + " ON DUPLICATE KEY UPDATE item = CONCAT(item, '+', VALUES(item))"));
        }
        Map<Long, String> expected = seededItems();
        for (long id = 1; id <= 3; id++) {
            expected.put(id, "item" + id + "+name" + id);
        }
        assertEquals(expected, items());
    }

    @Test
    void insertSelectReturnsTheGeneratedKeysInRowOrder() throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (uid, item) SELECT uid, name FROM user"
                     + " WHERE uid IN (?, 4, 5, 6, 7, 8) ORDER BY uid DESC", Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, 3);
            assertEquals(6, ps.executeUpdate());
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            assertEquals(6, keys.size(), "one key per inserted row: " + keys);
            // key i is the row of the SELECT's row i: users 8, 7, .. 3
            try (PreparedStatement q = c.prepareStatement("SELECT uid, item FROM orders WHERE id = ?")) {
                for (int i = 0; i < keys.size(); i++) {
                    q.setLong(1, keys.get(i));
                    try (ResultSet rs = q.executeQuery()) {
                        assertTrue(rs.next(), "no row for key " + keys.get(i));
                        assertEquals(8 - i, rs.getLong(1));
                        assertEquals("name" + (8 - i), rs.getString(2));
                    }
                }
            }
        }
    }

    @Test
    void insertSelectMovesFlagsAndYearsAsTheirValuesNotAsJavaObjects() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "TINYINT(1) and YEAR are MySQL's types");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE orders ADD COLUMN flag TINYINT(1) NULL, ADD COLUMN yr YEAR NULL,"
                    + " ADD COLUMN bits BIT(8) NULL");
            try {
                s.executeUpdate("UPDATE orders SET flag = 2, yr = 2024, bits = b'101' WHERE uid = 1 AND id = 1");
                // a join on a column other than the key: both tables are gathered on one server, values as text
                try (ResultSet rs = s.executeQuery("SELECT o.flag + 0, o.yr + 0, o.bits + 0 FROM orders o JOIN user u"
                        + " ON u.name = CONCAT('name', o.id) WHERE o.flag IS NOT NULL AND u.uid IN (1, 2) AND o.uid = 1")) {
                    assertTrue(rs.next(), "the joined row");
                    assertEquals(2, rs.getInt(1), "a TINYINT(1) of 2 read as a boolean would come back 1");
                    assertEquals(2024, rs.getInt(2), "a YEAR read as a date would not be 2024");
                    assertEquals(5, rs.getInt(3), "BIT(8) b'101'");
                }
                // uid + 1 is known only after the SELECT: the rows are evaluated first, then inserted
                assertEquals(1, s.executeUpdate("INSERT INTO orders (id, uid, item, flag, yr, bits)"
                        + " SELECT id + 100, uid + 1, item, flag, yr, bits FROM orders WHERE uid = 1 AND id = 1"));
                try (ResultSet rs = s.executeQuery("SELECT flag + 0, yr + 0, bits + 0 FROM orders WHERE uid = 2 AND id = 101")) {
                    assertTrue(rs.next(), "the inserted row");
                    assertEquals(2, rs.getInt(1), "a TINYINT(1) of 2 read as a boolean would come back 1");
                    assertEquals(2024, rs.getInt(2), "a YEAR read as a date would not be 2024");
                    assertEquals(5, rs.getInt(3), "BIT(8) b'101'");
                }
            } finally {
                s.execute("ALTER TABLE orders DROP COLUMN flag, DROP COLUMN yr, DROP COLUMN bits");
            }
        }
    }

    @Test
    void timesMoveWithTheirSignAndHoursPastADay() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "TIME as a duration is MySQL's");
        List<String> expected = List.of("1 -838:59:59.99", "2 -00:00:01.00", "3 25:00:00.50", "4 00:00:00.00");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE orders ADD COLUMN dur TIME(2) NULL");
            try {
                s.executeUpdate("UPDATE orders SET dur = CASE uid WHEN 1 THEN '-838:59:59.99' WHEN 2 THEN '-00:00:01'"
                        + " WHEN 3 THEN '25:00:00.5' ELSE '00:00:00' END WHERE uid IN (1, 2, 3, 4) AND id = uid");
                // gathered: the shards' rows are read through a server-side cursor (the binary protocol)
                assertEquals(expected, timeRows(s, "SELECT o.uid, CAST(o.dur AS CHAR) FROM orders o JOIN user u"
                        + " ON u.name = CONCAT('name', o.uid) WHERE u.uid IN (1, 2, 3, 4) AND o.uid IN (1, 2, 3, 4)"
                        + " AND o.dur IS NOT NULL ORDER BY o.uid"));
                assertEquals(4, s.executeUpdate("INSERT INTO orders (id, uid, item, dur) SELECT id + 100, uid + 1,"
                        + " item, dur FROM orders WHERE uid IN (1, 2, 3, 4) AND dur IS NOT NULL"));
                assertEquals(expected, timeRows(s, "SELECT uid - 1, CAST(dur AS CHAR) FROM orders"
                        + " WHERE uid IN (2, 3, 4, 5) AND id > 100 ORDER BY uid"));
                // the subquery's rows run first and come back as literals
                assertEquals(2, s.executeUpdate("UPDATE orders SET item = 'negative' WHERE uid IN (1, 2, 3, 4)"
                        + " AND id < 100 AND dur IN (SELECT dur FROM orders WHERE uid IN (2, 3, 4, 5) AND id > 100"
                        + " AND dur < '00:00:00')"));
            } finally {
                s.execute("ALTER TABLE orders DROP COLUMN dur");
            }
        }
    }

    private static List<String> timeRows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    private static Map<Long, String> seededItems() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (long id = 1; id <= 8; id++) {
            m.put(id, "item" + id);
        }
        m.put(9L, "second");
        return m;
    }

    /** The names {@link #seedUsersAndOrders} gives users 1..8. */
    static Map<Long, String> seededNames() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (long uid = 1; uid <= 8; uid++) {
            m.put(uid, "name" + uid);
        }
        return m;
    }

    private Map<Long, String> items() throws SQLException {
        return pairs("SELECT id, item FROM orders ORDER BY id");
    }

    private Map<Long, String> names() throws SQLException {
        return pairs("SELECT uid, name FROM user WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8) ORDER BY uid");
    }

    private Map<Long, String> pairs(String sql) throws SQLException {
        Map<Long, String> m = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getLong(1), rs.getString(2));
            }
        }
        return m;
    }
}
