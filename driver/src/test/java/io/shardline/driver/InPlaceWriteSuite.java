package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
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
 * audit (a single table on server 2); or, where a step per shard would not be the statement (several targets, ORDER
 * BY/LIMIT over both shards, a SET of uid, the broadcast tally, ledger read twice), in one step over all shards. After
 * each statement every row of every physical ledger, jot, audit and tally table is compared with what the same
 * statement leaves in one plain database holding the same rows, and so is the count.
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
            s.execute("CREATE TABLE " + plain + ".jot " + fixture.jotColumns());
            s.execute("CREATE TABLE " + plain + ".tally (name VARCHAR(64), n INT)");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (fixture != null) {
            try (Connection c = fixture.physical(1); Statement s = c.createStatement()) {
                s.execute(h2() ? "DROP SCHEMA " + plain + " CASCADE" : "DROP DATABASE " + plain);
            }
        }
        ShardedFixture.close(fixture, dataSource);
    }

    /**
     * Users 1..8; per uid 1..8 two equal ledger rows (uid, 10, 'n') and one (uid, 20, 'x'); audit 1..3; tally two
     * equal rows ('a', 1) and ('b', 2), ('c', 3); per uid 1..4 five jot rows, four each differing from the fifth in one
     * column by what a text or a collation would not tell apart (a FLOAT of 1.0000001, 'ABC' for 'abc', a microsecond,
     * a byte).
     */
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
        inserts.add("INSERT INTO tally (name, n) VALUES ('a', 1), ('a', 1), ('b', 2), ('c', 3)");
        for (int uid = 1; uid <= 4; uid++) {
            String base = "1, 'abc', 1.5, '2024-01-01 10:00:00.123456', X'01'";
            inserts.add("INSERT INTO jot (uid, f, s, m, t, b) VALUES (" + uid + ", " + base + "), (" + uid
                    + ", 1.0000001, 'abc', 1.500, '2024-01-01 10:00:00.123456', X'01'), (" + uid
                    + ", 1, 'ABC', 1.5, '2024-01-01 10:00:00.123456', X'01'), (" + uid
                    + ", 1, 'abc', 1.5, '2024-01-01 10:00:00.123457', X'01'), (" + uid
                    + ", 1, 'abc', 1.5, '2024-01-01 10:00:00.123456', X'02')");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            for (String t : List.of("plain_user", "audit", "ledger", "jot", "tally")) {
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
    void severalTargetsOneWithoutAKeyRunInOneStep() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no multi-table UPDATE or DELETE");
        sameAsOnePlainDatabase("UPDATE ledger l JOIN audit a ON a.id = l.uid SET l.amount = l.amount + a.id,"
                + " a.note = 'seen' WHERE l.note = 'n'");
        sameAsOnePlainDatabase("UPDATE ledger l JOIN audit a ON a.id = l.uid SET l.amount = DEFAULT, a.note = 'd'"
                + " WHERE l.amount = 20");
        sameAsOnePlainDatabase("DELETE l, a FROM ledger l JOIN audit a ON a.id = l.uid WHERE l.amount = 7");
    }

    @Test
    void orderByAndLimitOverBothShardsRunInOneStep() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2's UPDATE ignores its ORDER BY, and its DELETE takes none");
        // ties are only between equal rows: which of them is written cannot be seen
        sameAsOnePlainDatabase("UPDATE ledger SET amount = amount + 1, note = CONCAT(note, amount) WHERE note <> 'q'"
                + " ORDER BY uid, amount DESC LIMIT 4");
        sameAsOnePlainDatabase("UPDATE ledger SET note = 'o' WHERE EXISTS (SELECT 1 FROM user u WHERE"
                + " u.uid = ledger.uid AND " + USERS + " AND u.balance > 30) ORDER BY uid, amount LIMIT 3");
        sameAsOnePlainDatabase("DELETE FROM ledger WHERE amount = 10 ORDER BY uid DESC LIMIT 5");
    }

    @Test
    void settingTheHintColumnMovesRowsToTheirNewShard() throws SQLException {
        sameAsOnePlainDatabase("UPDATE ledger SET uid = uid + 1 WHERE amount = 20");
        sameAsOnePlainDatabase("UPDATE ledger SET uid = 2, note = 'moved' WHERE EXISTS (SELECT 1 FROM user u"
                + " WHERE u.uid = ledger.uid AND " + USERS + " AND u.balance >= 50) AND amount = 10");
    }

    @Test
    void aBroadcastTargetWithoutAKeyGetsTheSameWritesOnEveryCopy() throws SQLException {
        sameAsOnePlainDatabase("UPDATE tally SET n = n + 10 WHERE name = 'a' ORDER BY n LIMIT 1");
        sameAsOnePlainDatabase("UPDATE tally SET name = (SELECT u.name FROM user u WHERE u.uid = tally.n AND "
                + USERS + ") WHERE n <= 2");
        if (!h2()) {
            sameAsOnePlainDatabase("DELETE t FROM tally t JOIN user u ON u.uid = t.n WHERE u.balance >= 20 AND "
                    + USERS);
        }
    }

    @Test
    void aStatementReadingItsTargetAgainSeesTheRowsBeforeAnyWrite() throws SQLException {
        sameAsOnePlainDatabase("UPDATE ledger SET note = 'p' WHERE EXISTS (SELECT 1 FROM ledger l2"
                + " WHERE l2.uid = ledger.uid + 1 AND l2.amount = 20) AND amount = 10");
        sameAsOnePlainDatabase("DELETE FROM ledger WHERE EXISTS (SELECT 1 FROM ledger l2 WHERE l2.uid ="
                + " ledger.uid + 1)");
    }

    @Test
    void rowsAFloatACollationOrATextWouldConfuseAreWrittenBackExactly() throws SQLException {
        // uid + 2 stays on its shard: each row is written back in place, found by its old values
        sameAsOnePlainDatabase("UPDATE jot SET m = m + 1, uid = uid + 2 WHERE ASCII(s) = 65 AND uid <= 3");
        sameAsOnePlainDatabase("UPDATE jot SET uid = uid + 1 WHERE f > 1");
        sameAsOnePlainDatabase("UPDATE jot SET s = 'q', uid = uid WHERE t > '2024-01-01 10:00:00.123456'");
        sameAsOnePlainDatabase("UPDATE jot SET m = 0, uid = uid + 1 WHERE (b = X'02') AND uid <> 2");
        if (!h2()) {
            // 'ABC' = 'abc' under MariaDB's default collation: the ORDER BY tells them apart by their bytes
            sameAsOnePlainDatabase("DELETE FROM jot WHERE s = 'ABC' ORDER BY uid DESC, HEX(s), f, t, b, m LIMIT 7");
        }
    }

    @Test
    void whatIsNotDeterministicStaysRefused() throws SQLException {
        List<String> before = world();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // MySQL documents no order for the assignments of a multi-table UPDATE
            assertRefused(s, "UPDATE ledger l JOIN audit a"
                    + " ON a.id = l.uid SET l.note = a.note, a.note = 'x'", "MySQL documents no order");
            // one column of one table through two references: a row reached through both would take either value
            assertRefused(s, "UPDATE ledger a JOIN ledger b ON b.uid ="
                    + " a.uid + 1 SET a.note = 'a', b.note = 'b'", "sets column note of ledger through two references");
        }
        assertEquals(before, world());
    }

    @Test
    void aTableWrittenThroughTwoReferencesIsOneCopyWrittenBackOnce() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no multi-table UPDATE or DELETE");
        sameAsOnePlainDatabase("UPDATE ledger a JOIN ledger b ON b.uid = a.uid + 1 AND b.amount = 20"
                + " SET a.note = 'a', b.amount = b.amount + 1 WHERE a.amount = 10");
        // the 'x' row of each uid is reached as a and as b: both of its changes land, once
        sameAsOnePlainDatabase("UPDATE ledger a JOIN ledger b ON b.uid = a.uid SET a.note = 'same',"
                + " b.amount = b.amount * 2 WHERE a.note = 'x'");
        // a moves to its next uid's shard while b, its neighbour, is changed there
        sameAsOnePlainDatabase("UPDATE ledger a JOIN ledger b ON b.uid = a.uid + 1 SET a.uid = a.uid + 1,"
                + " b.note = 'next' WHERE a.note = 'same' AND b.note = 'same' AND a.uid < 4");
        sameAsOnePlainDatabase("DELETE a, b FROM ledger a JOIN ledger b ON b.uid = a.uid + 1 WHERE a.amount = 42"
                + " AND b.amount = 20 AND a.uid < 6");
        sameAsOnePlainDatabase("DELETE a, b FROM ledger a JOIN ledger b ON b.uid = a.uid WHERE a.note = 'next'");
        // a broadcast table through two references: the same writes on every copy
        sameAsOnePlainDatabase("UPDATE tally a JOIN tally b ON b.n = a.n + 1 SET a.name = 'p', b.n = b.n + 10");
        // and with a table read in place beside it
        sameAsOnePlainDatabase("UPDATE ledger a JOIN ledger b ON b.uid = a.uid JOIN audit x ON x.id = a.uid"
                + " SET a.amount = a.amount + x.id, b.note = x.note WHERE b.amount > 30");
    }

    @Test
    void ignoreKeepsTheUniqueKeysOfEachShard() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no UPDATE IGNORE");
        // UNIQUE (uid, s) holds on each physical jot and on the plain one alike: uid decides the shard
        List<String> rows = new ArrayList<>();
        for (int uid = 1; uid <= 4; uid++) {
            rows.add("(" + uid + ", 1, 'a', 1.5, '2024-01-01 10:00:00.123456', X'01')");
            rows.add("(" + uid + ", 1, NULL, 1.5, '2024-01-01 10:00:00.123456', X'01')"); // two equal rows
            rows.add("(" + uid + ", 1, NULL, 1.5, '2024-01-01 10:00:00.123456', X'01')");
            if (uid <= 2) {
                rows.add("(" + uid + ", 2, 'b', 1.5, '2024-01-01 10:00:00.123456', X'01')");
            }
        }
        jotWithUniqueUidS(rows);
        try {
            // per uid with a 'b' both NULL rows meet it and stay; per uid without, one takes 'b' and its equal twin
            // then meets it
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET s = 'b' WHERE s IS NULL AND EXISTS (SELECT 1 FROM jot j2"
                    + " WHERE j2.uid = jot.uid AND j2.s = 'a')");
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET s = 'c', f = 3 WHERE s IS NULL OR s = 'b'"
                    + " ORDER BY uid DESC, s LIMIT 5");
            // rows moving to another shard meet that shard's rows: uid + 1 is always another shard here
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET s = 'z', uid = uid + 1 WHERE f > 1");
            String q = "INSERT INTO jot (uid, f, s, m, t, b) VALUES (7, 1, 'q', 1.5, '2024-01-01 10:00:00', X'02')";
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
                s.executeUpdate(q);
                ps.executeUpdate(onPlain(q));
            }
            // ascending: 1, 2 and 3 meet the 'a' row already on their next uid and stay; 4 and 7 move
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET uid = uid + 1 WHERE s = 'a' OR s = 'q' ORDER BY uid");
            // the rows they would meet are not those the statement reads (s = 'b')
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET s = 'b', uid = uid + 1 WHERE s = 'a' AND uid < 4");
            // nor on the shard its WHERE names: the copy holds every shard's rows ('a' stays, the NULL twins move)
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET uid = uid + 1 WHERE uid = 1");
            // descending: each moves into the place its neighbour has just left
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET uid = uid + 1 WHERE s = 'a' ORDER BY uid DESC");
            // rows of both shards moving to one place: the first arrives, the others meet it there and stay
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET uid = 9, s = 'w' WHERE s = 'a' ORDER BY uid DESC LIMIT 3");
            // SET left to right: s reads the old uid; NULL s rows never meet, so all of them move
            sameAsOnePlainDatabase("UPDATE IGNORE jot SET s = IF(uid = 9, 'c', s), uid = uid + 1 WHERE uid = 9"
                    + " OR s IS NULL");
            // through an alias, the mark appended before ORDER BY/LIMIT
            sameAsOnePlainDatabase("UPDATE IGNORE jot AS j SET j.uid = j.uid + 1 WHERE j.s IS NOT NULL"
                    + " ORDER BY j.uid, j.s LIMIT 4");
        } finally {
            dropKey(0, 1, -1);
        }
    }

    @Test
    void aMultiTableIgnoreMovingRowsChecksTheirKeysOnTheShardTheyMoveTo() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no UPDATE IGNORE");
        // Each statement below but the last moves no row into a place another moving row leaves, nor two rows into
        // one place: its result is the same in any order
        seedJotWithUniqueUidS();
        try {
            // (3, 'a') and (3, 'c') meet the rows of uid 4, on the other shard, and stay; the others arrive
            sameAsOnePlainDatabase(MOVE_ONE_UID_UP);
            // the new uid from the joined table: (2, 'a') arrives on uid 1, uid 4's meet uid 3's
            sameAsOnePlainDatabase("UPDATE IGNORE jot JOIN audit x ON x.id + 1 = jot.uid AND x.id <> 2"
                    + " SET jot.uid = x.id WHERE jot.s IS NOT NULL");
            // two tables written, one moving ((3, 'a') stays, (3, 'b') moves), audit 3 changed once
            sameAsOnePlainDatabase("UPDATE IGNORE jot JOIN audit x ON x.id = jot.uid SET jot.uid = jot.uid + 1,"
                    + " x.note = CONCAT(x.note, '+') WHERE jot.uid = 3 AND jot.s <> 'c'");
            // jot read through a second reference sees the rows before the statement: uid 2's NULL rows arrive on
            // uid 3 (NULLs never meet), uid 3's meet uid 4's
            sameAsOnePlainDatabase("UPDATE IGNORE jot a JOIN jot b ON b.uid = a.uid + 1 AND b.s IS NOT NULL"
                    + " SET a.uid = a.uid + 1 WHERE a.uid IN (2, 3)");
            // rows of both shards moving to one place: the first arrives, which MySQL leaves to its plan
            String toFive = "UPDATE IGNORE jot SET uid = 5, f = 2 WHERE s = 'a' ORDER BY uid = ";
            sameAsOnePlainDatabaseInSomeOrder("UPDATE IGNORE jot JOIN audit x ON x.id = 1 SET jot.uid = x.id + 4,"
                    + " jot.f = x.id + 1 WHERE jot.s = 'a'", toFive + "1 DESC", toFive + "3 DESC", toFive + "4 DESC");
            // a row reached through two references is two writes, either of which IGNORE may skip: refused
            List<String> before = world();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertRefused(s, "UPDATE IGNORE jot a JOIN jot b ON b.uid = a.uid + 1 SET a.uid = a.uid + 1,"
                        + " b.f = 3", "through one reference");
            }
            assertEquals(before, world());
        } finally {
            dropKey(0, 1, -1);
        }
    }

    @Test
    void withUseAffectedRowsASkippedRowCountsAsMariaDbsWriteAfterTheJoinCountsIt() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 has no UPDATE IGNORE");
        seedJotWithUniqueUidS();
        // (3, 'c') is found but not changed; (3, 'a') meets (4, 'a') and is skipped
        String sql = "UPDATE IGNORE jot JOIN audit x ON x.id = jot.uid SET jot.uid = IF(jot.s = 'c', jot.uid,"
                + " jot.uid + 1)";
        try {
            long count;
            try (Connection meta = java.sql.DriverManager.getConnection(fixture.metadataJdbcUrl())) {
                var w = new io.shardline.driver.store.ConfigWriter(meta, false);
                for (int id = 1; id <= 2; id++) {
                    w.serverOption(id, null, fixture.serverUrls().get(id) + "?useAffectedRows=true");
                }
            }
            try (ShardlineDataSource affected = new ShardlineDataSource(fixture.url());
                 Connection c = affected.getConnection(); Statement s = c.createStatement()) {
                count = s.executeUpdate(sql);
            } finally {
                try (Connection meta = java.sql.DriverManager.getConnection(fixture.metadataJdbcUrl());
                     Statement s = meta.createStatement()) {
                    s.execute("DELETE FROM server_option");
                }
            }
            try (Connection p = java.sql.DriverManager.getConnection(fixture.serverUrls().get(1)
                    + "?useAffectedRows=true", "root", ""); Statement ps = p.createStatement()) {
                // jot is written after the join (its SET reads uid): the row IGNORE skips counts as changed
                assertEquals(ps.executeUpdate(onPlain(sql)), count);
                assertEquals(5, count, "found rows would be 6");
                assertEquals(plainRows(ps), world());
            }
        } finally {
            dropKey(0, 1, -1);
        }
    }

    @Test
    void inAnXaTransactionAnIgnoreMovingRowsRollsBackAndCommitsWithIt() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 servers have no XA");
        seedJotWithUniqueUidS();
        // the copy's keys must not cost the transaction: an ALTER TABLE, even of a temporary table, would commit it
        // (XAER_RMFAIL inside an XA branch)
        String single = "UPDATE IGNORE jot SET uid = uid + 1 WHERE s = 'c' ORDER BY uid DESC";
        try (ShardlineDataSource xa = new ShardlineDataSource(fixture.url() + "&transactions=xa")) {
            List<String> before = world();
            try (Connection c = xa.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate(MOVE_ONE_UID_UP);
                s.executeUpdate(single);
                c.rollback();
                assertEquals(before, world(), "rolled back on both servers");
                long count = s.executeUpdate(MOVE_ONE_UID_UP);
                c.commit();
                c.setAutoCommit(true);
                try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
                    ps.execute("USE " + plain);
                    assertEquals(ps.executeUpdate(onPlain(MOVE_ONE_UID_UP)), count);
                    assertEquals(plainRows(ps), world());
                }
            }
            assertEquals(0, xa.runtime().pools().activeConnections(), "a physical connection is still borrowed");
            sameAsOnePlainDatabase(single);
        } finally {
            dropKey(0, 1, -1);
        }
    }

    /** Six rows of uid 1, 2 and 3 move one uid up (to the other shard): two meet a row of uid 4 there. */
    private static final String MOVE_ONE_UID_UP = "UPDATE IGNORE jot JOIN audit x ON x.id = jot.uid"
            + " SET jot.uid = jot.uid + 1";

    /** jot's rows as (uid, s) under UNIQUE (uid, s), on both shards and the plain database: odd uid on jot_1. */
    private void seedJotWithUniqueUidS() throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String row : List.of("1, 'a'", "1, NULL", "1, NULL", "2, 'b'", "3, 'a'", "3, 'c'", "4, 'a'", "4, 'c'")) {
            rows.add("(" + row.replace(",", ", 1,") + ", 1.5, '2024-01-01 10:00:00', X'01')");
        }
        jotWithUniqueUidS(rows);
    }

    /**
     * jot holds only {@code rows} (uid, f, s, m, t, b), on its shards and in the plain database, each declaring
     * UNIQUE (uid, s): uid decides the shard, so the key holds alike on each physical jot and on the plain one.
     */
    private void jotWithUniqueUidS(List<String> rows) throws SQLException {
        String insert = "INSERT INTO jot (uid, f, s, m, t, b) VALUES " + String.join(", ", rows);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            s.executeUpdate("DELETE FROM jot WHERE uid > 0");
            ps.executeUpdate("DELETE FROM " + plain + ".jot");
            s.executeUpdate(insert);
            ps.executeUpdate(onPlain(insert));
        }
        addKey("UNIQUE (uid, s)", 0, 1, -1);
    }

    @Test
    void ignoreOverUniqueKeysDifferingBetweenShardsIsRefused() throws SQLException {
        try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            ps.execute("DELETE FROM " + fixture.db("u_0") + ".jot_0"); // its rows are equal under the key
        }
        addKey("UNIQUE (s, b)", 0);
        List<String> before = world();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertRefused(s, "UPDATE IGNORE jot"
                    + " SET s = 'z' WHERE EXISTS (SELECT 1 FROM jot j2 WHERE j2.uid = jot.uid + 1)",
                    "differ, and its one copy can declare only one set");
        } finally {
            dropKey(0);
        }
        assertEquals(before, world());
    }

    @Test
    void aSetOfAGeneratedColumnIsRefusedNamingIt() throws SQLException {
        String column = h2() ? "g BIGINT GENERATED ALWAYS AS (uid * 2)" : "g BIGINT AS (uid * 2) VIRTUAL";
        alterJot("ADD COLUMN " + column);
        try {
            List<String> before = world();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (String sql : List.of("UPDATE jot SET g = 5, uid = uid + 1 WHERE f > 1",
                        "UPDATE jot SET jot.g = DEFAULT WHERE EXISTS (SELECT 1 FROM jot j2 WHERE j2.uid = jot.uid + 1)")) {
                    assertRefused(s, sql, "it sets g of jot, a generated column");
                }
            }
            assertEquals(before, world());
            // a write beside it: the moved rows' g is the new shard's own
            sameAsOnePlainDatabase("UPDATE jot SET uid = uid + 1 WHERE f > 1");
            assertEquals(generated(true), generated(false));
        } finally {
            alterJot("DROP COLUMN g");
        }
    }

    /** jot's g on its physical tables (each row's g and uid) or on the plain one, sorted. */
    private List<String> generated(boolean physical) throws SQLException {
        List<String> out = new ArrayList<>();
        for (int n = 0; n <= 1; n++) {
            try (Connection p = fixture.physical(n + 1); Statement s = p.createStatement()) {
                if (physical) {
                    read(s, "SELECT uid, g FROM " + fixture.db("u_" + n) + ".jot_" + n, false, "g", out);
                } else if (n == 0) {
                    read(s, "SELECT uid, g FROM " + plain + ".jot", false, "g", out);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private void alterJot(String change) throws SQLException {
        for (int n = 0; n <= 1; n++) {
            try (Connection p = fixture.physical(n + 1); Statement s = p.createStatement()) {
                s.execute("ALTER TABLE " + fixture.db("u_" + n) + ".jot_" + n + " " + change);
            }
        }
        try (Connection p = fixture.physical(1); Statement s = p.createStatement()) {
            s.execute("ALTER TABLE " + plain + ".jot " + change);
        }
    }

    /** Adds {@code key} as shardline_test_uq to jot_n for each n (-1: the plain jot). */
    private void addKey(String key, int... tables) throws SQLException {
        for (int n : tables) {
            try (Connection p = fixture.physical(n < 0 ? 1 : n + 1); Statement s = p.createStatement()) {
                s.execute("ALTER TABLE " + (n < 0 ? plain + ".jot" : fixture.db("u_" + n) + ".jot_" + n)
                        + " ADD CONSTRAINT shardline_test_uq " + key);
            }
        }
    }

    private void dropKey(int... tables) throws SQLException {
        for (int n : tables) {
            try (Connection p = fixture.physical(n < 0 ? 1 : n + 1); Statement s = p.createStatement()) {
                s.execute("ALTER TABLE " + (n < 0 ? plain + ".jot" : fixture.db("u_" + n) + ".jot_" + n) + " "
                        + (h2() ? "DROP CONSTRAINT" : "DROP INDEX") + " shardline_test_uq");
            }
        }
    }

    @Test
    void aWriteBackFailingOnTheSecondServerLeavesEveryRowUnchanged() throws SQLException {
        List<String> before = world();
        String table = fixture.db("u_1") + ".ledger_1";
        try (Connection p = fixture.physical(2); Statement ps = p.createStatement()) {
            // only the physical table has it: the copy evaluates the statement, the write back fails there
            ps.execute("ALTER TABLE " + table + " ADD CONSTRAINT shardline_test_small CHECK (amount < 500)");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // server 1's rows (even uid) are written back first
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE ledger"
                    + " SET amount = amount + 1000 WHERE amount = 20 ORDER BY uid LIMIT 8"));
            assertTrue(e.getMessage().contains("server 2"), e.getMessage());
        } finally {
            try (Connection p = fixture.physical(2); Statement ps = p.createStatement()) {
                ps.execute("ALTER TABLE " + table + " DROP CONSTRAINT shardline_test_small");
            }
        }
        assertEquals(before, world());
    }

    @Test
    void inAnXaTransactionItRollsBackAndCommitsWithIt() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 servers have no XA");
        String sql = "UPDATE ledger SET uid = uid + 1, note = 'tx' WHERE amount = 20 ORDER BY uid LIMIT 5";
        List<String> before = world();
        try (ShardlineDataSource xa = new ShardlineDataSource(fixture.url() + "&transactions=xa")) {
            try (Connection c = xa.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                assertEquals(5, s.executeUpdate(sql));
                c.rollback();
                assertEquals(before, world(), "rolled back on both servers");
                c.setAutoCommit(true);
            }
            assertEquals(0, xa.runtime().pools().activeConnections(), "a physical connection is still borrowed");
        }
        sameAsOnePlainDatabase(sql);
    }

    @Test
    void inALocalTransactionOnOneServerItSeesTheTransactionsRowsAndRollsBackWithIt() throws SQLException {
        Assumptions.assumeFalse(h2(), "H2 commits when it drops a temporary table");
        String first = "UPDATE ledger SET note = 'tx' WHERE uid = 2 AND amount = 20";
        // uid 2 and 4 are on ledger_0 (server 1): copied, evaluated and written back there, the transaction's server
        String oneStep = "UPDATE ledger SET uid = uid + 2, note = CONCAT(note, '!') WHERE uid IN (2, 4)";
        List<String> before = world();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertEquals(1, s.executeUpdate(first));
            assertEquals(6, s.executeUpdate(oneStep));
            c.rollback();
            assertEquals(before, world(), "rolled back with the transaction");
            assertEquals(1, s.executeUpdate(first));
            // a failing one step is undone alone (its savepoint); the transaction's own write stays
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE ledger SET uid = uid + 2,"
                    + " note = REPEAT('y', 100) WHERE uid IN (2, 4)"));
            assertTrue(e.getMessage().contains("note"), e.getMessage());
            c.commit();
            c.setAutoCommit(true);
        }
        try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            ps.executeUpdate(onPlain(first));
        }
        sameAsOnePlainDatabase(oneStep);
    }

    @Test
    void onH2InsideATransactionItIsRefused() throws SQLException {
        Assumptions.assumeTrue(h2(), "H2 commits when it drops a temporary table");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            assertRefused(s, "UPDATE ledger SET uid = uid + 1"
                    + " WHERE amount = 20", "inside a transaction");
            c.rollback();
        }
    }

    @Test
    void aStepFailingOnTheSecondServerLeavesTheFirstServersRowsUnchanged() throws SQLException {
        List<String> before = world();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            // ledger_0 (server 1) is written first; the odd rows' value is too long for note on server 2
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE ledger SET note ="
                    + " CASE WHEN uid % 2 = 1 THEN REPEAT('x', 100) ELSE 'ok' END WHERE EXISTS (SELECT 1 FROM user u"
                    + " WHERE u.uid = ledger.uid AND " + USERS + ")"));
            assertTrue(e.getMessage().contains("server 2"), e.getMessage());
        }
        assertEquals(before, world());
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
    void explainShowsTheOneStepItsCopiesAndTheWritesBack() throws SQLException {
        List<String> before = world();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String plan = s.unwrap(ShardlineStatement.class).explain("UPDATE ledger SET note = 'r' WHERE"
                    + " EXISTS (SELECT 1 FROM ledger l2 WHERE l2.uid = ledger.uid + 1)");
            assertTrue(plan.startsWith("OneStepWrite("), plan);
            assertTrue(plan.contains("reads ledger again"), plan);
            assertTrue(plan.contains("ledger_0") && plan.contains("ledger_1"), plan);
            assertTrue(plan.contains("written back to its own physical table by its old values"), plan);
            assertTrue(!plan.contains("with IGNORE"), plan);
            String single = s.unwrap(ShardlineStatement.class).explain("UPDATE IGNORE jot SET uid = uid + 1"
                    + " ORDER BY uid LIMIT 2");
            assertTrue(single.contains("with IGNORE, if jot declares UNIQUE keys") && single.contains("runs once"
                    + " without them to learn where each row moves, then again"), single);
            String joined = s.unwrap(ShardlineStatement.class).explain("UPDATE IGNORE jot JOIN audit x ON x.id ="
                    + " jot.uid SET jot.uid = jot.uid + 1");
            assertTrue(joined.contains("the rows it changed are written again over the restored copy"), joined);
        }
        assertEquals(before, world(), "EXPLAIN writes nothing");
    }

    @Test
    void copiedRowsCountAgainstMaxGatherRowsOverAllShards() throws SQLException {
        List<String> before = world();
        try (ShardlineDataSource small = new ShardlineDataSource()) {
            small.setUrl(fixture.url() + "&maxGatherRows=10");
            try (Connection c = small.getConnection(); Statement s = c.createStatement()) {
                // each shard's step copies the 8 users: 16 in all
                assertRefused(s, "DELETE FROM ledger WHERE"
                        + " EXISTS (SELECT 1 FROM user u WHERE u.uid = ledger.uid AND " + USERS + ")",
                        "more than 10 rows copied");
                // one step copies both ledger tables: 24 rows
                assertRefused(s, "DELETE FROM ledger WHERE note = 'n'"
                        + " AND EXISTS (SELECT 1 FROM ledger l2 WHERE l2.uid = ledger.uid + 1)",
                        "more than 10 rows copied");
            }
        }
        assertEquals(before, world());
    }

    /** {@code sql} is refused with 100403, its message saying {@code says}. */
    private static void assertRefused(Statement s, String sql, String says) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql));
        assertEquals(100403, e.getErrorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    /** Runs {@code sql} through Shardline and on the plain database: same count, same rows on the right shards. */
    private void sameAsOnePlainDatabase(String sql) throws SQLException {
        long count;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            count = s.executeLargeUpdate(sql);
        }
        long expected;
        List<String> rows;
        try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            if (!h2()) {
                ps.execute("USE " + plain); // MariaDB resolves a multi-table DELETE's targets in the default database
            }
            expected = ps.executeLargeUpdate(onPlain(sql));
            rows = plainRows(ps);
        }
        assertEquals(expected, count, sql);
        assertEquals(rows, world(), sql);
    }

    /**
     * Runs {@code sql}, whose result depends on the order rows are written in, through Shardline; the plain database
     * runs each of {@code orders} (the statement in one row order each) in a transaction of its own: Shardline's count
     * and rows must be one of theirs, which the plain database then keeps.
     */
    private void sameAsOnePlainDatabaseInSomeOrder(String sql, String... orders) throws SQLException {
        long count;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            count = s.executeLargeUpdate(sql);
        }
        List<String> world = world();
        List<String> seen = new ArrayList<>();
        try (Connection p = fixture.physical(1); Statement ps = p.createStatement()) {
            p.setAutoCommit(false);
            try {
                for (String order : orders) {
                    long expected = ps.executeLargeUpdate(onPlain(order));
                    List<String> rows = plainRows(ps);
                    if (expected == count && rows.equals(world)) {
                        p.commit();
                        return;
                    }
                    seen.add(expected + " " + rows);
                    p.rollback();
                }
            } finally {
                p.rollback();
                p.setAutoCommit(true);
            }
        }
        assertEquals(seen.toString(), count + " " + world, sql + ": no order of the plain database gives this");
    }

    /** Every row of the plain database's tables, as {@link #world} reads the physical ones, sorted. */
    private List<String> plainRows(Statement ps) throws SQLException {
        List<String> rows = new ArrayList<>();
        read(ps, "SELECT uid, amount, note FROM " + plain + ".ledger", true, "ledger", rows);
        read(ps, "SELECT " + jot() + " FROM " + plain + ".jot", true, "jot", rows);
        read(ps, "SELECT id, note FROM " + plain + ".audit", false, "audit", rows);
        for (int copy = 0; copy < TALLY_COPIES; copy++) {
            read(ps, "SELECT name, n FROM " + plain + ".tally", false, "tally", rows);
        }
        rows.sort(null);
        return rows;
    }

    /** {@code sql} on the plain database (user is a reserved word of H2: plain_user there; always aliased). */
    private String onPlain(String sql) {
        return sql.replaceAll("\\b(ledger|audit|jot|tally) ", plain + ".$1 ")
                .replaceAll("\\buser ", plain + ".plain_user ");
    }

    /** jot's columns as read for comparison: the FLOAT as the DOUBLE it widens to, the bytes as hex. */
    private String jot() {
        return "uid, CAST(f AS DOUBLE), s, m, t, " + (h2() ? "RAWTOHEX(b)" : "HEX(b)");
    }

    /** tally has a copy in each shard database but the single one. */
    private static final int TALLY_COPIES = 8;

    /**
     * Every row of both physical ledger and jot tables (each prefixed by its table's hash value: 0 for ledger_0), of
     * audit, and of every copy of tally.
     */
    private List<String> world() throws SQLException {
        List<String> out = new ArrayList<>(ledger());
        for (int n = 0; n <= 1; n++) {
            try (Connection p = fixture.physical(n + 1); Statement s = p.createStatement()) {
                read(s, "SELECT " + jot() + " FROM " + fixture.db("u_" + n) + ".jot_" + n, false, "jot " + n, out);
                for (String d : n == 0 ? ShardedFixture.SERVER_A_DBS : ShardedFixture.SERVER_B_DBS) {
                    read(s, d.equals("single") ? "SELECT id, note FROM " + fixture.db(d) + ".audit"
                            : "SELECT name, n FROM " + fixture.db(d) + ".tally", false,
                            d.equals("single") ? "audit" : "tally", out);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Adds each row of {@code sql} as text; {@code byUid}: prefixed by its uid's hash value, as the shards are. */
    private static void read(Statement s, String sql, boolean byUid, String prefix, List<String> out)
            throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder(prefix).append(byUid ? " " + rs.getLong(1) % 2 : "").append(':');
                for (int i = 1; i <= width; i++) {
                    Object v = rs.getObject(i);
                    b.append(' ').append(v instanceof java.math.BigDecimal d ? d.toPlainString() : v);
                }
                out.add(b.toString());
            }
        }
    }

    /** Every row of both physical ledger tables, each prefixed by its table's hash value (0: ledger_0). */
    private List<String> ledger() throws SQLException {
        List<String> out = new ArrayList<>();
        for (int n = 0; n <= 1; n++) {
            try (Connection p = fixture.physical(n + 1); Statement s = p.createStatement()) {
                read(s, "SELECT uid, amount, note FROM " + fixture.db("u_" + n) + ".ledger_" + n, false, "ledger " + n,
                        out);
            }
        }
        out.sort(null);
        return out;
    }
}
