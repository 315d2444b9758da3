package io.shardline.driver.testing;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.JdbcMetadataStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sharded estate on two real servers (two H2 in-memory databases, or MariaDB on 3306 plus a second mariadbd),
 * with the metadata in an H2 file store. Database names carry a random prefix so runs never collide.
 * <pre>
 * server 1 (A): ud_0, ud_1_odd, u_0, a_0      server 2 (B): ud_1_even, ud_2, u_1, a_1
 * msg    range span 200000, category ud (slot 1 odd/even), secondary split 50000: msg0..msg3 in each ud database
 * feed   range on the same category, no secondary split
 * user, user_info   hash 10 by uid: 0-4 in u_0, 5-9 in u_1
 * account           hash 4 by string name: 0-1 in a_0, 2-3 in a_1
 * orders            hash 2 by uid, AUTO_INCREMENT id from a global sequence: orders_0 in u_0, orders_1 in u_1;
 *                   full-table scans on
 * region            broadcast (id, name): a copy in each of the 8 shard databases
 * ledger, jot       hash 2 by uid, no key at all (placed as orders); jot's columns of many types
 * tally             broadcast (name, n), no key, a copy in each of the 8 shard databases
 * audit             single (id, note) in database single on server 2
 * </pre>
 */
public final class ShardedFixture implements AutoCloseable {
    public enum Engine { H2, MARIADB }

    public static final String[] SERVER_A_DBS = {"ud_0", "ud_1_odd", "u_0", "a_0"};
    public static final String[] SERVER_B_DBS = {"ud_1_even", "ud_2", "u_1", "a_1", "single"};

    private final Engine engine;
    private final String prefix;
    private final Map<Integer, String> serverUrls = new LinkedHashMap<>();
    private final Path metaFile;
    private final List<String> physicalTables = new ArrayList<>();

    private ShardedFixture(Engine engine) {
        this.engine = engine;
        this.prefix = "sl" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
        this.metaFile = Path.of("target", "meta", prefix + "meta").toAbsolutePath();
    }

    public static ShardedFixture create(Engine engine) throws SQLException {
        ShardedFixture f = new ShardedFixture(engine);
        f.build();
        return f;
    }

    public Engine engine() {
        return engine;
    }

    /** The physical database name of a logical shard database name ({@code ud_0} becomes prefixed on MariaDB). */
    public String db(String name) {
        return engine == Engine.H2 ? name : prefix + name;
    }

    public String url() {
        return "jdbc:shardline:h2:" + metaFile + "?checkInterval=0";
    }

    public String metadataJdbcUrl() {
        return JdbcMetadataStore.h2Url("jdbc:h2:" + metaFile);
    }

    public ShardlineDataSource dataSource() {
        return new ShardlineDataSource(url());
    }

    /** jot's columns: a 4-byte float, a string under the server's default (case-insensitive on MariaDB) collation. */
    public String jotColumns() {
        return "(uid BIGINT NOT NULL, f " + (engine == Engine.H2 ? "REAL" : "FLOAT") + ", s VARCHAR(20),"
                + " m DECIMAL(10,3), t DATETIME(6), b VARBINARY(8))";
    }

    /** A direct connection to physical server 1 or 2, bypassing Shardline. */
    public Connection physical(int serverId) throws SQLException {
        if (engine == Engine.H2) {
            return DriverManager.getConnection(serverUrls.get(serverId));
        }
        return serverId == 1 ? MariaDb.primary() : MariaDb.second().connect();
    }

    /** Server ids and their JDBC URLs, as the metadata records them. */
    public Map<Integer, String> serverUrls() {
        return serverUrls;
    }

    private void build() throws SQLException {
        if (engine == Engine.H2) {
            serverUrls.put(1, "jdbc:h2:mem:" + prefix + "a;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
            serverUrls.put(2, "jdbc:h2:mem:" + prefix + "b;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        } else {
            serverUrls.put(1, MariaDb.PRIMARY_URL);
            serverUrls.put(2, MariaDb.second().jdbcUrl());
        }
        createPhysical(1, SERVER_A_DBS);
        createPhysical(2, SERVER_B_DBS);
        try (Connection meta = DriverManager.getConnection(metadataJdbcUrl())) {
            ConfigSchema.create(meta, false);
            writeMetadata(new ConfigWriter(meta, false));
            ConfigSchema.touch(meta);
        }
    }

    private void writeMetadata(ConfigWriter w) throws SQLException {
        if (engine == Engine.H2) {
            w.server(1, 0, "h2-a", 0, "", "").serverOption(1, null, serverUrls.get(1));
            w.server(2, 0, "h2-b", 0, "", "").serverOption(2, null, serverUrls.get(2));
        } else {
            w.server(1, 0, "127.0.0.1", 3306, "root", "");
            w.server(2, 0, "127.0.0.1", MariaDb.second().port(), "root", "");
        }
        w.rangeTable("", "msg", 200_000, "ud", 50_000, "id");
        w.rangeTable("", "feed", -1, "ud", 0, "fid");
        w.rangeSlot("", "ud", 0, 0, 1, db("ud_0"));
        w.rangeSlot("", "ud", 1, 1, 1, db("ud_1_odd"));
        w.rangeSlot("", "ud", 1, 2, 2, db("ud_1_even"));
        w.rangeSlot("", "ud", 2, 0, 2, db("ud_2"));
        for (String table : List.of("user", "user_info")) {
            w.hashTable("", table, 10, "uid");
            for (int n = 0; n < 10; n++) {
                w.placement("", table, n, n < 5 ? 1 : 2, db(n < 5 ? "u_0" : "u_1"));
            }
        }
        w.hashTable("", "account", 4, "name").tableOption("", "account", false, "string");
        for (int n = 0; n < 4; n++) {
            w.placement("", "account", n, n < 2 ? 1 : 2, db(n < 2 ? "a_0" : "a_1"));
        }
        w.hashTable("", "orders", 2, "uid");
        w.placement("", "orders", 0, 1, db("u_0")).placement("", "orders", 1, 2, db("u_1"));
        w.fullTableScan("", "orders", true);
        // no key at all: two rows may be equal in every column (writes evaluated first run in place on each shard)
        w.hashTable("", "ledger", 2, "uid");
        w.placement("", "ledger", 0, 1, db("u_0")).placement("", "ledger", 1, 2, db("u_1"));
        w.fullTableScan("", "ledger", true);
        w.hashTable("", "jot", 2, "uid");
        w.placement("", "jot", 0, 1, db("u_0")).placement("", "jot", 1, 2, db("u_1"));
        w.fullTableScan("", "jot", true);
        w.broadcastTable("", "region");
        w.broadcastTable("", "tally");
        w.singleTable("", "audit", 2, db("single"));
    }

    private void createPhysical(int serverId, String[] databases) throws SQLException {
        try (Connection c = physical(serverId); Statement s = c.createStatement()) {
            for (String d : databases) {
                String db = db(d);
                s.execute(engine == Engine.H2 ? "CREATE SCHEMA " + db : "CREATE DATABASE " + db);
                if (d.equals("single")) {
                    create(s, db + ".audit", "(id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(200))");
                    continue;
                }
                create(s, db + ".region", "(id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64))");
                create(s, db + ".tally", "(name VARCHAR(64), n INT)");
                if (d.startsWith("ud_")) {
                    for (int i = 0; i < 4; i++) {
                        create(s, db + ".msg" + i, "(id BIGINT NOT NULL PRIMARY KEY, content VARCHAR(200), created DATETIME)");
                    }
                    create(s, db + ".feed", "(fid BIGINT NOT NULL PRIMARY KEY, body VARCHAR(200))");
                } else if (d.startsWith("u_")) {
                    int from = d.equals("u_0") ? 0 : 5;
                    for (int n = from; n < from + 5; n++) {
                        create(s, db + ".user_" + n, "(uid BIGINT NOT NULL PRIMARY KEY, name VARCHAR(64), balance DECIMAL(12,2))");
                        create(s, db + ".user_info_" + n, "(uid BIGINT NOT NULL PRIMARY KEY, addr VARCHAR(200))");
                    }
                    create(s, db + ".orders_" + (d.equals("u_0") ? 0 : 1),
                            "(id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, uid BIGINT NOT NULL, item VARCHAR(64))");
                    create(s, db + ".ledger_" + (d.equals("u_0") ? 0 : 1),
                            "(uid BIGINT NOT NULL, amount INT NOT NULL DEFAULT 7, note VARCHAR(64))");
                    create(s, db + ".jot_" + (d.equals("u_0") ? 0 : 1), jotColumns());
                } else {
                    int from = d.equals("a_0") ? 0 : 2;
                    for (int n = from; n < from + 2; n++) {
                        create(s, db + ".account_" + n, "(name VARCHAR(64) NOT NULL PRIMARY KEY, note VARCHAR(200))");
                    }
                }
            }
        }
    }

    private void create(Statement s, String table, String columns) throws SQLException {
        s.execute("CREATE TABLE " + table + " " + columns);
        physicalTables.add(table);
    }

    /** Empties every physical table: the state each test starts from. */
    public void truncateAll() throws SQLException {
        for (int server = 1; server <= 2; server++) {
            try (Connection c = physical(server); Statement s = c.createStatement()) {
                for (String t : physicalTables) {
                    String db = t.substring(0, t.indexOf('.'));
                    boolean onThisServer = List.of(server == 1 ? SERVER_A_DBS : SERVER_B_DBS).stream()
                            .anyMatch(d -> db(d).equals(db));
                    if (onThisServer) {
                        s.execute("DELETE FROM " + t);
                    }
                }
            }
        }
    }

    /** How many rows a physical table holds, read straight from its server. */
    public int count(int serverId, String database, String table) throws SQLException {
        try (Connection c = physical(serverId); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + db(database) + "." + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Closes {@code dataSource}, then {@code fixture} and its databases; either may be null (its setup failed). */
    public static void close(ShardedFixture fixture, ShardlineDataSource dataSource) throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Override
    public void close() throws SQLException {
        for (int server = 1; server <= 2; server++) {
            try (Connection c = physical(server); Statement s = c.createStatement()) {
                if (engine == Engine.H2) {
                    s.execute("SHUTDOWN");
                } else {
                    for (String d : server == 1 ? SERVER_A_DBS : SERVER_B_DBS) {
                        s.execute("DROP DATABASE IF EXISTS " + db(d));
                    }
                }
            }
        }
        try (Connection meta = DriverManager.getConnection(metadataJdbcUrl()); Statement s = meta.createStatement()) {
            s.execute("DROP ALL OBJECTS DELETE FILES");
        }
    }
}
