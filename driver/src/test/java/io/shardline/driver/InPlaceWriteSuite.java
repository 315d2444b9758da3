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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * UPDATE and DELETE evaluated first whose target, ledger, has no key (rows equal in every column): they run in place on
 * each ledger shard (server 1 for even uid, server 2 for odd) over copies of user (hash 10, other placement) and
 * audit (a single table on server 2). After each statement every row of both physical ledger tables is compared with
 * what the same statement leaves in one plain database holding the same rows, and so is the count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InPlaceWriteSuite {
    /** The user table's full-table-scan switch is off: its reads name their keys. */
    private static final String USERS = "u.uid IN (1, 2, 3, 4, 5, 6, 7, 8)";
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;
    private String plain;

    abstract ShardedFixture.Engine engine();

    private boolean h2() {
        return engine() == ShardedFixture.Engine.H2;
    }

    @BeforeAll
    void start() throws SQLException {
        fixture = ShardedFixture.create(engine());
        dataSource = fixture.dataSource();
        plain = fixture.db("plain");
        try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
            s.execute((h2() ? "CREATE SCHEMA " : "CREATE DATABASE ") + plain);
            s.execute("CREATE TABLE " + plain + ".plain_user (uid BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64),"
                    + " balance DECIMAL(12,2))");
            s.execute("CREATE TABLE " + plain + ".audit (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(200))");
            s.execute("CREATE TABLE " + plain + ".ledger (uid BIGINT NOT NULL, amount INT NOT NULL DEFAULT 7,"
                    + " note VARCHAR(64))");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (fixture != null) {
            try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
                s.execute(h2() ? "DROP SCHEMA " + plain + " CASCADE" : "DROP DATABASE " + plain);
            }
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Users 1..8; per uid 1..8 two equal ledger rows (uid, 10, 'n') and one (uid, 20, 'x'); audit 1..3. */
    @BeforeEach
    void seed() throws SQLException {
        fixture.truncateAll();
        List<String> inserts = new ArrayList<>();
        for (int uid = 1; uid <= 8; uid++) {
            inserts.add("INSERT INTO user (uid, name, balance) VALUES (" + uid + ", 'name" + uid + "', " + 10 * uid
                    + ")");
            inserts.add("INSERT INTO ledger (uid, amount, note) VALUES (" + uid + ", 10, 'n'), (" + uid
                    + ", 10, 'n'), ("
                    + uid + ", 20, 'x')");
        }
        for (int id = 1; id <= 3; id++) {
            inserts.add("INSERT INTO audit (id, note) VALUES (" + id + ", 'audit" + id + "')");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            for (String t : List.of("plain_user", "audit", "ledger")) {
                ps.execute("DELETE FROM " + plain + "." + t);
            }
            for (String sql : inserts) {
                s.executeUpdate(sql);
                ps.executeUpdate(onPlain(sql));
            }
        }
    }

    @AfterEach
    void nothingLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "a physical connection is still borrowed");
    }

    @Test
    void aCorrelatedUpdateReadingAnEarlierAssignedColumnRunsOnEachShard() throws SQLException {
        sameAsOnePlainDatabase("UPDATE ledger SET note = (SELECT u.name FROM user u WHERE u.uid = ledger.uid"
                + " AND " + USERS + "),"
                + " amount = amount + CHAR_LENGTH(note) WHERE amount = 10");
    }

    @Test
    void setToDefaultTakesTheColumnsDefaultOnEachShard() throws SQLException {
        sameAsOnePlainDatabase("UPDATE ledger SET amount = DEFAULT WHERE EXISTS (SELECT 1 FROM user u"
                + " WHERE u.uid = ledger.uid AND " + USERS + " AND u.balance >= 50)");
    }

    @Test
    void aCorrelatedDeleteOverASingleTableOnOneServerRemovesEqualRowsAlike() throws SQLException {
        sameAsOnePlainDatabase("DELETE FROM ledger WHERE amount = 10 AND EXISTS (SELECT 1 FROM audit a"
                + " WHERE a.id = ledger.uid)");
    }

    @Test
    void aCorrelatedDeleteNarrowedToOneShardRunsThereOnly() throws SQLException {
        sameAsOnePlainDatabase("DELETE FROM ledger WHERE uid = 3 AND NOT EXISTS (SELECT 1 FROM user u"
                + " WHERE u.uid = ledger.uid AND " + USERS + " AND u.balance > 100)");
    }

    @Test
    void aJoinedUpdateAndDeleteRunOnEachShard() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no multi-table UPDATE or DELETE");
        sameAsOnePlainDatabase("UPDATE ledger l JOIN user u ON u.uid = l.uid SET l.note = u.name,"
                + " l.amount = l.amount + u.balance WHERE u.balance > 20 AND " + USERS);
        sameAsOnePlainDatabase("UPDATE ledger l JOIN audit a ON a.id = l.uid SET l.note = a.note, l.amount = DEFAULT");
        sameAsOnePlainDatabase("DELETE l FROM ledger l JOIN user u ON u.uid = l.uid WHERE u.name IN ('name2', 'name5')"
                + " AND l.amount = 10 AND " + USERS);
    }

    @Test
    void whatInPlaceWouldNotMakeExactStaysRefused() throws SQLException {
        List<String> before = ledger();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String[] refused : List.of(
                    new String[] {"DELETE FROM ledger WHERE EXISTS (SELECT 1 FROM user u WHERE u.uid = ledger.uid"
                            + " AND " + USERS + ")"
                            + " ORDER BY amount LIMIT 1", "a LIMIT per shard is not the statement's"},
                    new String[] {"DELETE l, a FROM ledger l JOIN audit a ON a.id = l.uid", "several tables"},
                    new String[] {"UPDATE ledger SET uid = 2 WHERE EXISTS (SELECT 1 FROM user u"
                            + " WHERE u.uid = ledger.uid AND " + USERS + ")", "hint column"},
                    new String[] {"DELETE FROM ledger WHERE EXISTS (SELECT 1 FROM ledger l2 WHERE l2.uid ="
                            + " ledger.uid + 1)", "reads ledger again"})) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(refused[0]), refused[0]);
                assertEquals(100403, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains(refused[1]), e.getMessage());
            }
        }
        assertEquals(before, ledger());
    }

    @Test
    void aStepFailingOnTheSecondServerLeavesTheFirstServersRowsUnchanged() throws SQLException {
        List<String> before = ledger();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // ledger_0 (server 1) is written first; the odd rows' value is too long for note on server 2
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE ledger SET note ="
                    + " CASE WHEN uid % 2 = 1 THEN REPEAT('x', 100) ELSE 'ok' END WHERE EXISTS (SELECT 1 FROM user u"
                    + " WHERE u.uid = ledger.uid AND " + USERS + ")"));
            assertTrue(e.getMessage().contains("server 2"), e.getMessage());
        }
        assertEquals(before, ledger());
    }

    @Test
    void explainShowsEachShardsStep() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String plan = s.unwrap(ShardlineStatement.class).explain("DELETE FROM ledger WHERE EXISTS (SELECT 1"
                    + " FROM audit a WHERE a.id = ledger.uid)");
            assertTrue(plan.startsWith("InPlaceWrite"), plan);
            assertTrue(plan.contains("1. on server 1") && plan.contains("2. on server 2"), plan);
        }
        assertEquals(24, ledger().size(), "EXPLAIN writes nothing");
    }

    @Test
    void copiedRowsCountAgainstMaxGatherRowsOverAllShards() throws SQLException {
        List<String> before = ledger();
        try (ShardlineDataSource small = new ShardlineDataSource()) {
            small.setUrl(fixture.url() + "&maxGatherRows=10");
            try (Connection c = small.getConnection(); Statement s = c.createStatement()) {
                // each shard's step copies the 8 users: 16 in all
                SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM ledger WHERE"
                        + " EXISTS (SELECT 1 FROM user u WHERE u.uid = ledger.uid AND " + USERS + ")"));
                assertEquals(100403, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains("more than 10 rows copied"), e.getMessage());
            }
        }
        assertEquals(before, ledger());
    }

    /** Runs {@code sql} through Shardline and on the plain database: same count, same rows on the right shards. */
    private void sameAsOnePlainDatabase(String sql) throws SQLException {
        long count;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            count = s.executeLargeUpdate(sql);
        }
        long expected;
        List<String> rows = new ArrayList<>();
        try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            if (!h2()) {
                ps.execute("USE " + plain); // MariaDB resolves a multi-table DELETE's targets in the default database
            }
            expected = ps.executeLargeUpdate(onPlain(sql));
            try (ResultSet rs = ps.executeQuery("SELECT uid, amount, note FROM " + plain + ".ledger"
                    + " ORDER BY uid, amount, note")) {
                while (rs.next()) {
                    rows.add(rs.getLong(1) % 2 + ": " + rs.getLong(1) + " " + rs.getInt(2) + " " + rs.getString(3));
                }
            }
        }
        rows.sort(null);
        assertEquals(expected, count, sql);
        assertEquals(rows, ledger(), sql);
    }

    /** {@code sql} on the plain database (user is a reserved word of H2: plain_user there; always aliased). */
    private String onPlain(String sql) {
        return sql.replaceAll("\\b(ledger|audit) ", plain + ".$1 ").replaceAll("\\buser ", plain + ".plain_user ");
    }

    /** Every row of both physical ledger tables, each prefixed by its table's hash value (0: ledger_0). */
    private List<String> ledger() throws SQLException {
        List<String> out = new ArrayList<>();
        for (int n = 0; n <= 1; n++) {
            try (Connection p = fixture.physical(n + 1); PreparedStatement ps = p.prepareStatement(
                    "SELECT uid, amount, note FROM " + fixture.db("u_" + n) + ".ledger_" + n
                            + " ORDER BY uid, amount, note"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(n + ": " + rs.getLong(1) + " " + rs.getInt(2) + " " + rs.getString(3));
                }
            }
        }
        out.sort(null);
        return out;
    }
}
