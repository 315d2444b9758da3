package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.exec.XaRecovery;
import io.shardline.driver.exec.Xid;
import io.shardline.driver.store.ConfigSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RecoverXaTransactions: branches an application left prepared on the estate's servers, as a JVM that died in the
 * middle of a commit leaves them (prepared, their session gone), are committed when the store's XA log holds the
 * commit decision and rolled back otherwise; a branch of another decision log (another estate sharing the server) is
 * not touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XaRecoveryTest {
    private TestEstate estate;
    private String db;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults());
        db = estate.db("xa");
        for (String rds : new String[] {"rdsA", "rdsB"}) {
            try (Connection c = TestEstate.root(rds); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
                s.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
            }
        }
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    @Test
    void preparedBranchesOfADeadApplicationAreCommittedOrRolledBackByTheLog() throws Exception {
        String logId;
        int a;
        int b;
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement()) {
            ConfigSchema.createXaLog(meta);
            try (ResultSet rs = s.executeQuery("SELECT `value` FROM variable_setting WHERE name = '"
                    + ConfigSchema.XA_LOG_ID + "'")) {
                rs.next();
                logId = rs.getString(1);
            }
            a = serverId(s, TestEstate.port("rdsA"));
            b = serverId(s, TestEstate.port("rdsB"));
        }
        String decided = Xid.newGtrid(logId);
        String undecided = Xid.newGtrid(logId);
        String foreign = Xid.newGtrid("0ther10g");
        prepare("rdsA", new Xid(decided, a), 1);
        prepare("rdsB", new Xid(decided, b), 2);
        prepare("rdsA", new Xid(undecided, a), 3);
        prepare("rdsA", new Xid(foreign, a), 4);
        try (Connection meta = estate.metadata();
             PreparedStatement ps = meta.prepareStatement("INSERT INTO xa_log (gtrid, decision, servers) VALUES (?, ?, ?)")) {
            ps.setString(1, decided);
            ps.setString(2, "commit");
            ps.setString(3, a + "," + b);
            ps.executeUpdate();
        }
        try {
            XaRecovery.Report report = estate.admin.recoverXaTransactions();
            assertEquals(2, report.committed(), report.toString());
            assertEquals(1, report.rolledBack(), report.toString());
            assertTrue(report.complete(), report.toString());
            assertEquals(List.of(1), ids("rdsA"), "the decided branch committed, the undecided one rolled back");
            assertEquals(List.of(2), ids("rdsB"));
            List<String> left = prepared("rdsA");
            assertTrue(left.contains(foreign) && !left.contains(decided) && !left.contains(undecided),
                    "another log's branch is left alone: " + left);
        } finally {
            try (Connection c = TestEstate.root("rdsA"); Statement s = c.createStatement()) {
                s.execute("XA ROLLBACK " + new Xid(foreign, a).sql());
            }
        }
    }

    private static int serverId(Statement s, int port) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT server_id FROM server_info WHERE port = " + port)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Prepares a branch inserting {@code id}, then closes its session, as a JVM that died would. */
    private void prepare(String rds, Xid xid, int id) throws SQLException {
        try (Connection c = TestEstate.root(rds); Statement s = c.createStatement()) {
            s.execute("XA START " + xid.sql());
            s.execute("INSERT INTO " + db + ".t VALUES (" + id + ")");
            s.execute("XA END " + xid.sql());
            s.execute("XA PREPARE " + xid.sql());
        }
    }

    private List<Integer> ids(String rds) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = TestEstate.root(rds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM " + db + ".t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static List<String> prepared(String rds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestEstate.root(rds); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                if (rs.getInt(1) == Xid.FORMAT) {
                    out.add(rs.getString(4).substring(0, rs.getInt(2)));
                }
            }
        }
        return out;
    }
}
