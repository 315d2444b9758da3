package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.PartialCommitException;
import io.shardline.driver.ShardlineDataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * A write over two servers whose commit succeeds on the first and is lost on the second (the second server dies
 * while the first one's commit is held back by MariaDB's {@code BACKUP STAGE BLOCK_COMMIT}): the report says what
 * committed where and what is in doubt, a batch's counts keep the committed items, and the rows afterwards are
 * exactly the committed ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialCommitTest {
    private TwoServerEstate estate;

    @BeforeAll
    void start() throws SQLException {
        estate = new TwoServerEstate("partial");
    }

    @AfterAll
    void stop() {
        estate.close();
    }

    @Test
    void aBatchCommittedOnOneServerKeepsItsCountsAndSaysWhatIsInDoubt() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, 7)")) {
            for (long id = 100; id < 106; id++) { // even ids on server 1, odd ones on server 2
                ps.setLong(1, id);
                ps.addBatch();
            }
            BatchUpdateException e = assertInstanceOf(BatchUpdateException.class, secondCommitLost(ps::executeBatch));
            long[] counts = e.getLargeUpdateCounts();
            for (int i = 0; i < 6; i++) { // the committed items count their row, as plain Connector/J does
                assertEquals(i % 2 == 0 ? 1 : Statement.EXECUTE_FAILED, counts[i],
                        "item " + i + ": " + java.util.Arrays.toString(counts));
            }
            assertTrue(e.getMessage().contains("committed [0, 2, 4]") && e.getMessage().contains("in doubt [1, 3, 5]"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("server 2"), e.getMessage());
            assertInstanceOf(PartialCommitException.class, e.getCause());
            assertEquals(Map.of(100L, 7, 102L, 7, 104L, 7), rowsFrom(100, 106), "exactly the committed rows");
        }
    }

    @Test
    void aMultiRowInsertSaysWhichRowsCommittedWhere() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource(""); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            PartialCommitException e = assertInstanceOf(PartialCommitException.class, secondCommitLost(
                    () -> s.executeUpdate("INSERT INTO t (id, v) VALUES (200, 8), (201, 8), (202, 8)")));
            assertEquals(PartialCommitException.Outcome.COMMITTED, e.outcome(0), e.getMessage());
            assertEquals(PartialCommitException.Outcome.IN_DOUBT, e.outcome(1), e.getMessage());
            assertTrue(e.getMessage().contains("inserted rows 0, 2") && e.getMessage().contains("inserted rows 1"),
                    e.getMessage());
            assertEquals(Map.of(200L, 8, 202L, 8), rowsFrom(200, 203));
        }
    }

    /**
     * Runs {@code write} while server 1 holds commits back; once its commit waits, kills server 2, lets server 1
     * commit, and answers the write's failure (server 2 is running again afterwards).
     */
    private SQLException secondCommitLost(Executable write) throws Exception {
        try (Connection blocker = estate.healthy.connect(); Statement b = blocker.createStatement()) {
            for (String stage : new String[] {"START", "FLUSH", "BLOCK_DDL", "BLOCK_COMMIT"}) {
                b.execute("BACKUP STAGE " + stage);
            }
            CompletableFuture<SQLException> failure = CompletableFuture.supplyAsync(() ->
                    assertThrows(SQLException.class, write));
            TwoServerEstate.waitForBlockedCommit(estate.healthy);
            estate.victim.kill();
            b.execute("BACKUP STAGE END");
            SQLException e = failure.get(30, TimeUnit.SECONDS);
            estate.victim.restart();
            return e;
        }
    }

    private Map<Long, Integer> rowsFrom(long from, long to) throws SQLException {
        Map<Long, Integer> all = estate.rows();
        all.keySet().removeIf(id -> id < from || id >= to);
        return all;
    }
}
