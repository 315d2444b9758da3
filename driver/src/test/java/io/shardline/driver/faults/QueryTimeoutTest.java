package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.dbproxy.Shardline;
import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Query timeouts and cancels: a statement's timeout (its own or the URL's) ends it with 100504 on one shard or many;
 * when one shard fails or the caller cancels, the shards still running are stopped on their servers; and a frozen
 * server cannot hold a statement past its timeout even with the health probe off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryTimeoutTest {
    private TwoServerEstate estate;

    @BeforeAll
    void start() throws SQLException {
        estate = new TwoServerEstate("timeouts");
        estate.preload(10);
    }

    @AfterAll
    void stop() {
        estate.close();
    }

    @Test
    void aStatementTimeoutEndsOneShardAndTheConnectionStaysUsable() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("")) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(1);
                SQLException e = timed(1, 3, () -> s.executeQuery("SELECT SLEEP(5) FROM t WHERE id = 1").close());
                assertEquals(100504, e.getErrorCode(), e.getMessage());
                assertTrue(e.getMessage().contains("server 2"), e.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
                    assertTrue(rs.next(), "the next statement runs");
                }
                assertEquals(1, ds.runtime().pools().activeConnections(), "only the one the connection keeps");
            }
            assertEquals(0, ds.runtime().pools().activeConnections(), "closing the connection gives it back");
        }
    }

    @Test
    void theDbproxyApiTakesATimeoutPerObject() throws Exception {
        try (Shardline api = Shardline.open(estate.dataSource("").getUrl())) {
            Shardline bounded = api.withQueryTimeout(1);
            SQLException e = timed(1, 3, () -> bounded.query(1, "t", "SELECT SLEEP(5) FROM t WHERE id = 1", null, false));
            assertEquals(100504, e.getErrorCode(), e.getMessage());
            assertEquals(1, api.query(1, "t", "SELECT SLEEP(1) FROM t WHERE id = 1", null, false).asRows().rows().size(),
                    "the object it came from has no timeout");
        }
    }

    @Test
    void theUrlTimeoutBoundsEveryStatementAndEveryShard() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("queryTimeout=1"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            SQLException e = timed(1, 3, () -> s.executeQuery(
                    "SELECT id, SLEEP(IF(id = 1, 5, 0)) FROM t WHERE id IN (0, 1)").close());
            assertEquals(100504, e.getErrorCode(), e.getMessage());
            assertNoSleepLeft(estate.victim);
            assertEquals(0, ds.runtime().pools().activeConnections());
        }
    }

    @Test
    void oneShardFailingStopsTheOthersAtOnce() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            // shard 0 fails at once (a subquery with two rows), shard 1 would sleep for 20 s
            SQLException e = timed(0, 3, () -> s.executeQuery("SELECT id, IF(id = 0, (SELECT 1 UNION SELECT 2),"
                    + " SLEEP(20)) FROM t WHERE id IN (0, 1)").close());
            assertEquals(100502, e.getErrorCode(), e.getMessage());
            assertNoSleepLeft(estate.victim);
            assertEquals(0, ds.runtime().pools().activeConnections());
        }
    }

    @Test
    void cancelFromAnotherThreadStopsEveryShard() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    s.cancel();
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            SQLException e = timed(0, 3, () -> s.executeQuery("SELECT id, SLEEP(20) FROM t WHERE id IN (0, 1)").close());
            cancel.get(5, TimeUnit.SECONDS);
            assertTrue(e.getErrorCode() == 100500 || e.getErrorCode() == 100502, e.getMessage());
            assertNoSleepLeft(estate.healthy);
            assertNoSleepLeft(estate.victim);
        }
    }

    @Test
    void aFrozenServerCannotHoldAStatementPastItsTimeoutEvenWithoutTheProbe() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("probeInterval=0&queryTimeout=1"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
                assertTrue(rs.next(), "the server answers before the freeze");
            }
            estate.victim.freeze();
            try {
                // the connection just used is taken again without a check: the read timeout alone ends the wait
                SQLException e = timed(1, 1 + 2 + 1, () -> s.executeQuery("SELECT v FROM t WHERE id = 1").close());
                assertEquals(100504, e.getErrorCode(), e.getMessage());
            } finally {
                estate.victim.thaw();
            }
        }
    }

    @Test
    void aFrozenServerFailsPointScatterAndDbproxyCallsWithinSeconds() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("queryTimeout=1"); Connection c = ds.getConnection();
             Statement s = c.createStatement();
             Shardline dbproxy = Shardline.open(ds.getUrl() + "&defaultFetchSize=0")) {
            try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id IN (0, 1)")) {
                assertTrue(rs.next(), "both servers answer before the freeze");
            }
            dbproxy.query(1, "t", "SELECT v FROM t WHERE id = 1", null, false);
            estate.victim.freeze();
            try {
                SQLException one = timed(0, 4, () -> s.executeQuery("SELECT v FROM t WHERE id = 1").close());
                assertTrue(one.getErrorCode() == 100504 || one.getErrorCode() == 100500, one.getMessage());
                SQLException scatter = timed(0, 4, () -> s.executeQuery("SELECT COUNT(*) FROM t").close());
                assertTrue(scatter.getErrorCode() == 100504 || scatter.getErrorCode() == 100500, scatter.getMessage());
                SQLException api = timed(0, 4, () -> dbproxy.query(1, "t", "SELECT v FROM t WHERE id = 1", null, false));
                assertTrue(api.getErrorCode() == 100504 || api.getErrorCode() == 100500, api.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 0")) {
                    assertTrue(rs.next(), "the healthy server answers meanwhile");
                }
            } finally {
                estate.victim.thaw();
            }
        }
    }

    /** Runs {@code call}, which must fail, in at least {@code min} and at most {@code max} seconds. */
    private static SQLException timed(double min, double max, Executable call) {
        long start = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, call);
        double took = (System.nanoTime() - start) / 1e9;
        assertTrue(took >= min * 0.9 && took <= max, "took " + took + " s, expected " + min + " to " + max + ": "
                + e.getMessage());
        return e;
    }

    /** No SLEEP of ours is still running on {@code server} (a cancelled unit was stopped there, not abandoned). */
    private static void assertNoSleepLeft(MariaDbServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int running;
        do {
            try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%SLEEP(%' AND COMMAND = 'Query'"
                            + " AND INFO NOT LIKE '%PROCESSLIST%'")) {
                rs.next();
                running = rs.getInt(1);
            }
            if (running > 0) {
                Thread.sleep(50);
            }
        } while (running > 0 && System.nanoTime() < deadline);
        assertEquals(0, running, "a cancelled SLEEP still runs on port " + server.port());
    }
}
