package io.shardline.driver.gather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A statement answered by gathering ({@code m} joined with {@code u} on a column that is not {@code u}'s hint column,
 * the two tables' shards on two servers): its plan as EXPLAIN SHARDLINE shows it, the row limit, temporary tables that
 * do not outlive the statement on pooled connections, and a local transaction that would need another server
 * (an XA transaction reading its own writes is in {@code DifferentialSuite}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatherTest {
    private static final String JOIN = "SELECT COUNT(*), SUM(m.id) FROM m JOIN u ON u.uid = m.uid WHERE u.name = 'user3'";
    private GatherEstate estate;

    @BeforeAll
    void load() throws SQLException, IOException {
        estate = new GatherEstate();
        estate.load(200);
    }

    @AfterAll
    void drop() throws SQLException, IOException {
        if (estate != null) {
            estate.close();
        }
    }

    /** uid = id % 40 and name = 'user' + uid % 7: the ids whose uid % 7 is 3. */
    private static long[] expected(long extraId) {
        long count = 0;
        long sum = 0;
        for (long id = 0; id < 200; id++) {
            if (id % 40 % 7 == 3) {
                count++;
                sum += id;
            }
        }
        return extraId < 0 ? new long[] {count, sum} : new long[] {count + 1, sum + extraId};
    }

    private static long[] run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Test
    void aJoinOnAnotherColumnIsAnsweredAndExplained() throws SQLException {
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("")); Connection c = ds.getConnection()) {
            assertEquals(List.of(expected(-1)[0], expected(-1)[1]), List.of(run(c, JOIN)[0], run(c, JOIN)[1]));
            List<String> plan = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE " + JOIN)) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            String text = String.join("\n", plan);
            assertTrue(plan.get(0).startsWith("Gather(evaluate on server 1 " + estate.prefix + "a, because: "), text);
            // u's own conjunct runs on u's shards; m has none, so all its rows move, but only the columns named
            assertTrue(text.contains("u -> temporary table shardline_gather_1_u: rows of server 1 " + estate.prefix
                    + "a.u_0, server 2 " + estate.prefix + "b.u_1 where (u.name = 'user3') []"), text);
            assertTrue(text.contains("m -> temporary table shardline_gather_0_m: all rows of server 1 " + estate.prefix
                    + "a.m_0, server 2 " + estate.prefix + "b.m_1; only the columns named in the statement"), text);
            // the rows each copy is expected to move, from the servers' statistics (m: 200 rows, u: 40, approximately)
            assertTrue(text.matches("(?s).*\n  m \\(shardline_gather_0_m\\): about \\d+ rows to move \\(information_schema"
                    + "\\.TABLES\\.TABLE_ROWS\\).*"), text);
            assertTrue(text.contains("\n  u (shardline_gather_1_u): at most about "), text);
            // the user's text runs as written, its table names (and qualifiers naming them) pointing at the copies
            String copyOfM = "`" + estate.prefix + "a`.`shardline_gather_0_m`";
            assertTrue(plan.get(plan.size() - 1).startsWith("  then on server 1: SELECT COUNT(*), SUM(" + copyOfM
                    + ".id) FROM " + copyOfM + " JOIN"), text);
            assertTrue(ds.runtime().pools().activeConnections() <= 2, "at most the one kept per server");
            c.close();
            assertEquals(0, ds.runtime().pools().activeConnections(), "closing the connection gives back every one");
        }
    }

    @Test
    void keyConditionsNarrowTheRowsCopiedNotOnlyTheShards() throws SQLException {
        String sql = "SELECT COUNT(*), SUM(m.id) FROM m JOIN u ON u.uid = m.uid WHERE m.id IN (3, 43, 44)";
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxGatherRows=10"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // the plan shows the reference's own key conditions pushed to its shards' reads
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE " + sql)) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            String text = String.join("\n", plan);
            assertTrue(text.contains("m -> temporary table shardline_gather_0_m: rows of ")
                    && text.contains(" where `id` IN (?, ?, ?) AND (m.id IN (3, 43, 44)) [3, 43, 44]"), text);
        }
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxGatherRows=50"));
             Connection c = ds.getConnection()) {
            // m's three rows and u's 40 stay under 50: the filter ran on the shards, not after the copy
            assertEquals(List.of(3L, 90L), List.of(run(c, sql)[0], run(c, sql)[1]));
        }
    }

    @Test
    void conjunctsOfOneTableRunOnItsShardsSoOnlyTheirRowsMove() throws SQLException {
        // m: 200 rows, u: 40; m.id < 30 keeps 30 of m, u.name = 'user3' keeps 6 of u (uid % 7 = 3): 36 rows fit in
        // 40 only when both conjuncts ran on the shards (one bound by a placeholder)
        String sql = "SELECT COUNT(*), SUM(m.id) FROM m JOIN u ON u.uid = m.uid WHERE u.name = 'user3' AND m.id < ?";
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxGatherRows=40"));
             Connection c = ds.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 30);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(List.of(4L, 3L + 10 + 17 + 24), List.of(rs.getLong(1), rs.getLong(2))); // ids 3, 10, 17, 24
            }
        }
    }

    @Test
    void aKeyedSideSendsItsJoinValuesToTheOtherSidesReads() throws SQLException {
        // m's keys keep 3 rows (uids 3, 3, 4); they are copied first and their uids sent to u's reads: 3 + 2 rows
        // move, where u read whole would move 40
        String sql = "SELECT COUNT(*), SUM(m.id) FROM m JOIN u ON u.uid = m.uid WHERE m.id IN (3, 43, 44)";
        String left = "SELECT COUNT(*), COUNT(u.uid) FROM m LEFT JOIN u ON u.uid = m.uid WHERE m.id IN (3, 43, 44)";
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxGatherRows=5"));
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertEquals(List.of(3L, 90L), List.of(run(c, sql)[0], run(c, sql)[1]));
            assertEquals(List.of(3L, 3L), List.of(run(c, left)[0], run(c, left)[1]));
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE " + sql)) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            String text = String.join("\n", plan);
            assertTrue(text.contains("; and uid IN (the values of m.uid when its copy, made first, holds at most 1000"
                    + " and the types match; only the shards they hash to)"), text);
            // uid is u's hint column: the one value 3 reads only its shard of u, and finds both of m's rows
            String one = "SELECT COUNT(*), SUM(m.id) FROM m JOIN u ON u.uid = m.uid WHERE m.id IN (3, 43)";
            assertEquals(List.of(2L, 46L), List.of(run(c, one)[0], run(c, one)[1]));
        }
        // the preserved side of an outer join receives nothing: all 40 users stay, 3 of them matched (uid 3 twice)
        String preserved = "SELECT COUNT(*), COUNT(m.id) FROM u LEFT JOIN m ON m.uid = u.uid AND m.id IN (3, 43, 44)";
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("")); Connection c = ds.getConnection()) {
            assertEquals(List.of(41L, 3L), List.of(run(c, preserved)[0], run(c, preserved)[1]));
        }
    }

    @Test
    void aConditionOnTheNullFilledSideOfAnOuterJoinIsNotPushed() throws SQLException {
        // every m row finds its u (uid = id % 40, and u holds uids 0..39), and no name is NULL: no row has u.name NULL.
        // Pushed to u's read, the condition would empty u and turn all 200 rows into NULL-filled ones.
        String sql = "SELECT COUNT(*), COUNT(u.uid) FROM m LEFT JOIN u ON u.uid = m.uid AND u.name <> 'nobody'"
                + " WHERE u.name IS NULL";
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("")); Connection c = ds.getConnection()) {
            assertEquals(List.of(0L, 0L), List.of(run(c, sql)[0], run(c, sql)[1]));
            List<String> plan = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE " + sql)) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            String text = String.join("\n", plan);
            // the ON conjunct of the LEFT JOIN over u alone is pushed; the WHERE over the NULL-filled u is not
            assertTrue(text.contains(" where (u.name <> 'nobody') []"), text);
            assertTrue(!text.contains("IS NULL) ["), text);
        }
    }

    @Test
    void moreRowsThanMaxGatherRowsAreRefusedWithTheNumbers() throws SQLException {
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxGatherRows=150"));
             Connection c = ds.getConnection()) {
            // joined on an expression, u's six rows send no keys: all 200 rows of m must move, and 206 > 150
            String wide = JOIN.replace("u.uid = m.uid", "u.uid + 0 = m.uid");
            SQLException e = assertThrows(SQLException.class, () -> run(c, wide));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("more than 150 rows") && e.getMessage().contains("maxGatherRows"),
                    e.getMessage());
            assertTrue(ds.runtime().pools().activeConnections() <= 2,
                    "the refused gather returned its connections but the one kept per server");
            // a narrower statement under the same limit still runs, on the same pooled connections
            assertEquals(expected(-1)[0], run(c, JOIN.replace("WHERE", "WHERE m.id IN (3, 43, 83, 123, 163) AND"))[0]
                    + expected(-1)[0] - 5);
            c.close();
            assertEquals(0, ds.runtime().pools().activeConnections(), "closing the connection gives back every one");
        }
    }

    @Test
    void temporaryTablesDoNotOutliveTheStatementOnAPooledConnection() throws SQLException {
        // one connection per server: a temporary table left behind would make the next CREATE TEMPORARY TABLE fail
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("maxPoolSize=1"))) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = ds.getConnection()) {
                    assertEquals(expected(-1)[1], run(c, JOIN)[1]);
                }
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setFetchSize(10); // the result streams from a cursor; closing it early still drops the tables
                try (ResultSet rs = s.executeQuery("SELECT m.id FROM m JOIN u ON u.uid = m.uid ORDER BY m.id")) {
                    assertTrue(rs.next());
                }
                assertEquals(expected(-1)[0], run(c, JOIN)[0]);
            }
        }
    }

    @Test
    void aLocalTransactionThatWouldReadAnotherServerIsRefusedClearly() throws SQLException {
        try (ShardlineDataSource ds = new ShardlineDataSource(estate.url("")); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO m (id, uid, pad) VALUES (1000, 3, 'tx')");
            }
            // joined on an expression, u's six rows send no keys: all 200 rows of m must move, and 206 > 150
            String wide = JOIN.replace("u.uid = m.uid", "u.uid + 0 = m.uid");
            SQLException e = assertThrows(SQLException.class, () -> run(c, wide));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("transactions=xa"), e.getMessage());
            c.rollback();
        }
    }
}
