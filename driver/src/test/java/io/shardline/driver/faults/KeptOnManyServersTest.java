package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A point select's server follows its key, so a logical connection used across an estate of many servers must keep a
 * connection on each of them, or most of its statements borrow again (and prepare again) as a pooled application's
 * do. Twenty H2 servers, table {@code t} hashed by {@code k} into one table per server.
 */
class KeptOnManyServersTest {
    private static final int SERVERS = 20;
    private static final String PREFIX = "kms" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
    private static Path yaml;
    private static final Connection[] HOLD = new Connection[SERVERS]; // keeps each in-memory database alive

    @BeforeAll
    static void estate() throws Exception {
        StringBuilder y = new StringBuilder("server_info:\n");
        for (int s = 1; s <= SERVERS; s++) {
            y.append("  - {server_id: ").append(s).append(", host: h2-").append(s).append(", port: 0, user: sa}\n");
        }
        y.append("server_option:\n");
        for (int s = 1; s <= SERVERS; s++) {
            y.append("  - {server_id: ").append(s).append(", jdbc_url: '").append(url(s)).append("'}\n");
        }
        y.append("table_info:\n  - {table_name: t, split_type: 0, table_count: ").append(SERVERS)
                .append(", hint_field: k}\nsplit_table_info:\n");
        for (int n = 0; n < SERVERS; n++) {
            y.append("  - {table_name: t, table_number: ").append(n).append(", server_id: ").append(n + 1)
                    .append(", database_name: PUBLIC}\n");
            HOLD[n] = DriverManager.getConnection(url(n + 1), "sa", "");
            try (Statement s = HOLD[n].createStatement()) {
                s.execute("CREATE TABLE t_" + n + " (k BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
                s.execute("INSERT INTO t_" + n + " VALUES (" + n + ", " + (n * 10) + ")");
            }
        }
        yaml = Path.of("target", PREFIX + "estate.yaml").toAbsolutePath();
        Files.createDirectories(yaml.getParent());
        Files.writeString(yaml, y);
    }

    private static String url(int server) {
        return "jdbc:h2:mem:" + PREFIX + server + ";MODE=MySQL;DB_CLOSE_DELAY=-1";
    }

    @AfterAll
    static void stop() throws Exception {
        for (Connection c : HOLD) {
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        Files.deleteIfExists(yaml);
    }

    @Test
    void aLogicalConnectionKeepsOneConnectionOnEachOfTwentyServersAndReusesIt() throws Exception {
        try (ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:file:" + yaml + "?checkInterval=0");
             Connection c = ds.getConnection()) {
            Map<Long, Integer> sessions = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (long k = 0; k < SERVERS; k++) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT v, SESSION_ID() FROM t WHERE k = ?")) {
                        ps.setLong(1, k);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertTrue(rs.next(), "row " + k);
                            assertEquals(k * 10, rs.getLong(1), "row " + k + "'s value");
                            Integer before = sessions.putIfAbsent(k, rs.getInt(2));
                            if (before != null) {
                                assertEquals(before, rs.getInt(2), "round " + round + " on server " + (k + 1)
                                        + " runs in the session the first round kept");
                            }
                        }
                    }
                }
                assertEquals(SERVERS, ds.runtime().pools().activeConnections(),
                        "one connection kept on each server between statements, round " + round);
            }
        }
    }

    @Test
    void whatALogicalConnectionKeepsGoesBackWhenItCloses() throws Exception {
        try (ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:file:" + yaml + "?checkInterval=0")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (long k = 0; k < SERVERS; k++) {
                    try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE k = " + k)) {
                        assertTrue(rs.next(), "row " + k);
                    }
                }
                assertEquals(SERVERS, ds.runtime().pools().activeConnections(), "kept while it is open");
            }
            assertEquals(0, ds.runtime().pools().activeConnections(), "every kept connection went back");
        }
    }
}
