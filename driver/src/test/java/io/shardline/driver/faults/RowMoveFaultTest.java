package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.PartialCommitException;
import io.shardline.driver.ShardlineDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An UPDATE that moves a row to the other server ({@code SET id = 101} on {@code t}, hashed by its key id), with a
 * server failing: the new shard's server down when the row reaches it leaves the row where it was; the old shard's
 * server lost while the new one commits leaves the row on both (the documented {@code PartialCommitException}: the
 * server receiving rows commits first, so a part-way commit duplicates a row and never loses one). Rows are read
 * straight from both servers afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowMoveFaultTest {
    private TwoServerEstate estate;

    @BeforeAll
    void start() throws SQLException {
        estate = new TwoServerEstate("rowmove");
    }

    @AfterAll
    void stop() {
        estate.close();
    }

    @BeforeEach
    void oneRowOnTheHealthyServer() throws SQLException {
        estate.empty();
        try (Connection c = estate.healthy.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + TwoServerEstate.DB + ".t_0 (id, v, pad) VALUES (100, 1, 'row')");
        }
    }

    @Test
    void theNewShardsServerDownLeavesTheRowWhereItWas() throws Exception {
        estate.victim.kill();
        try (ShardlineDataSource ds = estate.dataSource("connectTimeout=2000"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE t SET id = 101, v = 2 WHERE id = 100"));
            assertTrue(e.getMessage().contains("server 2") || e.getMessage().contains(
                    String.valueOf(estate.victim.port())), e.getMessage());
        } finally {
            estate.victim.restart();
        }
        assertEquals(Map.of(100L, 1), estate.rows(), "the row unchanged on its old shard, nothing on the new one");
    }

    @Test
    void theOldShardsServerLostWhileTheNewOneCommitsLeavesACopyNotNothing() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             Statement s = c.createStatement(); Connection blocker = estate.victim.connect();
             Statement b = blocker.createStatement()) {
            for (String stage : new String[] {"START", "FLUSH", "BLOCK_DDL", "BLOCK_COMMIT"}) {
                b.execute("BACKUP STAGE " + stage);
            }
            CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() ->
                    assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE t SET id = 101, v = 2 WHERE id = 100")));
            TwoServerEstate.waitForBlockedCommit(estate.victim); // the new shard's server commits first
            estate.healthy.kill();
            b.execute("BACKUP STAGE END");
            PartialCommitException e = assertInstanceOf(PartialCommitException.class, failure.get(30, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains("committed on [server 2"), e.getMessage());
            assertTrue(e.getMessage().contains("in doubt on server 1"), e.getMessage());
        } finally {
            estate.healthy.restart();
        }
        // server 1 lost its uncommitted delete: the row is on both shards, the new one with its new values
        assertEquals(Map.of(100L, 1, 101L, 2), estate.rows());
    }
}
