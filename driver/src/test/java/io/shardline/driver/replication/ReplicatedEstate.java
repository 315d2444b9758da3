package io.shardline.driver.replication;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A master and two replicas on MariaDB's own replication (GTID, row-based binary log), started by the tests: server 1
 * is the master, servers 2 and 3 replicate from it. Table {@code kv (k, v)} is hashed by {@code k} over {@code kv_0}
 * and {@code kv_1} in database {@code repl} on the master (so a scatter read reaches one read group); full-table scans
 * on; metadata in an in-memory H2 store with the given read weights. Closing it stops the three servers.
 */
final class ReplicatedEstate implements AutoCloseable {
    static final String DB = "repl";

    final MariaDbServer master;
    final MariaDbServer replica1;
    final MariaDbServer replica2;
    private final String meta;

    ReplicatedEstate(String name, int masterWeight, int weight1, int weight2) throws SQLException {
        // the three installs run side by side: each is mostly waiting for its own disk and bootstrap
        CompletableFuture<MariaDbServer> m = CompletableFuture.supplyAsync(() -> MariaDbServer.start(name + "-master",
                List.of("--log-bin", "--server-id=1", "--binlog-format=ROW")));
        CompletableFuture<MariaDbServer> r1 = CompletableFuture.supplyAsync(() -> MariaDbServer.start(name + "-r1",
                List.of("--server-id=2")));
        CompletableFuture<MariaDbServer> r2 = CompletableFuture.supplyAsync(() -> MariaDbServer.start(name + "-r2",
                List.of("--server-id=3")));
        this.master = m.join();
        this.replica1 = r1.join();
        this.replica2 = r2.join();
        try (Connection c = master.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
            for (String table : new String[] {"kv_0", "kv_1"}) {
                s.execute("CREATE TABLE " + DB + "." + table + " (k BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
            }
            s.execute("INSERT INTO " + DB + ".kv_0 SELECT seq * 2, 0 FROM " + DB + ".seq_0_to_49");
            s.execute("INSERT INTO " + DB + ".kv_1 SELECT seq * 2 + 1, 0 FROM " + DB + ".seq_0_to_49");
        }
        for (MariaDbServer r : new MariaDbServer[] {replica1, replica2}) {
            try (Connection c = r.connect(); Statement s = c.createStatement()) {
                s.execute("CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + master.port()
                        + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos");
                s.execute("START SLAVE");
            }
        }
        awaitReplicated();
        meta = "jdbc:h2:mem:" + name + System.nanoTime() + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE"
                + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(meta)) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false)
                    .server(1, 0, "127.0.0.1", master.port(), "root", "")
                    .server(2, 1, "127.0.0.1", replica1.port(), "root", "")
                    .server(3, 1, "127.0.0.1", replica2.port(), "root", "")
                    .serverOption(1, masterWeight, null)
                    .serverOption(2, weight1, null)
                    .serverOption(3, weight2, null)
                    .hashTable("", "kv", 2, "k")
                    .placement("", "kv", 0, 1, DB)
                    .placement("", "kv", 1, 1, DB)
                    .fullTableScan("", "kv", true);
        }
    }

    /** A data source over the estate; {@code params} are extra URL parameters ("" for the defaults). */
    ShardlineDataSource dataSource(String params) {
        String url = "jdbc:shardline:h2:" + meta.substring("jdbc:h2:".length(), meta.indexOf(';')) + "?checkInterval=0"
                + (params.isEmpty() ? "" : "&" + params);
        return new ShardlineDataSource(url);
    }

    /** Waits until both replicas have applied everything the master has written (a liveness bound of 60 s). */
    void awaitReplicated() throws SQLException {
        String pos;
        try (Connection c = master.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            pos = rs.getString(1);
        }
        for (MariaDbServer r : new MariaDbServer[] {replica1, replica2}) {
            try (Connection c = r.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MASTER_GTID_WAIT('" + pos + "', 60)")) {
                rs.next();
                if (rs.getInt(1) != 0) {
                    throw new AssertionError("replica on port " + r.port() + " did not reach " + pos + " in 60 s");
                }
            }
        }
    }

    /** Runs {@code sql} on {@code server} directly (replication control on a replica, writes on the master). */
    static void run(MariaDbServer server, String... sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        replica2.close();
        replica1.close();
        master.close();
    }
}
