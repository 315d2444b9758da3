package io.shardline.driver.gather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.MariaDb;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14's cost bar: a key-filtered sharded table joined with a single table on another server costs the read of
 * its one source shard and the statement, two statements, with its rows inlined as a typed JSON_TABLE; answers (values
 * and column types) identical to one plain database, also where the rows or a type send it back to the gather.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InlineSidesTest {
    private static final String ISSUE_SHAPE = "SELECT o.id, o.status, o.amount, u.name FROM ord o"
            + " JOIN usr u ON u.uid = o.uid WHERE o.uid = ? AND o.id = ?";
    private InlineEstate estate;
    private ShardlineDataSource ds;

    @BeforeAll
    void load() throws SQLException, IOException {
        estate = new InlineEstate();
        ds = new ShardlineDataSource(estate.url(""));
    }

    @AfterAll
    void drop() throws SQLException, IOException {
        if (ds != null) {
            ds.close();
        }
        if (estate != null) {
            estate.close();
        }
    }

    @Test
    void theIssueShapeCostsTwoStatementsAndAnswersAsOneDatabase() throws SQLException {
        try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
            for (long id : new long[] {43, 45, 80, 81, 199}) {
                Object[] params = {id % 40, id};
                assertEquals(answer(plain, ISSUE_SHAPE, params), answer(c, ISSUE_SHAPE, params));
                long before = RoundTripCounter.count();
                answer(c, ISSUE_SHAPE, params);
                assertEquals(2, RoundTripCounter.count() - before, "the source read and the statement, id " + id);
            }
            // a key with no row: the empty side is an empty JSON_TABLE, still two statements
            Object[] none = {3L, 4L};
            assertEquals(answer(plain, ISSUE_SHAPE, none), answer(c, ISSUE_SHAPE, none));
            String plan = explain(c, ISSUE_SHAPE.replace("?", "3"));
            assertTrue(plan.contains("first tried inline on server 3")
                    && plan.contains("\n    ord: JSON_TABLE of the rows of server 2 " + estate.prefix + "b.ord_1 where")
                    && plan.contains("\n    usr: in place on server 3")
                    && plan.contains("statement: SELECT o.id, o.status, o.amount, u.name FROM JSON_TABLE(<rows of ord>) o"
                    + " JOIN `" + estate.prefix + "c`.`usr` u"), plan);
        }
    }

    @Test
    void everyExactTypeAndShapeAnswersAsOneDatabase() throws SQLException {
        String all = "o.id, o.uid, o.status, o.amount, o.made, o.yr, o.flag, o.day, o.note, o.big";
        // each statement and its cost: one read per source shard and the statement when inlined, 0 when the gather runs
        Object[][] statements = {
            {"SELECT " + all + ", u.name, u.tier FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid IN (5, 8)", 3},
            // ord on the NULL-filled side of a LEFT JOIN, narrowed by its ON conjuncts (read from both shards)
            {"SELECT u.name, o.id FROM usr u LEFT JOIN ord o ON o.uid = u.uid AND o.uid = 9 AND o.status = 'paid'", 3},
            // a RIGHT JOIN's ON conjuncts are not pushed: ord is read whole, by the gather
            {"SELECT o.id, u.name FROM ord o RIGHT JOIN usr u ON u.uid = o.uid AND o.uid = 11 WHERE u.uid < 20", 0},
            // no alias: the JSON_TABLE takes the table's name, and its qualifiers name it
            {"SELECT ord.id, ord.status, usr.name FROM ord JOIN usr ON usr.uid = ord.uid WHERE ord.uid = 12", 2},
            {"SELECT a.id, b.id FROM ord a JOIN ord b ON b.status = a.status JOIN usr u ON u.uid = b.uid"
                    + " WHERE a.uid = 13 AND b.uid = 14", 3},
            // latin1_swedish_ci groups 'PAID' with 'paid'; utf8mb4_unicode_ci sorts 'Ève' with 'eve'
            {"SELECT LOWER(o.status), COUNT(*), SUM(o.amount), GROUP_CONCAT(u.name ORDER BY u.name, u.uid) FROM ord o"
                    + " JOIN usr u ON u.uid = o.uid WHERE o.uid IN (1, 2, 3) GROUP BY o.status", 3},
            {"SELECT u.name FROM usr u WHERE u.uid IN (SELECT o.uid FROM ord o WHERE o.uid = 15 AND o.amount > 0)", 2},
            {"SELECT o.status = u.name, o.note = 'x', CONCAT(o.status, u.name), o.amount + u.tier FROM ord o"
                    + " JOIN usr u ON u.uid = o.uid WHERE o.uid = 16", 2},
            // usr narrowed by its own condition is the inlined side here, ord's shard the evaluation server
            {"SELECT o.id FROM ord o WHERE o.uid = 17 UNION SELECT u.uid FROM usr u WHERE u.tier IS NULL", 2},
            // every column, DOUBLE and VARBINARY among them: the gather
            {"SELECT * FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid = 19 AND o.id < 100", 0},
            {"SELECT u.name, (SELECT MAX(o.made) FROM ord o WHERE o.uid = 19) FROM usr u WHERE u.uid < 3", 2}};
        try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
            for (Object[] s : statements) {
                String sql = (String) s[0];
                long before = RoundTripCounter.count();
                assertEquals(answer(plain, sql), answer(c, sql), sql);
                long cost = RoundTripCounter.count() - before;
                int expected = (Integer) s[1];
                assertTrue(expected > 0 ? cost == expected : cost > 3, cost + " statements: " + sql);
            }
        }
    }

    @Test
    void moreRowsThanTheCapGoBackToTheGatherStillExact() throws SQLException {
        // uid 7 holds 1105 orders: more than 1000 to inline, so the temporary tables take them
        String sql = "SELECT o.id, o.amount, u.name FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid = 7";
        try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
            long before = RoundTripCounter.count();
            List<List<String>> rows = answer(c, sql);
            assertTrue(RoundTripCounter.count() - before > 2, "the inline read, then the gather");
            assertEquals(InlineEstate.MANY + 5, rows.size() - 1);
            assertEquals(answer(plain, sql), rows);
        }
    }

    @Test
    void aZeroDateGoesBackToTheGather() throws SQLException {
        // '0000-00-00' and '2024-00-15' read back only under the session's sql_mode: a table column takes them alike
        String sql = "SELECT o.id, o.day, u.name FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid = 6";
        try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
            long before = RoundTripCounter.count();
            List<List<String>> rows = answer(c, sql);
            assertTrue(RoundTripCounter.count() - before > 3, "the inline read, then the gather");
            assertEquals(answer(plain, sql), rows);
            assertTrue(rows.toString().contains("0000-00-00") && rows.toString().contains("2024-00-15"), rows.toString());
        }
    }

    @Test
    void aTypeOutsideTheExactOnesGoesBackToTheGather() throws SQLException {
        // TIME: Connector/J reads '-00:00:01' as '00:00:01'; the gather copies uid 20's shard within its server
        for (String column : new String[] {"o.score", "o.raw", "o.took"}) {
            String sql = "SELECT o.id, " + column + ", u.name FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid = 20";
            try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
                long before = RoundTripCounter.count();
                List<List<String>> rows = answer(c, sql);
                assertTrue(RoundTripCounter.count() - before > 2, column + " is not inlined");
                assertEquals(answer(plain, sql), rows, sql);
            }
        }
    }

    @Test
    void aColumnWidenedByDdlIsSeenByTheNextStatement() throws SQLException {
        String sql = "SELECT o.id, o.status, u.name FROM ord o JOIN usr u ON u.uid = o.uid WHERE o.uid = 22";
        try (Connection c = ds.getConnection(); Connection plain = estate.plain()) {
            assertEquals(answer(plain, sql), answer(c, sql));
            try (Connection root = MariaDb.primary(); Statement s = root.createStatement()) {
                for (String t : new String[] {"a.ord_0", "b.ord_1", "plain.ord"}) {
                    s.execute("ALTER TABLE " + estate.prefix + t + " MODIFY status VARCHAR(40) CHARACTER SET latin1");
                    s.execute("UPDATE " + estate.prefix + t + " SET status = 'paid and shipped, twenty-six+' WHERE id = 22");
                }
            }
            List<List<String>> rows = answer(c, sql);
            assertEquals(answer(plain, sql), rows);
            assertTrue(rows.toString().contains("paid and shipped, twenty-six+"), rows.toString());
        }
    }

    @Test
    void insideALocalTransactionTheStatementKeepsTheGathersRules() throws SQLException {
        // the transaction holds server 3 (usr): the inline path would read ord's shard outside it, so the gather's rule
        // applies, and a local transaction does not reach another server
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE usr SET name = 'in tx' WHERE uid = 23");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> answer(c, ISSUE_SHAPE, 23L, 23L));
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("transactions=xa"), e.getMessage());
            c.rollback();
        }
    }

    private static String explain(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE " + sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The column types (JDBC type, name, precision, scale) and then the rows as text, sorted. Not the labels: an
     * expression's label is its text, which names the physical table on every path, and here the inlined rows.
     */
    private static List<List<String>> answer(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> types = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    types.add(md.getColumnType(i) + " " + md.getColumnTypeName(i) + "("
                            + md.getPrecision(i) + ", " + md.getScale(i) + ")");
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                rows.sort((a, b) -> a.toString().compareTo(b.toString()));
                rows.add(0, types);
                return rows;
            }
        }
    }
}
