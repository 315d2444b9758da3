package io.shardline.driver.gather;

import io.shardline.driver.testing.MariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Three Shardline servers on the MariaDB at 127.0.0.1:3306 (ids 1..3, each its own pool and its statements counted by
 * {@link RoundTripCounter}): {@code ord} hash 2 by uid (ord_0 in {@code <prefix>a} on server 1, ord_1 in
 * {@code <prefix>b} on server 2), {@code usr} a single table in {@code <prefix>c} on server 3; the same rows in one
 * plain database {@code <prefix>plain}. {@code ord}'s columns cover the types inlined exactly and two that are not
 * (DOUBLE, VARBINARY). Database names carry a random prefix.
 */
final class InlineEstate implements AutoCloseable {
    static final String ORD = "(id BIGINT NOT NULL PRIMARY KEY, uid BIGINT NOT NULL,"
            + " status VARCHAR(16) CHARACTER SET latin1 COLLATE latin1_swedish_ci, amount DECIMAL(10,2),"
            + " made DATETIME(3), took TIME(2), yr YEAR, flag TINYINT(1), day DATE, note TEXT, big BIGINT UNSIGNED,"
            + " score DOUBLE, raw VARBINARY(8)) DEFAULT CHARSET=utf8mb4";
    static final String USR = "(uid BIGINT NOT NULL PRIMARY KEY, name VARCHAR(32) COLLATE utf8mb4_unicode_ci NOT NULL,"
            + " tier INT UNSIGNED)";
    /** uid 7 has more orders than a side may inline. */
    static final int MANY = 1100;

    final String prefix = "il" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
    final Path yaml;

    InlineEstate() throws SQLException, IOException {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String d : new String[] {"a", "b", "c", "plain"}) {
                s.execute("CREATE DATABASE " + prefix + d);
            }
            s.execute("CREATE TABLE " + prefix + "a.ord_0 " + ORD);
            s.execute("CREATE TABLE " + prefix + "b.ord_1 " + ORD);
            s.execute("CREATE TABLE " + prefix + "plain.ord " + ORD);
            s.execute("CREATE TABLE " + prefix + "c.usr " + USR);
            s.execute("CREATE TABLE " + prefix + "plain.usr " + USR);
        }
        String url = "jdbc:mysql://127.0.0.1:3306/?profileSQL=true&profilerEventHandler=" + RoundTripCounter.class.getName();
        StringBuilder y = new StringBuilder("server_info:\n");
        for (int id = 1; id <= 3; id++) {
            y.append("  - {server_id: ").append(id).append(", host: 127.0.0.1, port: 3306, user: root}\n");
        }
        y.append("server_option:\n");
        for (int id = 1; id <= 3; id++) {
            y.append("  - {server_id: ").append(id).append(", jdbc_url: '").append(url).append("'}\n");
        }
        y.append("table_info:\n"
                + "  - {table_name: ord, split_type: 0, table_count: 2, hint_field: uid}\n"
                + "  - {table_name: usr, split_type: 0}\n"
                + "split_table_info:\n"
                + "  - {table_name: ord, table_number: 0, server_id: 1, database_name: " + prefix + "a}\n"
                + "  - {table_name: ord, table_number: 1, server_id: 2, database_name: " + prefix + "b}\n"
                + "table_option:\n"
                + "  - {table_name: ord, full_table_scan: 1}\n"
                + "  - {table_name: usr, table_kind: single, single_server_id: 3, single_database_name: " + prefix + "c}\n");
        yaml = Path.of("target", prefix + "estate.yaml").toAbsolutePath();
        Files.writeString(yaml, y);
        load();
    }

    String url(String params) {
        return "jdbc:shardline:file:" + yaml + "?checkInterval=0" + (params.isEmpty() ? "" : "&" + params);
    }

    Connection plain() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/" + prefix + "plain?user=root");
    }

    /**
     * 40 users; orders 0..199 (uid = id % 40) with edge values (zero dates only in uid 6's orders 6 and 126), and MANY
     * more orders of uid 7; the same in both worlds.
     */
    private void load() throws SQLException {
        StringBuilder users = new StringBuilder("INSERT INTO usr (uid, name, tier) VALUES ");
        for (int uid = 0; uid < 40; uid++) {
            users.append(uid == 0 ? "" : ", ").append("(").append(uid).append(", '").append(uid % 3 == 0 ? "Ève" : "eve")
                    .append(uid).append("', ").append(uid % 4 == 0 ? "NULL" : Long.toString(4_000_000_000L + uid)).append(")");
        }
        StringBuilder orders = new StringBuilder("INSERT INTO ord VALUES ");
        for (int id = 0; id < 200; id++) {
            orders.append(id == 0 ? "" : ", ").append("(").append(id).append(", ").append(id % 40).append(", ")
                    .append(id % 5 == 0 ? "NULL" : id % 2 == 0 ? "'PAID'" : "'paid'").append(", ")
                    .append(id % 7 == 0 ? "NULL" : id + ".10").append(", '2024-02-29 23:59:59.")
                    .append(String.format("%03d", id)).append("', '").append(id % 3 == 0 ? "-838:59:59.99" : "12:00:00.50")
                    .append("', ").append(id % 4 == 0 ? "0" : 1901 + id).append(", ").append(id % 3).append(", ")
                    .append(id == 6 ? "'0000-00-00'" : id == 126 ? "'2024-00-15'" : "'1999-12-31'").append(", ")
                    .append(id % 2 == 0 ? "'quote '' back\\\\slash \\\"dq\\\" é ☃ \\ttab'" : "''").append(", ")
                    .append(id % 2 == 0 ? "18446744073709551615" : "0").append(", 0.1, X'00ff").append(String.format("%02x", id % 256))
                    .append("')");
        }
        String many = manyOrders();
        try (Connection c = DriverManager.getConnection(url("")); Statement s = c.createStatement()) {
            s.executeUpdate(users.toString());
            s.executeUpdate(orders.toString());
            s.executeUpdate(many);
        }
        try (Connection c = plain(); Statement s = c.createStatement()) {
            s.executeUpdate(users.toString());
            s.executeUpdate(orders.toString());
            s.executeUpdate(many);
        }
    }

    private static String manyOrders() {
        StringBuilder b = new StringBuilder("INSERT INTO ord (id, uid, status, amount) VALUES ");
        for (int i = 0; i < MANY; i++) {
            b.append(i == 0 ? "" : ", ").append("(").append(10_000 + i).append(", 7, 'bulk', ").append(i).append(".5)");
        }
        return b.toString();
    }

    @Override
    public void close() throws SQLException, IOException {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String d : new String[] {"a", "b", "c", "plain"}) {
                s.execute("DROP DATABASE IF EXISTS " + prefix + d);
            }
        }
        Files.deleteIfExists(yaml);
    }
}
