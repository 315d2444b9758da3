package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * UPDATEs of the hint column that move rows to another shard: within a server and across two, by a literal, a
 * {@code ?}, an expression, a joined value; with ORDER BY/LIMIT; rows staying and moving in one statement; a duplicate
 * key on the new shard (nothing written anywhere); a row key that changes with the hint column; every column type
 * moved exactly. After each, every physical table is read straight from its server: each row on the shard its hint
 * value routes to, with its values, and no copy left behind.
 * Estate: orders hash 2 by uid (even on server 1, odd on server 2), PRIMARY KEY id; user hash 10 by uid (0-4 on server
 * 1, 5-9 on server 2), PRIMARY KEY uid (the hint column itself).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RowMoveSuite {
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;

    abstract ShardedFixture.Engine engine();

    @BeforeAll
    void start() throws SQLException {
        fixture = ShardedFixture.create(engine());
        dataSource = fixture.dataSource();
        for (int server = 1; server <= 2; server++) {
            try (Connection c = fixture.physical(server); Statement s = c.createStatement()) {
                String db = fixture.db(server == 1 ? "u_0" : "u_1");
                for (int n = server == 1 ? 0 : 5; n < (server == 1 ? 5 : 10); n++) {
                    String t = db + ".user_info_" + n;
                    s.execute("ALTER TABLE " + t + " ADD COLUMN t TIME(3)");
                    s.execute("ALTER TABLE " + t + " ADD COLUMN d DECIMAL(20,6)");
                    s.execute("ALTER TABLE " + t + " ADD COLUMN dt DATETIME(6)");
                    s.execute("ALTER TABLE " + t + " ADD COLUMN b BLOB");
                    s.execute("ALTER TABLE " + t + " ADD COLUMN changed TIMESTAMP(6) NULL DEFAULT NULL"
                            + " ON UPDATE CURRENT_TIMESTAMP(6)");
                    s.execute("ALTER TABLE " + t + " ADD COLUMN twice BIGINT GENERATED ALWAYS AS (uid * 2)");
                }
            }
        }
    }

    @AfterAll
    void stop() throws SQLException {
        ShardedFixture.close(fixture, dataSource);
    }

    /** Users 1..8 named name1..name8; order i of user i (item 'item' + i), order 9 of user 1. */
    @BeforeEach
    void seed() throws SQLException {
        JoinedWriteSuite.seedUsersAndOrders(fixture, dataSource);
    }

    @AfterEach
    void nothingLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "a physical connection is still borrowed");
    }

    @Test
    void aLiteralMovesARowToTheOtherServer() throws SQLException {
        assertEquals(1, update("UPDATE orders SET uid = 3 WHERE uid = 2"));
        Map<Long, String> expected = seededOrders();
        expected.put(2L, "3 item2");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void aParameterMovesTheRowsItNames() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE orders SET uid = ?, item = ? WHERE id IN (?, ?)")) {
            ps.setLong(1, 6);
            ps.setString(2, "moved");
            ps.setLong(3, 1);
            ps.setLong(4, 2);
            assertEquals(2, ps.executeUpdate());
        }
        Map<Long, String> expected = seededOrders();
        expected.put(1L, "6 moved");
        expected.put(2L, "6 moved");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void anExpressionMovesEachRowWhereItsNewValueRoutes() throws SQLException {
        // orders 1, 9 (uid 1), 2, 3, 4 each get uid + 1: every one changes server
        assertEquals(5, update("UPDATE orders SET uid = uid + 1 WHERE uid IN (1, 2, 3, 4)"));
        Map<Long, String> expected = seededOrders();
        expected.put(1L, "2 item1");
        expected.put(9L, "2 second");
        expected.put(2L, "3 item2");
        expected.put(3L, "4 item3");
        expected.put(4L, "5 item4");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void aLaterValueReadsTheNewHintValue() throws SQLException {
        // MySQL applies a single-table SET left to right: item reads the uid just assigned (H2 reads the old one,
        // as the SQL standard says: the server's own SET is what runs)
        assertEquals(1, update("UPDATE orders SET uid = uid + 1, item = CONCAT('now ', uid) WHERE id = 2"));
        Map<Long, String> expected = seededOrders();
        expected.put(2L, engine() == ShardedFixture.Engine.H2 ? "3 now 2" : "3 now 3");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void orderByAndLimitChooseWhichRowsMove() throws SQLException {
        // the two highest ids: 9 (uid 1, server 2) moves to server 1, 8 (uid 8) is found and stays
        assertEquals(2, update("UPDATE orders SET uid = 8 ORDER BY id DESC LIMIT 2"));
        Map<Long, String> expected = seededOrders();
        expected.put(9L, "8 second");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void rowsStayAndMoveInOneStatement() throws SQLException {
        // order 2 (uid 2) stays on server 1 as uid 4; order 3 (uid 3) moves there
        assertEquals(2, update("UPDATE orders SET uid = 4, item = 'four' WHERE uid IN (2, 3)"));
        Map<Long, String> expected = seededOrders();
        expected.put(2L, "4 four");
        expected.put(3L, "4 four");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void aDuplicateKeyOnTheNewShardWritesNothingAnywhere() throws SQLException {
        sameIdOnBothServers();
        Map<Long, String> before = physicalOrders();
        // order 2 moves to server 2 first; order 100 of uid 2 then meets order 100 of uid 3 there
        SQLException e = assertThrows(SQLException.class,
                () -> update("UPDATE orders SET uid = 5 WHERE uid IN (1, 2)"));
        assertTrue(e.getMessage().toLowerCase().contains("duplicate") || e.getMessage().contains("23505"),
                e.getMessage());
        assertEquals(before, physicalOrders());
        assertEquals(seededUsers(), physicalUsers());
    }

    @Test
    void updateIgnoreLeavesARowMeetingADuplicateOnItsNewShardUnchanged() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "H2 has no UPDATE IGNORE");
        sameIdOnBothServers();
        // orders 1 and 9 (uid 1) stay on server 2 as uid 5; order 2 moves there; order 100 of uid 2 meets order 100
        // of uid 3 there, so it stays as it was; all four are found
        assertEquals(4, update("UPDATE IGNORE orders SET uid = 5, item = 'moved' WHERE uid IN (1, 2)"));
        assertEquals(seededOrdersWith(1L, "5 moved", 9L, "5 moved", 2L, "5 moved", 100L, "2 even", 100_001L, "3 odd"),
                physicalOrders());
        assertEquals(seededUsers(), physicalUsers());
    }

    @Test
    void updateIgnoreMovesRowsInTheStatementsOrder() throws SQLException {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "H2 has no UPDATE IGNORE");
        update("INSERT INTO user (uid, name) VALUES (11, 'name11')");
        // user 6 (server 2) comes first and takes uid 15; user 4 (server 1) then meets it on user_5 and stays
        assertEquals(2, update("UPDATE IGNORE user SET uid = 15, name = 'took 15' WHERE uid IN (4, 6)"
                + " ORDER BY uid DESC"));
        // user 1 meets user 11 on its own table (the server skips it), user 2 meets user 7 on server 2
        assertEquals(1, update("UPDATE IGNORE user SET uid = 11 WHERE uid = 1"));
        assertEquals(1, update("UPDATE IGNORE user SET uid = 7 WHERE uid = 2"));
        // user 3 comes first and moves to server 2 as uid 9; user 8 then meets it on user_9 and stays
        assertEquals(2, update("UPDATE IGNORE user SET uid = 9 WHERE uid IN (3, 8) ORDER BY uid"));
        Map<Long, String> expected = seededUsers();
        expected.put(11L, "name11");
        expected.remove(6L);
        expected.put(15L, "took 15");
        expected.put(9L, expected.remove(3L));
        assertEquals(new TreeMap<>(expected), physicalUsers());
        assertEquals(seededOrders(), physicalOrders());
    }

    @Test
    void aBatchHoldingAMoveRunsItsItemsInOrderAsOneUnit() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.addBatch("UPDATE orders SET item = 'first' WHERE uid = 2");
            // the move's rows are chosen after the item before it, in the same unit: order 2 goes to server 2
            s.addBatch("UPDATE orders SET uid = 3 WHERE item = 'first' AND uid = 2");
            s.addBatch("UPDATE orders SET item = 'after' WHERE uid = 3");
            s.addBatch("INSERT INTO orders (id, uid, item) VALUES (20, 1, 'new')");
            assertArrayEquals(new int[] {1, 1, 2, 1}, s.executeBatch());
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE orders SET uid = ? WHERE id = ?")) {
            // order 5 to server 1 as uid 6, then back to server 2 as uid 7: the caller's order decides
            ps.setLong(1, 6);
            ps.setLong(2, 5);
            ps.addBatch();
            ps.setLong(1, 7);
            ps.setLong(2, 5);
            ps.addBatch();
            assertArrayEquals(new int[] {1, 1}, ps.executeBatch());
        }
        assertEquals(seededOrdersWith(2L, "3 after", 3L, "3 after", 5L, "7 item5", 20L, "1 new"), physicalOrders());
    }

    @Test
    void aBatchWhoseMoveFailsWritesNothingAnywhere() throws SQLException {
        sameIdOnBothServers();
        Map<Long, String> before = physicalOrders();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.addBatch("UPDATE orders SET item = 'x' WHERE uid = 1");
            s.addBatch("UPDATE orders SET uid = 3 WHERE id = 2");
            s.addBatch("UPDATE orders SET uid = 3 WHERE id = 100 AND uid = 2"); // order 100 of uid 3 is there
            java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, s::executeBatch);
            assertTrue(e.getMessage().toLowerCase().contains("duplicate") || e.getMessage().contains("23505"),
                    e.getMessage());
            assertArrayEquals(new int[] {Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED,
                    Statement.EXECUTE_FAILED}, e.getUpdateCounts());
        }
        assertEquals(before, physicalOrders());
    }

    @Test
    void anUpdateOfTwoTablesMovesTheRowsOfOne() throws SQLException {
        // order 2 (server 1) moves to uid 5 (server 2) while user 2 is renamed: one row of each table
        assertEquals(2, update("UPDATE orders o JOIN user u ON u.uid = o.uid SET o.uid = 5, u.name = 'two'"
                + " WHERE u.uid = 2"));
        // orders 1 and 9 (uid 1, server 2) move to uid 6 (server 1); user 1 is renamed
        assertEquals(3, update("UPDATE orders o JOIN user u ON u.uid = o.uid SET u.name = 'one', o.uid = 6,"
                + " o.item = 'joined' WHERE u.uid = 1"));
        assertEquals(seededOrdersWith(2L, "5 item2", 1L, "6 joined", 9L, "6 joined"), physicalOrders());
        Map<Long, String> users = seededUsers();
        users.put(2L, "two");
        users.put(1L, "one");
        assertEquals(users, physicalUsers());
    }

    @Test
    void aRowKeyThatIsTheHintColumnIsFoundByItsNewValue() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM user WHERE uid IN (4, 6)");
        }
        // user 1 to server 2 (user_6), user 3 to user_4 on the same server, user 2 keeps its table as uid 12
        assertEquals(1, update("UPDATE user SET uid = 6, name = CONCAT(name, '>6') WHERE uid = 1"));
        assertEquals(1, update("UPDATE user SET uid = uid + 1 WHERE uid = 3"));
        SQLException dup = assertThrows(SQLException.class, () -> update("UPDATE user SET uid = 5 WHERE uid = 4"));
        assertTrue(dup.getMessage().toLowerCase().contains("duplicate") || dup.getMessage().contains("23505"),
                dup.getMessage());
        assertEquals(1, update("UPDATE user SET uid = uid + 10 WHERE uid = 2"));
        Map<Long, String> expected = seededUsers();
        expected.remove(6L);
        expected.remove(4L);
        expected.put(6L, expected.remove(1L) + ">6");
        expected.put(4L, "name3");
        expected.remove(3L);
        expected.put(12L, expected.remove(2L));
        assertEquals(new TreeMap<>(expected), physicalUsers());
    }

    @Test
    void everyColumnTypeMovesExactlyAndOnUpdateColumnsChange() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user_info (uid, addr, t, d, dt, b) VALUES (1, NULL, '"
                    + (engine() == ShardedFixture.Engine.H2 ? "" : "-") + "12:34:56.789', 12345678901234.123456, '2024-02-29 23:59:59.999999', X'00FF10')");
        }
        Object[] before = userInfo(1, 1, "u_0");
        assertNull(before[5], "ON UPDATE column before any update");
        assertEquals(1, update("UPDATE user_info SET uid = 7 WHERE uid = 1"));
        assertNull(userInfo(1, 1, "u_0"), "no copy left on the old shard");
        Object[] after = userInfo(2, 7, "u_1");
        assertNotNull(after, "the row on its new shard");
        assertNull(after[1]);
        for (int i = 2; i <= 4; i++) {
            assertEquals(before[i], after[i]);
        }
        assertEquals(engine() == ShardedFixture.Engine.H2 ? "12:34:56.789" : "-12:34:56.789", after[2]);
        assertEquals("12345678901234.123456", after[3]);
        assertEquals("2024-02-29 23:59:59.999999", after[4]);
        assertArrayEquals((byte[]) before[6], (byte[]) after[6]);
        assertNotNull(after[5], "the ON UPDATE column changed as MySQL changes it");
        assertEquals(14L, after[7], "the generated column computed on the new shard");
    }

    @Test
    void aJoinedValueMovesRows() throws SQLException {
        // a correlated subquery over user (split otherwise): the SELECT evaluates the new uid, the write moves the row
        assertEquals(2, update("UPDATE orders SET uid = (SELECT u.uid + 4 FROM user u WHERE u.uid = orders.uid)"
                + " WHERE uid IN (2, 3)"));
        Map<Long, String> expected = seededOrders();
        expected.put(2L, "6 item2");
        expected.put(3L, "7 item3");
        assertEquals(expected, physicalOrders());
    }

    @Test
    void aLocalTransactionMovesOnItsServerAndRefusesAnother() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(1, s.executeUpdate("UPDATE user SET uid = 10, name = 'in tx' WHERE uid = 1"));
            // user 2 would go to server 2: refused there, and what the statement did on server 1 is undone
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE user SET uid = 9 WHERE uid = 2"));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT name FROM user WHERE uid = 2")) {
                assertTrue(rs.next(), "the refused statement left user 2 in place");
                assertEquals("name2", rs.getString(1));
            }
            // a batch holding a move, inside the transaction: user 3 to uid 14 (user_4, server 1 still), renamed after
            s.addBatch("UPDATE user SET uid = 14 WHERE uid = 3");
            s.addBatch("UPDATE user SET name = 'batched' WHERE uid = 14");
            assertArrayEquals(new int[] {1, 1}, s.executeBatch());
            c.commit();
            Map<Long, String> committed = seededUsers();
            committed.remove(1L);
            committed.put(10L, "in tx");
            committed.remove(3L);
            committed.put(14L, "batched");
            assertEquals(committed, physicalUsers(), "the first move committed, the refused one left nothing");
            assertEquals(1, s.executeUpdate("UPDATE user SET uid = 1, name = 'name1' WHERE uid = 10"));
            c.rollback();
            assertEquals(committed, physicalUsers(), "rolled back");
        }
    }

    @Test
    void withXaMovesCrossServersInsideATransactionAndInAutocommit() throws Exception {
        Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "H2 servers have no XA");
        try (ShardlineDataSource xa = new ShardlineDataSource(fixture.url() + "&transactions=xa")) {
            try (Connection c = xa.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                assertEquals(1, s.executeUpdate("UPDATE orders SET uid = 3 WHERE uid = 2"));
                c.rollback();
                assertEquals(seededOrders(), physicalOrders(), "rolled back on both servers");
                assertEquals(1, s.executeUpdate("UPDATE orders SET uid = 3 WHERE uid = 2"));
                assertEquals(1, s.executeUpdate("UPDATE user SET uid = 9 WHERE uid = 1"));
                c.commit();
                c.setAutoCommit(true);
                // order 5 to server 1, order 6 to server 2: one XA transaction over both
                assertEquals(2, s.executeUpdate("UPDATE orders SET uid = uid + 1 WHERE uid IN (5, 6)"));
                // a batch holding a move: its items in order, as one XA transaction
                s.addBatch("UPDATE orders SET item = 'xa' WHERE uid = 7");
                s.addBatch("UPDATE orders SET uid = 8 WHERE item = 'xa'");
                assertArrayEquals(new int[] {2, 2}, s.executeBatch()); // orders 6 and 7 (uid 7 both)
                // IGNORE in XA branches: order 100 of uid 2 meets order 100 on server 2, back to its savepoint
                s.executeUpdate("INSERT INTO orders (id, uid, item) VALUES (100, 2, 'even'), (100, 3, 'odd')");
                assertEquals(1, s.executeUpdate("UPDATE IGNORE orders SET uid = 3, item = 'x'"
                        + " WHERE id = 100 AND uid = 2"));
            }
            io.shardline.driver.testing.Borrowed.assertNone(xa.runtime(), "a physical connection is still borrowed");
        }
        Map<Long, String> orders = seededOrders();
        orders.put(2L, "3 item2");
        orders.put(5L, "6 item5");
        orders.put(6L, "8 xa");
        orders.put(7L, "8 xa");
        orders.put(100L, "2 even");
        orders.put(100_001L, "3 odd");
        assertEquals(orders, physicalOrders());
        Map<Long, String> users = seededUsers();
        users.put(9L, users.remove(1L));
        assertEquals(users, physicalUsers());
    }

    @Test
    void aForeignKeyIsRefusedAndNothingChanges() throws SQLException {
        String child = fixture.db("u_0") + ".child";
        try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + child + " (id BIGINT NOT NULL PRIMARY KEY, uid BIGINT,"
                    + " FOREIGN KEY (uid) REFERENCES " + fixture.db("u_0") + ".user_0 (uid))");
        }
        try {
            SQLException fk = assertThrows(SQLException.class, () -> update("UPDATE user SET uid = 9 WHERE uid = 1"));
            assertEquals(100403, fk.getErrorCode(), fk.getMessage());
            assertTrue(fk.getMessage().contains("FOREIGN KEY"), fk.getMessage());
        } finally {
            try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + child);
            }
        }
        assertEquals(seededOrders(), physicalOrders());
        assertEquals(seededUsers(), physicalUsers());
    }

    @Test
    void explainShardlineShowsTheMoveAndRunsNothing() throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE UPDATE orders SET uid = uid + 1 WHERE uid IN (1, 2)")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        String text = plan.toString();
        assertTrue(text.contains("1. evaluate: SELECT orders.uid, orders.id FROM orders WHERE uid IN (1, 2)"), text);
        assertTrue(text.contains("deleted there and inserted on that shard"), text);
        assertEquals(seededOrders(), physicalOrders());
    }

    /** Order 100 of uid 2 (server 1) and order 100 of uid 3 (server 2): a move of the first meets the second. */
    private void sameIdOnBothServers() throws SQLException {
        update("INSERT INTO orders (id, uid, item) VALUES (100, 2, 'even'), (100, 3, 'odd')");
    }

    private long update(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static Map<Long, String> seededOrders() {
        Map<Long, String> m = new TreeMap<>();
        for (long id = 1; id <= 8; id++) {
            m.put(id, id + " item" + id);
        }
        m.put(9L, "1 second");
        return m;
    }

    /** The seeded orders with some changed: id, "uid item", id, "uid item", ... */
    private static Map<Long, String> seededOrdersWith(Object... changes) {
        Map<Long, String> m = seededOrders();
        for (int i = 0; i < changes.length; i += 2) {
            m.put((Long) changes[i], (String) changes[i + 1]);
        }
        return m;
    }

    private static Map<Long, String> seededUsers() {
        return new TreeMap<>(JoinedWriteSuite.seededNames());
    }

    /** Every order of both physical tables, id to "uid item"; each must sit where its uid routes (uid % 2). */
    private Map<Long, String> physicalOrders() throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        for (int shard = 0; shard <= 1; shard++) {
            try (Connection c = fixture.physical(shard + 1); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, uid, item FROM " + fixture.db("u_" + shard)
                         + ".orders_" + shard)) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    assertEquals(shard, rs.getLong(2) % 2, "order " + id + " on the wrong shard");
                    // ids are unique per physical table only: the same id on both shards is kept apart
                    String previous = out.put(out.containsKey(id) ? id * 1000 + shard : id,
                            rs.getLong(2) + " " + rs.getString(3));
                    assertNull(previous);
                }
            }
        }
        return out;
    }

    /** Every user of the ten physical tables, uid to name; each must sit in user_(uid % 10). */
    private Map<Long, String> physicalUsers() throws SQLException {
        Map<Long, String> out = new TreeMap<>();
        for (int n = 0; n < 10; n++) {
            try (Connection c = fixture.physical(n < 5 ? 1 : 2); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT uid, name FROM " + fixture.db(n < 5 ? "u_0" : "u_1")
                         + ".user_" + n)) {
                while (rs.next()) {
                    assertEquals(n, rs.getLong(1) % 10, "user " + rs.getLong(1) + " on the wrong shard");
                    assertNull(out.put(rs.getLong(1), rs.getString(2)), "user " + rs.getLong(1) + " twice");
                }
            }
        }
        return out;
    }

    /** The user_info row of {@code uid} read straight from its physical table, or null when it is not there. */
    private Object[] userInfo(int server, long uid, String db) throws SQLException {
        String text = engine() == ShardedFixture.Engine.H2 ? "VARCHAR" : "CHAR"; // H2's CHAR is CHAR(1)
        try (Connection c = fixture.physical(server); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT uid, addr, CAST(t AS " + text + "), CAST(d AS " + text + "),"
                     + " CAST(dt AS " + text + "), changed, b, twice FROM " + fixture.db(db) + ".user_info_" + (uid % 10)
                     + " WHERE uid = " + uid)) {
            if (!rs.next()) {
                return null;
            }
            return new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getBytes(7), rs.getLong(8)};
        }
    }
}
