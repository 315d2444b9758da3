package io.shardline.demo;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineStatement;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.router.plan.Route;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Shardline's main job on the embedded default, with nothing but Java: two H2 "servers" holding six shard
 * databases, split metadata in an H2 file, a few thousand rows written and read through {@code jdbc:shardline:},
 * and for every statement where it went and what came back.
 */
public final class Demo {
    private static final String SERVER_A = "jdbc:h2:mem:demo_server_a;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    private static final String SERVER_B = "jdbc:h2:mem:demo_server_b;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    private static final int USERS = 2000;
    private static final int MESSAGES = 3000;

    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new Demo(System.out).run(Path.of(args.length > 0 ? args[0] : "target/shardline-demo").toAbsolutePath());
    }

    void run(Path dir) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        String metadata = "jdbc:h2:" + dir.resolve("metadata");

        out.println("Shardline demo: one logical MySQL database over two embedded H2 servers");
        buildEstate(metadata);
        String url = "jdbc:shardline:h2:" + dir.resolve("metadata");
        out.println("  url      " + url);
        out.println();

        try (ShardlineDataSource ds = new ShardlineDataSource(url); Connection c = ds.getConnection()) {
            load(c);
            queries(c);
            transaction(c);
            refusals(c);
            distribution();
        }
    }

    /** Physical databases and tables on the two servers, and DBProxy-style metadata describing them. */
    private void buildEstate(String metadata) throws SQLException {
        String[][] layout = {{"ud_0", "ud_1_odd", "u_0"}, {"ud_1_even", "ud_2", "u_1"}};
        String[] servers = {SERVER_A, SERVER_B};
        for (int s = 0; s < 2; s++) {
            try (Connection c = DriverManager.getConnection(servers[s]); Statement st = c.createStatement()) {
                for (String db : layout[s]) {
                    st.execute("CREATE SCHEMA IF NOT EXISTS " + db);
                    if (db.startsWith("ud_")) {
                        for (int i = 0; i < 4; i++) {
                            st.execute("CREATE TABLE " + db + ".msg" + i
                                    + " (id BIGINT PRIMARY KEY, sender BIGINT, body VARCHAR(200))");
                        }
                    } else {
                        for (int n = db.equals("u_0") ? 0 : 4, end = n + 4; n < end; n++) {
                            st.execute("CREATE TABLE " + db + ".user_" + n
                                    + " (uid BIGINT PRIMARY KEY, name VARCHAR(64), city VARCHAR(64), balance DECIMAL(12,2))");
                        }
                    }
                }
            }
            out.println("  server " + (s + 1) + " " + servers[s].substring(0, servers[s].indexOf(';')) + " holds "
                    + String.join(", ", layout[s]));
        }
        try (Connection meta = DriverManager.getConnection(JdbcMetadataStore.h2Url(metadata))) {
            ConfigSchema.create(meta, false);
            ConfigWriter w = new ConfigWriter(meta, false);
            w.server(1, 0, "h2-a", 0, "", "").serverOption(1, null, SERVER_A);
            w.server(2, 0, "h2-b", 0, "", "").serverOption(2, null, SERVER_B);
            w.rangeTable("", "msg", 200_000, "ud", 50_000, "id");
            w.rangeSlot("", "ud", 0, 0, 1, "ud_0");
            w.rangeSlot("", "ud", 1, 1, 1, "ud_1_odd");
            w.rangeSlot("", "ud", 1, 2, 2, "ud_1_even");
            w.rangeSlot("", "ud", 2, 0, 2, "ud_2");
            w.hashTable("", "user", 8, "uid");
            for (int n = 0; n < 8; n++) {
                w.placement("", "user", n, n < 4 ? 1 : 2, n < 4 ? "u_0" : "u_1");
            }
            ConfigSchema.touch(meta);
        }
        out.println("  msg      range split: span 200000 over category ud (slot 0 ud_0, slot 1 odd/even ud_1_odd|ud_1_even,"
                + " slot 2 ud_2), secondary split 50000 (msg0..msg3), hint column id");
        out.println("  user     hash split: 8 tables (user_0..3 in u_0, user_4..7 in u_1), hint column uid");
    }

    private void load(Connection c) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user (uid, name, city, balance) VALUES (?, ?, ?, ?)")) {
            String[] cities = {"Lisbon", "Osaka", "Quito", "Tromso", "Accra"};
            for (int uid = 1; uid <= USERS; uid++) {
                ps.setLong(1, uid);
                ps.setString(2, "user" + uid);
                ps.setString(3, cities[uid % cities.length]);
                ps.setBigDecimal(4, java.math.BigDecimal.valueOf(uid % 997, 2));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO msg (id, sender, body) VALUES (?, ?, ?)")) {
            for (int i = 0; i < MESSAGES; i++) {
                long id = i * 197L; // spreads 0..590803 over the three slots and both parities
                ps.setLong(1, id);
                ps.setLong(2, 1 + i % USERS);
                ps.setString(3, "message " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        out.printf("Loaded %d users and %d messages through jdbc:shardline: in %d ms (batched PreparedStatements)%n%n",
                USERS, MESSAGES, (System.nanoTime() - start) / 1_000_000);
    }

    private void queries(Connection c) throws SQLException {
        query(c, "SELECT name, city, balance FROM user WHERE uid = ?", 1234L);
        query(c, "SELECT * FROM msg WHERE id = 123519", null);
        query(c, "SELECT id, body FROM msg WHERE id = ?", 200349L);
        // message 250190 is number 1270 (ids step by 197), sent by user 1 + 1270 % USERS = 1271
        query(c, "SELECT m.id, m.body, u.name FROM msg m, user u WHERE m.id = 250190 AND u.uid = 1271 AND m.sender = u.uid", null);
        query(c, "SELECT id, body FROM msg WHERE id = 590803", null);
        query(c, "SELECT COUNT(*) AS users, SUM(balance) AS total FROM user WHERE uid IN (5, 13, 21)", null);
        query(c, "SELECT city, COUNT(*) AS users, AVG(balance) FROM user WHERE uid IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"
                + " GROUP BY city ORDER BY users DESC, city", null);
        query(c, "SELECT id, body FROM msg WHERE id BETWEEN 199900 AND 200400 ORDER BY id DESC LIMIT 2, 3", null);
        query(c, "/*+ shardline(hint=250000) */ SELECT COUNT(*) AS messages_in_shard FROM msg", null);
        query(c, "DESC user", null);
        update(c, "UPDATE user SET balance = balance + 10 WHERE uid = ?", 1234L);
        query(c, "SELECT name, balance FROM user WHERE uid = 1234", null);
    }

    private void transaction(Connection c) throws SQLException {
        out.println("> BEGIN (setAutoCommit(false))");
        c.setAutoCommit(false);
        update(c, "UPDATE user SET balance = balance - 5 WHERE uid = ?", 8L);
        update(c, "UPDATE user SET balance = balance + 5 WHERE uid = ?", 16L);
        try {
            update(c, "UPDATE user SET balance = balance + 5 WHERE uid = ?", 4L);
        } catch (SQLException e) {
            out.println("  !! " + e.getMessage());
        }
        c.rollback();
        c.setAutoCommit(true);
        out.println("> ROLLBACK: uid 8 and 16 share server 1 (user_0 in u_0); uid 4 lives on server 2, so the transaction"
                + " refused it");
        out.println();
    }

    private void refusals(Connection c) throws SQLException {
        for (String sql : List.of("SELECT * FROM msg", "SELECT * FROM msg WHERE id = 600000",
                "SELECT * FROM msg WHERE id = -5", "SELECT * FROM nosuch WHERE id = 1", "SELECT * FROM user WHERE")) {
            out.println("> " + sql);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                out.println("  unexpectedly answered");
            } catch (SQLException e) {
                out.println("  !! code " + e.getErrorCode() + ": " + e.getMessage());
            }
            out.println();
        }
    }

    private void query(Connection c, String sql, Long param) throws SQLException {
        out.println("> " + sql + (param == null ? "" : "    [? = " + param + "]"));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setLong(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                where(ps);
                ResultSetMetaData md = rs.getMetaData();
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        cells.add(md.getColumnLabel(i).toLowerCase() + "=" + rs.getString(i));
                    }
                    rows.add(String.join(" ", cells));
                }
                out.println("  <- " + rows.size() + " row(s)" + (rows.isEmpty() ? "" : ": " + String.join(" | ", rows.subList(0, Math.min(3, rows.size())))
                        + (rows.size() > 3 ? " | ..." : "")));
            }
        } catch (SQLException e) {
            out.println("  !! code " + e.getErrorCode() + ": " + e.getMessage());
        }
        out.println();
    }

    private void update(Connection c, String sql, long param) throws SQLException {
        out.println("> " + sql + "    [? = " + param + "]");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, param);
            int n = ps.executeUpdate();
            where(ps);
            out.println("  <- " + n + " row(s) changed");
        }
        out.println();
    }

    private void where(Statement s) throws SQLException {
        Route r = s.unwrap(ShardlineStatement.class).lastRoute();
        if (r == null) { // several shards: the plan says where each part ran and how the rows were merged
            out.println(s.unwrap(ShardlineStatement.class).lastPlan().describe().indent(5).stripTrailing()
                    .replaceFirst("^ {5}", "  -> "));
            return;
        }
        out.println("  -> server " + r.serverId() + ", database " + (r.database() == null ? "-" : r.database())
                + (r.read() && !r.forceMaster() ? " (read)" : " (master)") + ": " + r.sql().replace('\n', ' '));
    }

    /** How the rows spread, read straight from the two H2 servers. */
    private void distribution() throws SQLException {
        out.println("Rows per physical table, read directly from the servers:");
        String[] servers = {SERVER_A, SERVER_B};
        for (int s = 0; s < 2; s++) {
            try (Connection c = DriverManager.getConnection(servers[s]); Statement st = c.createStatement();
                 ResultSet tables = st.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                         + " WHERE table_schema IN ('ud_0','ud_1_odd','ud_1_even','ud_2','u_0','u_1')"
                         + " ORDER BY table_schema, table_name")) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString(1) + "." + tables.getString(2));
                }
                StringBuilder line = new StringBuilder("  server " + (s + 1) + ":");
                for (String t : names) {
                    try (Statement count = c.createStatement(); ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM " + t)) {
                        rs.next();
                        line.append(' ').append(t).append('=').append(rs.getInt(1));
                    }
                }
                out.println(line);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
