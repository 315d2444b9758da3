package io.shardline.driver.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineStatement;
import io.shardline.driver.testing.ShardedFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The differential suite: every statement of {@code src/test/resources/differential/corpus.sql} runs against a plain
 * database and against the same data sharded over three servers through Shardline; the answers must agree (rows,
 * order when the statement orders, update counts, and after each write the whole content of every table). Statements
 * Shardline refuses must fail with the listed DBProxy code. After every statement no physical connection may be left
 * borrowed (which also means no transaction left open). Runs on H2 and on MariaDB ({@link H2DifferentialTest},
 * {@link MariaDbDifferentialTest}); add a statement by adding a line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialSuite {
    private DifferentialFixture fixture;

    abstract ShardedFixture.Engine engine();

    @BeforeAll
    void load() throws SQLException {
        fixture = DifferentialFixture.create(engine());
    }

    @AfterAll
    void drop() throws SQLException {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * One line of the corpus: flags in brackets, then the SQL. Flags: {@code ordered} (compare in order),
     * {@code ci} (strings compare case-insensitively on MySQL, where a group's or DISTINCT's representative spelling
     * is either), {@code params v, ...} (bound values: integers, decimals, 'strings', null), {@code batch v, ... | v, ...}
     * (one batch item per group), {@code refused CODE}, {@code mariadb} / {@code h2} (one engine only).
     */
    record Entry(int line, String sql, boolean ordered, boolean ci, List<Object> params, List<List<Object>> batch,
                 Integer refused, String only) {
        boolean write() {
            String head = sql.stripLeading().toUpperCase(Locale.ROOT);
            return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE")
                    || head.startsWith("REPLACE");
        }
    }

    static List<Entry> corpus() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                DifferentialSuite.class.getResourceAsStream("/differential/corpus.sql"), StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                boolean ordered = false;
                boolean ci = false;
                List<Object> params = List.of();
                List<List<Object>> batch = null;
                Integer refused = null;
                String only = null;
                while (text.startsWith("[")) {
                    int close = text.indexOf(']');
                    String flag = text.substring(1, close).strip();
                    text = text.substring(close + 1).strip();
                    if (flag.equals("ordered")) {
                        ordered = true;
                    } else if (flag.equals("ci")) {
                        ci = true;
                    } else if (flag.equals("mariadb") || flag.equals("h2")) {
                        only = flag;
                    } else if (flag.startsWith("params ")) {
                        params = values(flag.substring(7));
                    } else if (flag.startsWith("batch ")) {
                        batch = new ArrayList<>();
                        for (String item : flag.substring(6).split("\\|")) {
                            batch.add(values(item));
                        }
                    } else if (flag.startsWith("refused ")) {
                        refused = Integer.parseInt(flag.substring(8).strip());
                    } else {
                        throw new IOException("corpus.sql:" + lineNo + ": unknown flag [" + flag + "]");
                    }
                }
                out.add(new Entry(lineNo, text, ordered, ci, params, batch, refused, only));
            }
        }
        return out;
    }

    private static List<Object> values(String text) {
        List<Object> out = new ArrayList<>();
        for (String v : text.split(",")) {
            String t = v.strip();
            if (t.equals("null")) {
                out.add(null);
            } else if (t.startsWith("'")) {
                out.add(t.substring(1, t.length() - 1));
            } else if (t.contains(".")) {
                out.add(new BigDecimal(t));
            } else {
                out.add(Long.parseLong(t));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> corpusAgrees() throws IOException {
        List<Entry> entries = corpus();
        assertTrue(entries.size() >= 150, "the corpus holds " + entries.size() + " statements; keep at least 150");
        return entries.stream().map(e -> DynamicTest.dynamicTest("corpus.sql:" + e.line + " " + e.sql, () -> run(e)));
    }

    private void run(Entry e) throws Exception {
        if (e.only != null && !e.only.equals(engine().name().toLowerCase(Locale.ROOT))) {
            return;
        }
        try {
            if (e.refused != null) {
                refused(e);
            } else if (e.batch != null) {
                batch(e);
            } else if (e.write()) {
                write(e);
            } else {
                read(e);
            }
        } finally {
            assertEquals(0, fixture.dataSource().runtime().pools().activeConnections(),
                    "physical connections still borrowed (or a transaction left open)");
        }
    }

    /**
     * Inside an XA transaction a gathered statement reads through the transaction's own branches, so it sees the
     * transaction's uncommitted rows; after the rollback they are gone.
     */
    @org.junit.jupiter.api.Test
    void aGatherInsideAnXaTransactionSeesItsOwnWrites() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine() == ShardedFixture.Engine.MARIADB, "XA needs MariaDB");
        String sql = "SELECT COUNT(*), SUM(o.qty) FROM orders o JOIN users u ON u.uid = o.uid WHERE u.uid IN (1, 2, 3)";
        try (io.shardline.driver.ShardlineDataSource xa = fixture.dataSource("transactions=xa");
             Connection c = xa.getConnection(); Statement s = c.createStatement()) {
            List<Object> before = rows(s.executeQuery(sql), false).get(0);
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO orders (id, uid, item, qty) VALUES (7001, 2, 'xa', 7)");
            s.executeUpdate("UPDATE users SET name = 'in tx' WHERE uid = 3"); // a branch on another server too
            List<Object> inside = rows(s.executeQuery(sql), false).get(0);
            assertTrue(s.unwrap(ShardlineStatement.class).lastPlan().describe().startsWith("Gather("));
            assertEquals(new BigDecimal(before.get(0).toString()).add(BigDecimal.ONE).toPlainString(), inside.get(0));
            assertEquals(new BigDecimal(before.get(1).toString()).add(BigDecimal.valueOf(7)).toPlainString(),
                    inside.get(1));
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(before, rows(s.executeQuery(sql), false).get(0));
            io.shardline.driver.testing.Borrowed.assertNone(xa.runtime(), "a physical connection is still borrowed");
        }
    }

    /** H2 commits a transaction when it drops any table: a gather inside one is refused and commits nothing. */
    @org.junit.jupiter.api.Test
    void aGatherInsideAnH2TransactionIsRefusedAndCommitsNothing() throws SQLException {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine() == ShardedFixture.Engine.H2, "an H2 limit");
        try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO orders (id, uid, item, qty) VALUES (7002, 2, 'h2tx', 1)");
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(
                    "SELECT COUNT(*) FROM orders o JOIN users u ON u.uid = o.uid WHERE u.uid IN (1, 2, 3)").close());
            assertEquals(100403, e.getErrorCode(), e.getMessage());
            assertTrue(e.getMessage().contains("outside the transaction"), e.getMessage());
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(List.of(List.of("0")), rows(s.executeQuery("SELECT COUNT(*) FROM orders WHERE uid = 2 AND id = 7002"),
                    false));
        }
        assertEquals(0, fixture.dataSource().runtime().pools().activeConnections());
    }

    private void refused(Entry e) throws SQLException {
        try (Connection c = fixture.dataSource().getConnection()) {
            SQLException ex = assertThrows(SQLException.class, () -> {
                try (PreparedStatement ps = c.prepareStatement(e.sql)) {
                    bind(ps, e.params);
                    ps.execute();
                }
            });
            assertEquals((int) e.refused, ex.getErrorCode(), ex.getMessage());
            assertTrue(ex.getMessage().endsWith("(" + e.refused + ")"), "the message names its code: " + ex.getMessage());
            assertTrue(c.getAutoCommit());
        }
    }

    private void read(Entry e) throws SQLException {
        List<List<Object>> expected;
        List<List<Object>> actual;
        List<String> expectedTypes;
        try (Connection plain = fixture.plain(); PreparedStatement ps = plain.prepareStatement(e.sql)) {
            bind(ps, e.params);
            ResultSet rs = ps.executeQuery();
            expectedTypes = types(rs);
            expected = rows(rs, e.ci);
        }
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(e.sql)) {
            bind(ps, e.params);
            ResultSet rs = ps.executeQuery();
            List<String> actualTypes = types(rs);
            actual = rows(rs, e.ci);
            String plan = ps.unwrap(ShardlineStatement.class).lastPlan().describe();
            if (plan.startsWith("Gather(")) {
                // the evaluation server computed the columns itself, over copies with the originals' definitions
                assertEquals(expectedTypes, actualTypes, "column types differ; the plan was:\n" + plan);
            }
            if (!e.ordered) {
                expected.sort(Comparator.comparing(Object::toString));
                actual.sort(Comparator.comparing(Object::toString));
            }
            assertEquals(expected, actual, "rows differ; the plan was:\n" + plan);
        }
    }

    private void write(Entry e) throws SQLException {
        long expected;
        long actual;
        try (Connection plain = fixture.plain(); PreparedStatement ps = plain.prepareStatement(e.sql)) {
            bind(ps, e.params);
            expected = ps.executeLargeUpdate();
        }
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(e.sql)) {
            bind(ps, e.params);
            actual = ps.executeLargeUpdate();
            io.shardline.router.plan.Plan plan = ps.unwrap(ShardlineStatement.class).lastPlan();
            assertEquals(expected, actual, "update counts differ; the plan was:\n"
                    + (plan == null ? "none kept (written in place or in one step)" : plan.describe()));
        }
        sameTables();
    }

    private void batch(Entry e) throws SQLException {
        int[] expected;
        int[] actual;
        try (Connection plain = fixture.plain(); PreparedStatement ps = plain.prepareStatement(e.sql)) {
            for (List<Object> item : e.batch) {
                bind(ps, item);
                ps.addBatch();
            }
            expected = ps.executeBatch();
        }
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(e.sql)) {
            for (List<Object> item : e.batch) {
                bind(ps, item);
                ps.addBatch();
            }
            actual = ps.executeBatch();
        }
        assertEquals(expected.length, actual.length);
        // plain Connector/J (no rewriting) is the reference; only a statement whose rewritten batch hides each item's
        // count (INSERT IGNORE, ON DUPLICATE KEY UPDATE, REPLACE) may answer SUCCESS_NO_INFO instead
        boolean countable = io.shardline.router.sql.InsertCount.plainInsertRows(e.sql) > 0
                || !e.sql.trim().toUpperCase(java.util.Locale.ROOT).matches("^(INSERT|REPLACE)\\b.*");
        for (int i = 0; i < expected.length; i++) {
            if (countable || actual[i] != Statement.SUCCESS_NO_INFO) {
                assertEquals(expected[i], actual[i], "count of batch item " + i + " of " + e.sql);
            }
        }
        sameTables();
    }

    /** After a write, every table holds the same rows in both worlds. */
    private void sameTables() throws SQLException {
        for (String table : DifferentialFixture.TABLES) {
            String sql = "SELECT * FROM " + table + " ORDER BY " + DifferentialFixture.KEYS.get(table);
            List<List<Object>> expected;
            try (Connection plain = fixture.plain(); Statement s = plain.createStatement()) {
                expected = rows(s.executeQuery(sql), false);
            }
            try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.unwrap(ShardlineStatement.class).setAllShards(); // customer's full-table-scan switch is off
                assertEquals(expected, rows(s.executeQuery(sql), false), "table " + table + " differs after the write");
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    /** Each column's SQL type, type name, precision and scale, as the result set describes it. */
    private static List<String> types(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnType(i) + " " + md.getColumnTypeName(i) + "(" + md.getPrecision(i) + ", "
                    + md.getScale(i) + ")");
        }
        return out;
    }

    private List<List<Object>> rows(ResultSet rs, boolean ci) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(md.getColumnCount());
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(normalize(rs.getObject(i), ci));
                }
                out.add(row);
            }
            assertFalse(rs.next());
            return out;
        }
    }

    /** Values compare by what they mean: numbers by value, date-times by time, strings as the server's collation. */
    private Object normalize(Object v, boolean ci) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double || v instanceof Float) {
            BigDecimal d = BigDecimal.valueOf(((Number) v).doubleValue());
            return d.round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof LocalDateTime || v instanceof LocalDate) {
            return v;
        }
        if (v instanceof String s && ci && engine() == ShardedFixture.Engine.MARIADB) {
            return s.stripTrailing().toUpperCase(Locale.ROOT);
        }
        if (v instanceof byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
        return v;
    }
}
