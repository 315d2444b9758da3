package io.shardline.driver.gather;

import io.shardline.driver.testing.MariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Two Shardline servers on the MariaDB at 127.0.0.1:3306 (ids 1 and 2, each its own pool, so rows of server 2 really
 * travel through the driver to reach a temporary table on server 1): {@code m} hash 2 by id and {@code u} hash 2 by
 * uid, shard 0 of each in database {@code <prefix>a} (server 1), shard 1 in {@code <prefix>b} (server 2); three
 * small single tables {@code s1..s3} (k = 0, 1) in {@code <prefix>a}. Database names carry a random prefix.
 */
final class GatherEstate implements AutoCloseable {
    final String prefix = "ga" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
    final Path yaml;

    GatherEstate() throws SQLException, IOException {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String d : new String[] {"a", "b"}) {
                s.execute("CREATE DATABASE " + prefix + d);
            }
            for (int k = 0; k < 2; k++) {
                String db = prefix + (k == 0 ? "a" : "b");
                s.execute("CREATE TABLE " + db + ".m_" + k + " (id BIGINT PRIMARY KEY, uid BIGINT, pad CHAR(24))"
                        + " DEFAULT CHARSET=utf8mb4");
                s.execute("CREATE TABLE " + db + ".u_" + k + " (uid BIGINT PRIMARY KEY, name VARCHAR(16))");
            }
            for (int i = 1; i <= 3; i++) {
                s.execute("CREATE TABLE " + prefix + "a.s" + i + " (k INT PRIMARY KEY)");
                s.execute("INSERT INTO " + prefix + "a.s" + i + " VALUES (0), (1)");
            }
        }
        StringBuilder y = new StringBuilder("server_info:\n"
                + "  - {server_id: 1, host: 127.0.0.1, port: 3306, user: root}\n"
                + "  - {server_id: 2, host: 127.0.0.1, port: 3306, user: root}\n"
                + "table_info:\n"
                + "  - {table_name: m, split_type: 0, table_count: 2, hint_field: id}\n"
                + "  - {table_name: u, split_type: 0, table_count: 2, hint_field: uid}\n");
        for (int i = 1; i <= 3; i++) {
            y.append("  - {table_name: s").append(i).append(", split_type: 0}\n");
        }
        y.append("split_table_info:\n");
        for (String t : new String[] {"m", "u"}) {
            y.append("  - {table_name: ").append(t).append(", table_number: 0, server_id: 1, database_name: ")
                    .append(prefix).append("a}\n");
            y.append("  - {table_name: ").append(t).append(", table_number: 1, server_id: 2, database_name: ")
                    .append(prefix).append("b}\n");
        }
        y.append("table_option:\n  - {table_name: m, full_table_scan: 1}\n  - {table_name: u, full_table_scan: 1}\n");
        for (int i = 1; i <= 3; i++) {
            y.append("  - {table_name: s").append(i).append(", table_kind: single, single_server_id: 1,"
                    + " single_database_name: ").append(prefix).append("a}\n");
        }
        yaml = Path.of("target", prefix + "estate.yaml").toAbsolutePath();
        Files.writeString(yaml, y);
    }

    String url(String params) {
        return "jdbc:shardline:file:" + yaml + "?checkInterval=0" + (params.isEmpty() ? "" : "&" + params);
    }

    /** Fills m with ids 0..n-1 (uid = id % 40) and u with uids 0..39, directly in the shards Shardline would pick. */
    void load(long n) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url("")); Statement s = c.createStatement()) {
            // each shard holds the ids that hash to it: ask Shardline where 0..n-1 go by inserting through it
            StringBuilder users = new StringBuilder("INSERT INTO u (uid, name) VALUES ");
            for (int uid = 0; uid < 40; uid++) {
                users.append(uid == 0 ? "" : ", ").append("(").append(uid).append(", 'user").append(uid % 7).append("')");
            }
            s.executeUpdate(users.toString());
            int chunk = 5000;
            for (long from = 0; from < n; from += chunk) {
                StringBuilder rows = new StringBuilder("INSERT INTO m (id, uid, pad) VALUES ");
                for (long id = from; id < Math.min(n, from + chunk); id++) {
                    rows.append(id == from ? "" : ", ").append("(").append(id).append(", ").append(id % 40)
                            .append(", 'abcdefghijklmnopqrstuvwx')");
                }
                s.executeUpdate(rows.toString());
            }
        }
    }

    @Override
    public void close() throws SQLException, IOException {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + prefix + "a");
            s.execute("DROP DATABASE IF EXISTS " + prefix + "b");
        }
        Files.deleteIfExists(yaml);
    }
}
