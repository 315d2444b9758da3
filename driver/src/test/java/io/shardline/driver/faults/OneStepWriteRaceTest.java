package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.ShardedFixture;
import io.shardline.router.ShardlineException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Another client changes rows of a keyless table while a one-step write (copy every shard's rows to one server, run
 * the statement there, write each change back by its old values) is between its copy and its write back: the write's
 * SET sleeps a second per row on the copy, and the other client acts while it sleeps. ledger is hashed by uid over two
 * physical tables: even uids in u_0.ledger_0 (server 1), odd ones in u_1.ledger_1 (server 2). Every outcome is checked
 * row by row on both physical tables: no change lost, none applied twice, nothing half written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneStepWriteRaceTest {
    private static final List<String> EVEN = List.of("2|10|n", "2|20|y");
    private static final List<String> ODD = List.of("1|10|n", "1|20|x");
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;

    @BeforeAll
    void start() throws SQLException {
        fixture = ShardedFixture.create(ShardedFixture.Engine.MARIADB);
        dataSource = fixture.dataSource();
    }

    @AfterAll
    void stop() throws SQLException {
        ShardedFixture.close(fixture, dataSource);
    }

    @BeforeEach
    void seed() throws SQLException {
        fixture.truncateAll();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO ledger (uid, amount, note) VALUES (1, 20, 'x'), (1, 10, 'n'), (2, 20, 'y'),"
                    + " (2, 10, 'n')");
        }
    }

    @Test
    void rowsMovedAcrossShardsButChangedMeanwhileOnAnotherServerFailTheWriteAndWriteNothing() throws Exception {
        // uid + 1 moves each amount-20 row to the other shard: (1, 20) to server 1, (2, 20) to server 2
        CompletableFuture<Integer> write = write("UPDATE ledger SET uid = uid + 1,"
                + " note = IF(SLEEP(1) = 0, 'moved', note) WHERE amount = 20");
        int other = 3 - evaluatingServer(write);
        int changed = change(other, "UPDATE %s SET note = 'other' WHERE amount = 20");
        assertEquals(1, changed);
        assertChangedMeanwhile(write);
        assertEquals(other == 1 ? List.of("2|10|n", "2|20|other") : EVEN, rows(1));
        assertEquals(other == 2 ? List.of("1|10|n", "1|20|other") : ODD, rows(2));
    }

    @Test
    void anOrderedUpdateWhoseRowWasDeletedMeanwhileOnAnotherServerFailsAndWritesNothing() throws Exception {
        // ORDER BY .. LIMIT over both shards: one step; it changes the amount-10 row of each shard
        CompletableFuture<Integer> write = write("UPDATE ledger SET note = IF(SLEEP(1) = 0, 'z', note)"
                + " WHERE amount = 10 ORDER BY uid DESC LIMIT 2");
        int other = 3 - evaluatingServer(write);
        assertEquals(1, change(other, "DELETE FROM %s WHERE amount = 10"));
        assertChangedMeanwhile(write);
        assertEquals(other == 1 ? List.of("2|20|y") : EVEN, rows(1));
        assertEquals(other == 2 ? List.of("1|20|x") : ODD, rows(2));
    }

    /**
     * On the evaluating server the copy is an {@code INSERT .. SELECT}, which holds shared locks on the rows it read
     * until the unit ends: a change there waits for the write, and one of the two gives way (InnoDB's deadlock check
     * or lock wait); either way exactly one of them took effect, whole.
     */
    @Test
    void aChangeOnTheEvaluatingServerMeanwhileWaitsAndExactlyOneOfTheTwoTakesEffect() throws Exception {
        CompletableFuture<Integer> write = write("UPDATE ledger SET note = IF(SLEEP(1) = 0, 'z', note)"
                + " WHERE amount = 10 ORDER BY uid DESC LIMIT 2");
        int evaluating = evaluatingServer(write);
        CompletableFuture<Integer> change = CompletableFuture.supplyAsync(() -> {
            try {
                return change(evaluating, "UPDATE %s SET note = 'other' WHERE amount = 10");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        boolean written = succeeded(write);
        boolean changed = succeeded(change);
        assertTrue(written != changed, "the write " + (written ? "and" : "nor") + " the other client's change took"
                + " effect");
        String note = written ? "z" : "other";
        List<String> evenAfter = written || evaluating == 1 ? List.of("2|10|" + note, "2|20|y") : EVEN;
        List<String> oddAfter = written || evaluating == 2 ? List.of("1|10|" + note, "1|20|x") : ODD;
        assertEquals(evenAfter, rows(1));
        assertEquals(oddAfter, rows(2));
    }

    private CompletableFuture<Integer> write(String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Runs {@code sql} (its %s the server's physical ledger) straight on {@code server}; answers its count. */
    private int change(int server, String sql) throws SQLException {
        String table = server == 1 ? fixture.db("u_0") + ".ledger_0" : fixture.db("u_1") + ".ledger_1";
        try (Connection p = fixture.physical(server); Statement s = p.createStatement()) {
            return s.executeUpdate(String.format(sql, table));
        }
    }

    private static boolean succeeded(CompletableFuture<Integer> running) throws Exception {
        try {
            running.get(60, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The write must fail saying rows it copied were changed, and hold no physical connection afterwards. */
    private void assertChangedMeanwhile(CompletableFuture<Integer> write) throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> write.get(60, TimeUnit.SECONDS));
        SQLException cause = (SQLException) failed.getCause().getCause();
        assertTrue(cause instanceof ShardlineException, cause.toString());
        assertEquals(100403, cause.getErrorCode());
        assertTrue(cause.getMessage().contains("another client changed them since they were copied"),
                cause.getMessage());
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "a physical connection is still borrowed");
    }

    /** The server whose statement over the copies sleeps (its copies are made by then). */
    private int evaluatingServer(CompletableFuture<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection one = fixture.physical(1); Connection two = fixture.physical(2)) {
            while (System.nanoTime() < deadline) {
                if (sleeping(one)) {
                    return 1;
                }
                if (sleeping(two)) {
                    return 2;
                }
                if (running.isDone()) {
                    running.get(); // it ended before sleeping: show why
                    throw new AssertionError("the write ended without sleeping on its copies");
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the write never reached its statement over the copies");
    }

    private static boolean sleeping(Connection server) throws SQLException {
        try (Statement s = server.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                     + " WHERE STATE = 'User sleep' AND INFO LIKE '%SLEEP(1)%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    /** The physical ledger of {@code server} as uid|amount|note, sorted. */
    private List<String> rows(int server) throws SQLException {
        String table = server == 1 ? fixture.db("u_0") + ".ledger_0" : fixture.db("u_1") + ".ledger_1";
        List<String> rows = new ArrayList<>();
        try (Connection p = fixture.physical(server); Statement s = p.createStatement();
             ResultSet rs = s.executeQuery("SELECT uid, amount, note FROM " + table + " ORDER BY uid, amount, note")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getInt(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }
}
