package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pooled application opens a logical connection per operation. Its prepared statements stay parked on the physical
 * connection for the next borrower, so each is prepared once per physical connection; never run on a connection the
 * server dropped, and a transaction that runs them is still rolled back when left unfinished.
 */
class ParkedStatementTest {
    private static final String SELECT = "SELECT v FROM t WHERE id = ?";
    private static TwoServerEstate estate;

    @BeforeAll
    static void start() throws SQLException {
        estate = new TwoServerEstate("parked");
    }

    @BeforeEach
    void hundredRows() throws SQLException {
        estate.empty();
        estate.preload(100);
    }

    @AfterAll
    static void stop() {
        estate.close();
    }

    /** What one pooled operation read: the row's v and the physical statement that ran it. */
    private record Read(int v, Statement physical) {
    }

    /** One operation as a pooled application runs it: a logical connection of its own for one statement. */
    private static Read pooledRead(ShardlineDataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return read(c, id);
        }
    }

    private static Read read(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id);
                return new Read(rs.getInt(1), rs.unwrap(com.mysql.cj.jdbc.result.ResultSetImpl.class).getStatement());
            }
        }
    }

    @Test
    void aPooledApplicationsStatementIsPreparedOncePerPhysicalConnection() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1")) {
            Statement first = pooledRead(ds, 0).physical();
            for (long id = 2; id < 40; id += 2) { // even ids: all on the healthy server, its only connection
                Read r = pooledRead(ds, id);
                assertEquals(0, r.v(), "row " + id);
                assertSame(first, r.physical(), "operation " + id / 2 + " found the statement parked on the connection");
            }
            for (long id = 1; id < 10; id++) { // writes park too
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE t SET v = v + ? WHERE id = ?")) {
                    ps.setInt(1, (int) id);
                    ps.setLong(2, id);
                    assertEquals(1, ps.executeUpdate(), "row " + id);
                }
            }
        }
        Map<Long, Integer> rows = estate.rows();
        for (long id = 0; id < 100; id++) {
            assertEquals(id > 0 && id < 10 ? (int) id : 0, rows.get(id), "v of row " + id);
        }
    }

    @Test
    void aStatementParkedOnAConnectionTheServerDroppedIsNeverUsed() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1&probeInterval=0")) {
            Statement before = pooledRead(ds, 0).physical();
            assertSame(before, pooledRead(ds, 2).physical());
            estate.killHealthyClients();
            Thread.sleep(700); // past the window in which the pool lends a connection again unchecked
            Read after = pooledRead(ds, 4);
            assertEquals(0, after.v(), "the next operation runs on a new connection");
            assertNotSame(before, after.physical(), "a statement of the new connection");
            for (long id = 6; id < 20; id += 2) {
                assertSame(after.physical(), pooledRead(ds, id).physical(), "parked on the new connection");
            }
        }
    }

    @Test
    void aTransactionRunsTheParkedStatementsAndClosingItUnfinishedRollsItBack() throws Exception {
        try (ShardlineDataSource ds = estate.dataSource("maxPoolSize=1")) {
            Statement parked = pooledRead(ds, 0).physical();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                assertSame(parked, read(c, 0).physical(), "a transaction finds the parked statement too");
                try (PreparedStatement ps = c.prepareStatement("UPDATE t SET v = 9 WHERE id = ?")) {
                    ps.setLong(1, 0);
                    assertEquals(1, ps.executeUpdate());
                }
                assertEquals(9, read(c, 0).v(), "the transaction sees its own write");
            } // closed without a commit
            Read after = pooledRead(ds, 0);
            assertEquals(0, after.v(), "the unfinished transaction was rolled back");
            assertSame(parked, after.physical(), "on the same connection, which stays in autocommit mode");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE t SET v = 7 WHERE id = 2");
            }
        }
        Map<Long, Integer> rows = estate.rows();
        assertEquals(0, rows.get(0L), "rolled back on the server");
        assertEquals(7, rows.get(2L), "an autocommit write after it committed by itself");
    }
}
