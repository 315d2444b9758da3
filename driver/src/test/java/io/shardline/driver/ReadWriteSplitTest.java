package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads go to replicas by read weight; writes, locking reads, {@code master} hints and everything inside a
 * transaction go to the master. The "replica" here is the second MariaDB server holding a different row under the
 * same names, so each answer shows which server gave it; it is read unwatched ({@code maxReplicaLag=-1}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadWriteSplitTest {
    private final String p = "rw" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
    private final String meta = "jdbc:h2:mem:" + p + "meta;MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE;DB_CLOSE_DELAY=-1";
    private ShardlineDataSource ds;

    @BeforeAll
    void estate() throws SQLException {
        for (Connection c : new Connection[] {MariaDb.primary(), MariaDb.second().connect()}) {
            boolean master = c.getMetaData().getURL().contains(":3306");
            try (c; Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + p + "d");
                s.execute("CREATE TABLE " + p + "d.kv (k BIGINT PRIMARY KEY, v VARCHAR(20))");
                s.execute("INSERT INTO " + p + "d.kv VALUES (1, '" + (master ? "master" : "replica") + "')");
            }
        }
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", 3306, "root", "")
                    .server(2, 1, "127.0.0.1", MariaDb.second().port(), "root", "")
                    .serverOption(1, 0, null)
                    .serverOption(2, 100, null)
                    .hashTable("", "kv", 1, "k")
                    .placement("", "kv", 0, 1, p + "d");
        }
        // the "replica" does not replicate, so it is read unwatched (maxReplicaLag=-1), as DBProxy would read it;
        // ReplicaReadsTest reads real replicas
        ds = new ShardlineDataSource("jdbc:shardline:h2:mem:" + p + "meta?checkInterval=0&maxReplicaLag=-1");
    }

    @AfterAll
    void drop() throws SQLException {
        ds.close();
        for (Connection c : new Connection[] {MariaDb.primary(), MariaDb.second().connect()}) {
            try (c; Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + p + "d");
            }
        }
    }

    private static String read(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void weightsHintsLocksAndTransactionsDecideTheServer() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertEquals("replica", read(s, "SELECT v FROM kv WHERE k = 1"), "weight 100 sends reads to the replica");
            assertEquals("master", read(s, "/*+ shardline(master=true) */ SELECT v FROM kv WHERE k = 1"));
            assertEquals("master", read(s, "SELECT v FROM kv WHERE k = 1 FOR UPDATE"));
            s.unwrap(ShardlineStatement.class).setMaster(true);
            assertEquals("master", read(s, "SELECT v FROM kv WHERE k = 1"));
            s.unwrap(ShardlineStatement.class).clearHint();
            c.setAutoCommit(false);
            assertEquals("master", read(s, "SELECT v FROM kv WHERE k = 1"), "a transaction reads its master");
            c.commit();
            c.setAutoCommit(true);
            assertEquals(1, s.executeUpdate("UPDATE kv SET v = 'written' WHERE k = 1"));
        }
        try (Connection m = MariaDb.primary(); Statement s = m.createStatement()) {
            assertEquals("written", read(s, "SELECT v FROM " + p + "d.kv WHERE k = 1"), "writes go to the master");
        }
    }

    @Test
    void aWatchedReplicaThatDoesNotReplicateGetsNoReads() throws Exception {
        try (ShardlineDataSource watched = new ShardlineDataSource("jdbc:shardline:h2:mem:" + p + "meta?checkInterval=0");
             Connection c = watched.getConnection(); Statement s = c.createStatement()) {
            var replica = watched.runtime().topology().server(2);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (watched.runtime().replicas().state(2).startsWith("not checked") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(watched.runtime().replicas().state(2).contains("does not replicate"),
                    watched.runtime().replicas().state(2));
            assertFalse(watched.runtime().replicas().readable(replica));
            for (int i = 0; i < 20; i++) {
                assertTrue(Set.of("master", "written").contains(read(s, "SELECT v FROM kv WHERE k = 1")),
                        "by default a replica whose replication is not running is never read");
            }
        }
    }
}
