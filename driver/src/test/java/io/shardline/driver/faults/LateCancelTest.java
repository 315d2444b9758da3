package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.DelayingProxy;
import io.shardline.driver.testing.MariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A cancel reaches its server late (its new connection held back by a relay for 700 ms) after the statement it was
 * meant for already ended: the connection's next statement must not be the one interrupted. Table {@code t} hashed by
 * {@code id} over two physical tables, even ids on 127.0.0.1:3306 directly (server 1), odd ids on the same MariaDB
 * through the relay (server 2). (A cancelled statement over several shards fails as cancelled and closes its physical
 * statements, which Connector/J then no longer cancels; the same guard covers the moment before they close.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateCancelTest {
    private final String db = "lc" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    private DelayingProxy relay;
    private String url;

    @BeforeAll
    void start() throws Exception {
        relay = new DelayingProxy(3306);
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            for (String table : new String[] {"t_0", "t_1"}) {
                s.execute("CREATE TABLE " + db + "." + table + " (id BIGINT PRIMARY KEY, v INT NOT NULL)");
            }
            s.execute("INSERT INTO " + db + ".t_1 VALUES (1, 10)");
            s.execute("INSERT INTO " + db + ".t_0 VALUES (2, 20)");
        }
        String meta = "jdbc:h2:mem:" + db + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE"
                + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", 3306, "root", "")
                    .server(2, 0, "127.0.0.1", relay.port(), "root", "")
                    .hashTable("", "t", 2, "id")
                    .placement("", "t", 0, 1, db)
                    .placement("", "t", 1, 2, db)
                    .fullTableScan("", "t", true);
        }
        url = "jdbc:shardline:h2:mem:" + db + "?checkInterval=0";
    }

    @AfterAll
    void stop() throws Exception {
        relay.close();
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    @Test
    void aLateCancelOfOneShardsStatementLeavesTheNextStatementAlone() throws Exception {
        try (ShardlineDataSource ds = new ShardlineDataSource(url); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT v, SLEEP(?) FROM t WHERE id = 1")) {
            // a query timeout changes the connection's network timeout, which the pool resets when it comes back
            ps.setQueryTimeout(30);
            // run twice: the connection to server 2 is kept and the physical statement stays prepared on it
            assertEquals(10, v(ps, 0));
            assertEquals(10, v(ps, 0));
            relay.delayNewConnections(700);
            try {
                CompletableFuture<Void> cancel = cancelAfter(ps, 100);
                // the cancel sees the statement running, but its KILL QUERY arrives about 0.8 s in, after it ended
                assertEquals(10, v(ps, 0.3));
                assertEquals(10, v(ps, 1), "the statement after runs whole: the late KILL QUERY did not reach it");
                cancel.get(5, TimeUnit.SECONDS);
            } finally {
                relay.delayNewConnections(0);
            }
        }
    }

    private static CompletableFuture<Void> cancelAfter(Statement s, long millis) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(millis);
                s.cancel();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The one row's first column, checking that SLEEP({@code seconds}) was not interrupted (it answers 1 then). */
    private static int v(PreparedStatement ps, double seconds) throws SQLException {
        ps.setDouble(1, seconds);
        try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(2), "SLEEP answers 1 when it is interrupted");
            int v = rs.getInt(1);
            assertTrue(!rs.next());
            return v;
        }
    }
}
