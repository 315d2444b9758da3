package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Servers whose global sql_mode changes how SQL text reads (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, PIPES_AS_CONCAT,
 * HIGH_NOT_PRECEDENCE): Shardline's sessions drop those flags, so the server reads every statement as Shardline
 * routed it, and the application's other sql_mode flags stay.
 */
class SessionModeTest {
    @Test
    void lexicalModesOfTheServersDoNotChangeWhatAStatementMeans() throws Exception {
        MariaDbServer healthy = MariaDbServer.start("modes-a");
        MariaDbServer victim = MariaDbServer.start("modes-b");
        try (TwoServerEstate estate = new TwoServerEstate("modes", healthy, victim)) {
            for (MariaDbServer server : new MariaDbServer[] {healthy, victim}) {
                try (Connection c = server.connect(); Statement s = c.createStatement()) {
                    s.execute("SET GLOBAL sql_mode = 'ANSI,NO_BACKSLASH_ESCAPES,HIGH_NOT_PRECEDENCE,STRICT_ALL_TABLES'");
                }
            }
            try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
                 Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (id, v, pad) VALUES (1, 1, \"a\\\\b\"), (2, 2, 'x')");
                assertEquals(Map.of(1L, 1, 2L, 2), estate.rows(), "\"..\" is a string and each row is on its shard");
                try (ResultSet rs = s.executeQuery("SELECT pad FROM t WHERE id = 1")) {
                    assertTrue(rs.next());
                    assertEquals("a\\b", rs.getString(1), "a backslash escapes as MySQL's default reads it");
                }
                assertEquals(2, s.executeUpdate("UPDATE t SET v = 9 WHERE id = 1 OR id = 2"),
                        "|| is OR on both shards, not a concatenation on one");
                try (ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode FROM t WHERE id = 1")) {
                    assertTrue(rs.next());
                    java.util.Set<String> modes = java.util.Set.of(rs.getString(1).split(","));
                    assertTrue(modes.containsAll(java.util.Set.of("REAL_AS_FLOAT", "STRICT_ALL_TABLES")), "the other flags"
                            + " stay: " + modes);
                    for (String lexical : new String[] {"ANSI", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES", "PIPES_AS_CONCAT",
                        "HIGH_NOT_PRECEDENCE", "IGNORE_SPACE"}) {
                        assertTrue(!modes.contains(lexical), lexical + " is dropped: " + modes);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pad FROM t WHERE pad = ?")) {
                    ps.setString(1, "a\\b");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), "a bound backslash matches: the connector escapes for the session's mode");
                    }
                }
            }
        }
    }
}
