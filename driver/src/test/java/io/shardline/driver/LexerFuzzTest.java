package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.LexerFuzzStatements.Kind;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.ShardedFixture;
import io.shardline.router.route.Lookup3;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 13: Shardline reads every byte of SQL as MariaDB reads it, or refuses the statement. A fixed-seed fuzz
 * ({@link LexerFuzzStatements}: comments of every style, quotes, escapes, odd whitespace and control characters, key
 * values in odd forms, operator mixes) runs each statement through Shardline over the {@link ShardedFixture} estate on
 * two real MariaDB servers, and the same text against one plain database with the same rows. Any of these is a failure:
 * <ul>
 * <li>an inserted row that is not in the physical table its stored key selects (user: hash 10 by uid, msg: range with
 *     odd/even slot and secondary split, account: lookup3 of the name, orders: hash 2 by uid);</li>
 * <li>rows, update counts or, at checkpoints, whole tables that differ from the plain database (orders' full-table
 *     scans are on, so a wrong narrowing to one shard shows as missing rows);</li>
 * <li>a refusal with another code than 100403/100422, or anything written by a refused statement;</li>
 * <li>a server error through Shardline for SQL the plain database runs (Shardline sent something else), or
 *     success through Shardline for SQL the plain database refuses.</li>
 * </ul>
 * Each failure names the statement's index, so {@code LexerFuzzStatements} regenerates it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LexerFuzzTest {
    private static final long SEED = 13;
    private static final int STATEMENTS = 2_500;
    private static final String[] TABLES = {"user", "msg", "account", "orders"};
    private static final Map<String, String> KEYS = Map.of("user", "uid", "msg", "id", "account", "name", "orders", "id");

    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;
    private Connection sharded;
    private Connection plain;
    private Connection server1;
    private Connection server2;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();

    @BeforeAll
    void estate() throws SQLException {
        fixture = ShardedFixture.create(ShardedFixture.Engine.MARIADB);
        dataSource = fixture.dataSource();
        sharded = dataSource.getConnection();
        server1 = fixture.physical(1);
        server2 = fixture.physical(2);
        plain = MariaDb.primary();
        try (Statement s = plain.createStatement()) {
            s.execute("CREATE DATABASE " + fixture.db("plain"));
        }
        plain.setCatalog(fixture.db("plain"));
        try (Statement s = plain.createStatement()) {
            s.execute("CREATE TABLE user (uid BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64), balance DECIMAL(12,2))");
            s.execute("CREATE TABLE msg (id BIGINT NOT NULL PRIMARY KEY, content VARCHAR(200), created DATETIME)");
            s.execute("CREATE TABLE account (name VARCHAR(64) NOT NULL PRIMARY KEY, note VARCHAR(200))");
            s.execute("CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, uid BIGINT NOT NULL,"
                    + " item VARCHAR(64))");
        }
        String[] items = {"pen", "ink", "book", null};
        for (Connection c : new Connection[] {plain, sharded}) {
            batch(c, "INSERT INTO user (uid, name) VALUES (?, ?)", 60, i -> new Object[] {(long) i, "n" + i});
            batch(c, "INSERT INTO orders (id, uid, item) VALUES (?, ?, ?)", 120,
                    i -> new Object[] {(long) i + 1, (long) (i % 30), items[i % 4]});
            long[] msgs = {5, 123_456, 199_999, 200_000, 200_013, 250_000, 250_001, 399_999, 400_000, 450_001, 599_999};
            batch(c, "INSERT INTO msg (id, content) VALUES (?, ?)", msgs.length, i -> new Object[] {msgs[i], "c" + i});
            batch(c, "INSERT INTO account (name, note) VALUES (?, ?)", 20, i -> new Object[] {"a" + i, "x"});
        }
    }

    @AfterAll
    void drop() throws SQLException {
        for (Connection c : new Connection[] {sharded, server1, server2}) {
            if (c != null) {
                c.close();
            }
        }
        if (plain != null) {
            try (Statement s = plain.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + fixture.db("plain"));
            }
            plain.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyStatementIsReadAsTheServerReadsItOrRefused() throws SQLException {
        LexerFuzzStatements statements = new LexerFuzzStatements(SEED);
        for (int i = 1; i <= STATEMENTS; i++) {
            LexerFuzzStatements.Statement s = statements.next();
            try {
                check(s);
            } catch (SQLException | RuntimeException e) {
                fail(s, "the check itself failed: " + e);
            }
            if (i % 500 == 0) {
                sameTables("after " + s);
            }
        }
        sameTables("at the end");
        int routed = outcomes.getOrDefault("routed", 0);
        int refused = outcomes.getOrDefault("refused", 0);
        System.out.println("LexerFuzzTest: " + STATEMENTS + " statements, outcomes " + outcomes);
        assertTrue(failures.isEmpty(), failures.size() + " of " + STATEMENTS + " statements disagree with the server"
                + " (outcomes " + outcomes + "):\n" + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
        assertTrue(routed > STATEMENTS / 3 && refused > STATEMENTS / 10, "the fuzz exercises too little: " + outcomes);
    }

    /** What one side did: rows (a query), a count (a write), or the SQLException it threw. */
    private record Outcome(List<List<String>> rows, long count, SQLException error) {
    }

    private void check(LexerFuzzStatements.Statement s) throws SQLException {
        Outcome viaShardline;
        try {
            viaShardline = run(sharded, s);
        } catch (RuntimeException | Error e) {
            fail(s, "Shardline threw " + e);
            return;
        }
        if (viaShardline.error != null) {
            int code = viaShardline.error.getErrorCode();
            if (code == 100403 || code == 100422) {
                count("refused");
                nothingWritten(s);
                return;
            }
            if (code != 100502) {
                fail(s, "refused with code " + code + " (expected 100403 or 100422): " + viaShardline.error.getMessage());
                return;
            }
            count("server error");
            Outcome direct = run(plain, s);
            if (direct.error == null) {
                fail(s, "the server refused it through Shardline (" + viaShardline.error.getMessage()
                        + ") but runs it on the plain database");
            }
            return;
        }
        count("routed");
        Outcome direct = run(plain, s);
        if (direct.error != null) {
            fail(s, "Shardline ran it but the plain database refuses it: " + direct.error.getMessage());
            return;
        }
        if (s.kind().name().startsWith("SELECT")) {
            if (!viaShardline.rows.equals(direct.rows)) {
                fail(s, "rows differ: Shardline " + viaShardline.rows + ", plain " + direct.rows);
            }
            return;
        }
        if (viaShardline.count != direct.count) {
            fail(s, "update counts differ: Shardline " + viaShardline.count + ", plain " + direct.count);
        }
        switch (s.kind()) {
            case INSERT_USER, INSERT_MSG, INSERT_ACCOUNT, INSERT_ORDERS -> placed(s, viaShardline.count);
            case UPDATE_ORDERS -> {
                List<String> shards = physicalKeys(s);
                List<String> expected = plainKeys(s);
                if (!shards.equals(expected)) {
                    fail(s, "rows updated: shards " + shards + ", plain " + expected);
                }
            }
            default -> { }
        }
    }

    private Outcome run(Connection c, LexerFuzzStatements.Statement s) throws SQLException {
        try {
            if (s.params().isEmpty()) {
                try (Statement st = c.createStatement()) {
                    return outcome(st.execute(s.sql()), st);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(s.sql())) {
                for (int i = 0; i < s.params().size(); i++) {
                    ps.setObject(i + 1, s.params().get(i));
                }
                return outcome(ps.execute(), ps);
            }
        } catch (SQLException e) {
            return new Outcome(null, -1, e);
        }
    }

    private static Outcome outcome(boolean query, Statement st) throws SQLException {
        if (!query) {
            return new Outcome(null, st.getUpdateCount(), null);
        }
        return new Outcome(rows(st.getResultSet()), -1, null);
    }

    /** Rows as text, sorted: the same rows in any order compare equal. */
    private static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        out.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        return out;
    }

    // ---- where the rows are ---------------------------------------------------------------------------------------

    /** Each row the statement wrote lies in the physical table its stored key selects, and no row twice. */
    private void placed(LexerFuzzStatements.Statement s, long count) throws SQLException {
        List<String[]> found = physicalRows(s);
        if (found.size() != count) {
            fail(s, count + " rows written, " + found.size() + " found in the shards");
        }
        for (String[] row : found) {
            String expected = home(s.kind(), row[2]);
            if (!expected.equals(row[0] + "." + row[1])) {
                fail(s, "the row with key " + row[2] + " lies in " + row[0] + "." + row[1] + "; its key selects " + expected);
            }
        }
    }

    private void nothingWritten(LexerFuzzStatements.Statement s) throws SQLException {
        if (s.kind() != Kind.SELECT_ORDERS && s.kind() != Kind.SELECT_USER && s.kind() != Kind.DELETE_ORDERS
                && !physicalRows(s).isEmpty()) {
            fail(s, "refused, yet rows with its marker are in the shards");
        }
    }

    /** The physical table (logical shard database name and table) that holds the row with this stored key. */
    private static String home(Kind kind, String key) {
        return switch (kind) {
            case INSERT_USER -> (Long.parseLong(key) % 10 < 5 ? "u_0" : "u_1") + ".user_" + Long.parseLong(key) % 10;
            case INSERT_ORDERS, UPDATE_ORDERS -> (Long.parseLong(key) % 2 == 0 ? "u_0.orders_0" : "u_1.orders_1");
            case INSERT_MSG -> {
                long id = Long.parseLong(key);
                long slot = id / 200_000;
                String db = slot == 1 ? (id % 2 == 1 ? "ud_1_odd" : "ud_1_even") : "ud_" + slot;
                yield db + ".msg" + (id - slot * 200_000) / 50_000;
            }
            case INSERT_ACCOUNT -> {
                long n = Lookup3.hashString(key) % 4;
                yield (n < 2 ? "a_0" : "a_1") + ".account_" + n;
            }
            default -> throw new IllegalArgumentException(kind.name());
        };
    }

    /** Rows carrying the statement's marker in every physical table of its logical table: {database, table, key}. */
    private List<String[]> physicalRows(LexerFuzzStatements.Statement s) throws SQLException {
        String table;
        String key;
        String marker;
        switch (s.kind()) {
            case INSERT_USER -> { table = "user"; key = "uid"; marker = "name"; }
            case INSERT_MSG -> { table = "msg"; key = "id"; marker = "content"; }
            case INSERT_ACCOUNT -> { table = "account"; key = "name"; marker = "note"; }
            default -> { table = "orders"; key = "uid"; marker = "item"; }
        }
        List<String[]> out = new ArrayList<>();
        for (int server = 1; server <= 2; server++) {
            StringBuilder union = new StringBuilder();
            for (String[] place : places(table, server)) {
                union.append(union.length() == 0 ? "" : " UNION ALL ").append("SELECT '").append(place[0]).append("', '")
                        .append(place[1]).append("', ").append(key).append(" FROM ").append(fixture.db(place[0])).append('.')
                        .append(place[1]).append(" WHERE ").append(marker).append(" = ?");
            }
            Connection c = server == 1 ? server1 : server2;
            try (PreparedStatement ps = c.prepareStatement(union.toString())) {
                for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                    ps.setString(i, s.marker());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
        }
        return out;
    }

    /** The physical tables of a logical table on one server: {logical database name, table}. */
    private static List<String[]> places(String table, int server) {
        List<String[]> out = new ArrayList<>();
        switch (table) {
            case "user" -> {
                for (int n = server == 1 ? 0 : 5; n < (server == 1 ? 5 : 10); n++) {
                    out.add(new String[] {server == 1 ? "u_0" : "u_1", "user_" + n});
                }
            }
            case "msg" -> {
                for (String db : server == 1 ? new String[] {"ud_0", "ud_1_odd"} : new String[] {"ud_1_even", "ud_2"}) {
                    for (int n = 0; n < 4; n++) {
                        out.add(new String[] {db, "msg" + n});
                    }
                }
            }
            case "account" -> {
                out.add(new String[] {server == 1 ? "a_0" : "a_1", "account_" + (server == 1 ? 0 : 2)});
                out.add(new String[] {server == 1 ? "a_0" : "a_1", "account_" + (server == 1 ? 1 : 3)});
            }
            default -> out.add(new String[] {server == 1 ? "u_0" : "u_1", "orders_" + (server - 1)});
        }
        return out;
    }

    /** The keys (uids) of the orders rows an UPDATE marked, in the shards: sorted, as text. */
    private List<String> physicalKeys(LexerFuzzStatements.Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String[] row : physicalRows(s)) {
            out.add(row[2]);
        }
        out.sort(null);
        return out;
    }

    private List<String> plainKeys(LexerFuzzStatements.Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = plain.prepareStatement("SELECT uid FROM orders WHERE item = ?")) {
            ps.setString(1, s.marker());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Every table holds the same rows in both worlds. */
    private void sameTables(String when) throws SQLException {
        for (String table : TABLES) {
            String sql = "SELECT * FROM " + table + " ORDER BY " + KEYS.get(table);
            List<List<String>> expected;
            try (Statement st = plain.createStatement()) {
                expected = rows(st.executeQuery(sql));
            }
            try (Statement st = sharded.createStatement()) {
                st.unwrap(ShardlineStatement.class).setAllShards();
                List<List<String>> actual = rows(st.executeQuery(sql));
                if (!actual.equals(expected)) {
                    failures.add("table " + table + " differs " + when + ": " + expected.size() + " rows in the plain"
                            + " database, " + actual.size() + " in the shards");
                }
            }
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }

    private void fail(LexerFuzzStatements.Statement s, String what) {
        failures.add(s + "\n    " + what);
    }

    private interface Row {
        Object[] of(int i);
    }

    private static void batch(Connection c, String sql, int n, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < n; i++) {
                Object[] values = row.of(i);
                for (int k = 0; k < values.length; k++) {
                    ps.setObject(k + 1, values[k]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
