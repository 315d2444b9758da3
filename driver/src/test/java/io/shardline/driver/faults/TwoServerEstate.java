package io.shardline.driver.faults;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two private MariaDB servers the fault tests may kill or freeze: table {@code t (id, v, pad)} hashed by {@code id}
 * over two physical tables, even ids on the {@code healthy} server, odd ids on the {@code victim}; full-table scans
 * on; metadata in an in-memory H2 store, or in a MySQL config database on the healthy server (which a child JVM can
 * share). Closing it stops both servers.
 */
final class TwoServerEstate implements AutoCloseable {
    static final String DB = "fault";

    final MariaDbServer healthy;
    final MariaDbServer victim;
    private final String meta;

    TwoServerEstate(String name) throws SQLException {
        this(name, MariaDbServer.start(name + "-healthy"), MariaDbServer.start(name + "-victim"));
    }

    TwoServerEstate(String name, MariaDbServer healthy, MariaDbServer victim) throws SQLException {
        this(name, healthy, victim, false);
    }

    /** With {@code mysqlStore}, the metadata lives in database {@code fault_meta} on the healthy server. */
    TwoServerEstate(String name, MariaDbServer healthy, MariaDbServer victim, boolean mysqlStore) throws SQLException {
        this.healthy = healthy;
        this.victim = victim;
        for (MariaDbServer server : new MariaDbServer[] {healthy, victim}) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DB);
                for (String table : new String[] {"t_0", "t_1"}) {
                    s.execute("CREATE TABLE " + DB + "." + table + " (id BIGINT PRIMARY KEY, v INT NOT NULL DEFAULT 0,"
                            + " pad VARCHAR(64))");
                }
            }
        }
        if (mysqlStore) {
            try (Connection c = healthy.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE fault_meta");
            }
            meta = "jdbc:mysql://127.0.0.1:" + healthy.port() + "/fault_meta?user=root&password=";
        } else {
            meta = "jdbc:h2:mem:" + name + System.nanoTime() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE"
                    + ";DB_CLOSE_DELAY=-1";
        }
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", healthy.port(), "root", "")
                    .server(2, 0, "127.0.0.1", victim.port(), "root", "")
                    .hashTable("", "t", 2, "id")
                    .placement("", "t", 0, 1, DB)
                    .placement("", "t", 1, 2, DB)
                    .fullTableScan("", "t", true);
        }
    }

    /** A data source over the estate; {@code params} are extra URL parameters ("" for the defaults). */
    ShardlineDataSource dataSource(String params) {
        return new ShardlineDataSource(url(params));
    }

    /** The estate's {@code jdbc:shardline:} URL with extra parameters ("" for the defaults). */
    String url(String params) {
        String store = meta.startsWith("jdbc:mysql:") ? "jdbc:shardline:" + meta.substring("jdbc:".length()) + "&"
                : "jdbc:shardline:h2:" + meta.substring("jdbc:h2:".length(), meta.indexOf(';')) + "?";
        return store + "checkInterval=0" + (params.isEmpty() ? "" : "&" + params);
    }

    /** A connection to the metadata store itself. */
    Connection metadata() throws SQLException {
        return DriverManager.getConnection(meta);
    }

    /**
     * Every row of {@code t} on both servers, read directly: id → v. A row in a physical table its id does not route
     * to (a wrong-shard write), or stored twice, fails the test.
     */
    Map<Long, Integer> rows() throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        MariaDbServer[] servers = {healthy, victim};
        for (int n = 0; n < 2; n++) {
            try (Connection c = servers[n].connect(); Statement s = c.createStatement()) {
                for (int table = 0; table < 2; table++) {
                    try (ResultSet rs = s.executeQuery("SELECT id, v FROM " + DB + ".t_" + table)) {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            if (table != n || id % 2 != n) {
                                throw new AssertionError("row " + id + " is in t_" + table + " on server " + (n + 1)
                                        + ": a wrong-shard write");
                            }
                            if (out.put(id, rs.getInt(2)) != null) {
                                throw new AssertionError("row " + id + " is stored twice");
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Kills every connection on the healthy server but the killer's own. */
    void killHealthyClients() throws SQLException {
        try (Connection root = healthy.connect(); Statement s = root.createStatement()) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE id <> CONNECTION_ID()"
                    + " AND command NOT IN ('Daemon', 'Binlog Dump')")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            if (ids.isEmpty()) {
                throw new AssertionError("no client connection on the healthy server");
            }
            for (long id : ids) {
                try {
                    s.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // it ended on its own meanwhile
                }
            }
        }
    }

    /** Waits until a commit on {@code server} waits for the backup lock ({@code BACKUP STAGE BLOCK_COMMIT}). */
    static void waitForBlockedCommit(MariaDbServer server) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE 'COMMIT%' OR STATE LIKE '%backup%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no commit on " + server + " waited for the backup lock");
    }

    /** Deletes every row of {@code t} on both servers. */
    void empty() throws SQLException {
        for (MariaDbServer server : new MariaDbServer[] {healthy, victim}) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + DB + ".t_0");
                s.execute("DELETE FROM " + DB + ".t_1");
            }
        }
    }

    /** Puts rows 0 .. n-1 (v = 0) straight into their physical tables. */
    void preload(int n) throws SQLException {
        MariaDbServer[] servers = {healthy, victim};
        for (int k = 0; k < 2; k++) {
            try (Connection c = servers[k].connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + DB + ".t_" + k + " (id, v, pad) SELECT seq, 0, 'preloaded' FROM " + DB + ".seq_0_to_"
                        + (n - 1) + " WHERE seq % 2 = " + k);
            }
        }
    }

    /** Where a row of id {@code id} belongs: physical table {@code t_(id % 2)} on the healthy (even) or victim (odd) server. */
    static boolean onVictim(long id) {
        return id % 2 == 1;
    }

    @Override
    public void close() {
        victim.close();
        healthy.close();
    }
}
