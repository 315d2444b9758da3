package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.DbproxyConfuse;
import io.shardline.driver.store.SecretBox;
import io.shardline.driver.testing.MariaDb;
import io.shardline.router.plan.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The three metadata stores chosen by the URL, credentials as DBProxy and Shardline store them, and refresh.
 * The physical side is real: the worked example's databases on MariaDB 3306 and a second mariadbd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataStoresTest {
    private final String p = "sm" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
    private final String configDb = p + "dbproxy_config";
    private final String appUser = p + "app";

    @BeforeAll
    void createPhysicalShards() throws SQLException {
        try (Connection a = MariaDb.primary(); Statement s = a.createStatement()) {
            for (String db : List.of("ud_0", "ud_1_odd", "u_0")) {
                createShardDb(s, db);
            }
            s.execute("CREATE USER '" + appUser + "'@'127.0.0.1' IDENTIFIED BY 'app-Secret-1'");
            s.execute("GRANT ALL ON `" + p + "%`.* TO '" + appUser + "'@'127.0.0.1'");
        }
        try (Connection b = MariaDb.second().connect(); Statement s = b.createStatement()) {
            for (String db : List.of("ud_1_even", "ud_2", "u_1")) {
                createShardDb(s, db);
            }
            s.execute("CREATE USER '" + appUser + "'@'127.0.0.1' IDENTIFIED BY 'app-Secret-1'");
            s.execute("GRANT ALL ON `" + p + "%`.* TO '" + appUser + "'@'127.0.0.1'");
        }
    }

    private void createShardDb(Statement s, String db) throws SQLException {
        s.execute("CREATE DATABASE " + p + db);
        if (db.startsWith("ud")) {
            for (int i = 0; i < 4; i++) {
                s.execute("CREATE TABLE " + p + db + ".msg" + i + " (id BIGINT PRIMARY KEY, content VARCHAR(100))");
            }
            s.execute("CREATE TABLE " + p + db + ".tag (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))");
        } else {
            int from = db.equals("u_0") ? 0 : 5;
            for (int n = from; n < from + 5; n++) {
                s.execute("CREATE TABLE " + p + db + ".user_" + n + " (uid BIGINT PRIMARY KEY, name VARCHAR(100))");
            }
        }
    }

    @AfterAll
    void dropEverything() throws SQLException {
        try (Connection a = MariaDb.primary(); Statement s = a.createStatement()) {
            for (String db : List.of("ud_0", "ud_1_odd", "u_0", "dbproxy_config")) {
                s.execute("DROP DATABASE IF EXISTS " + p + db);
            }
            s.execute("DROP USER IF EXISTS '" + appUser + "'@'127.0.0.1'");
        }
        try (Connection b = MariaDb.second().connect(); Statement s = b.createStatement()) {
            for (String db : List.of("ud_1_even", "ud_2", "u_1")) {
                s.execute("DROP DATABASE IF EXISTS " + p + db);
            }
            s.execute("DROP USER IF EXISTS '" + appUser + "'@'127.0.0.1'");
        }
    }

    @AfterEach
    void closeShared() {
        ShardlineDriver.closeRuntimes();
    }

    /** The worked example: category ud (slot 1 odd/even), msg with secondary span 50000, user hashed 10 over 2 databases. */
    private void writeWorkedExample(ConfigWriter w, String cluster, String user, String passwd1, String passwd2)
            throws SQLException {
        w.server(1, 0, "127.0.0.1", 3306, user, passwd1);
        w.server(2, 0, "127.0.0.1", MariaDb.second().port(), user, passwd2);
        w.rangeTable(cluster, "msg", 200_000, "ud", 50_000, "id");
        w.rangeSlot(cluster, "ud", 0, 0, 1, p + "ud_0");
        w.rangeSlot(cluster, "ud", 1, 1, 1, p + "ud_1_odd");
        w.rangeSlot(cluster, "ud", 1, 2, 2, p + "ud_1_even");
        w.rangeSlot(cluster, "ud", 2, 0, 2, p + "ud_2");
        w.hashTable(cluster, "user", 10, "uid");
        for (int n = 0; n < 10; n++) {
            w.placement(cluster, "user", n, n < 5 ? 1 : 2, p + (n < 5 ? "u_0" : "u_1"));
        }
    }

    private Connection newConfigDb() throws SQLException {
        try (Connection a = MariaDb.primary(); Statement s = a.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + configDb);
            s.execute("CREATE DATABASE " + configDb);
        }
        return DriverManager.getConnection(MariaDb.PRIMARY_URL + configDb, "root", "");
    }

    private String mysqlStoreUrl(String extra) {
        return "jdbc:shardline:mysql://127.0.0.1:3306/" + configDb + "?user=root&password=&checkInterval=0" + extra;
    }

    private static Route routeOf(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rs.getObject(1);
            }
            return s.unwrap(ShardlineStatement.class).lastRoute();
        }
    }

    @Test
    void aDbproxyConfigDatabaseWorksUnchanged() throws SQLException {
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.createDbproxyOnly(cfg, false); // no Shardline tables: every option has its default
            writeWorkedExample(new ConfigWriter(cfg, false), "", "root", "", "");
        }
        try (Connection c = DriverManager.getConnection(mysqlStoreUrl(""))) {
            Route r1 = routeOf(c, "SELECT * FROM msg WHERE id = 123456");
            assertEquals(p + "ud_0", r1.database());
            assertTrue(r1.sql().contains("`" + p + "ud_0`.`msg2`"), r1.sql());
            Route r2 = routeOf(c, "SELECT * FROM msg WHERE id = 200013");
            assertTrue(r2.sql().contains("`" + p + "ud_1_odd`.`msg0`"), r2.sql());
            Route r3 = routeOf(c, "SELECT * FROM msg WHERE id = 250000");
            assertEquals(2, r3.serverId());
            assertTrue(r3.sql().contains("`" + p + "ud_1_even`.`msg1`"), r3.sql());
            SQLException beyond = assertThrows(SQLException.class, () -> routeOf(c, "SELECT * FROM msg WHERE id = 600000"));
            assertEquals(100404, beyond.getErrorCode());
            Route hashed = routeOf(c, "SELECT * FROM user WHERE uid = 17");
            assertTrue(hashed.sql().contains("`" + p + "u_1`.`user_7`"), hashed.sql());
        }
    }

    @Test
    void clusterLayoutSeparatesBusinessGroups() throws SQLException {
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.create(cfg, true);
            writeWorkedExample(new ConfigWriter(cfg, true), "game", "root", "", "");
        }
        try (Connection c = DriverManager.getConnection(mysqlStoreUrl("&cluster=game"))) {
            assertEquals(p + "ud_1_odd", routeOf(c, "SELECT * FROM msg WHERE id = 200013").database());
        }
        try (Connection c = DriverManager.getConnection(mysqlStoreUrl(""))) {
            SQLException e = assertThrows(SQLException.class, () -> routeOf(c, "SELECT * FROM msg WHERE id = 1"));
            assertEquals(100404, e.getErrorCode(), "cluster '' has no msg");
        }
    }

    @Test
    void confusedCredentialsAreDecodedTheDbproxyWay() throws SQLException {
        DbproxyConfuse confuse = new DbproxyConfuse("root", "");
        // DBConfigConfuser encrypts user then passwd, row after row in server_id order, with one running stream
        String user1 = confuse.encrypt(appUser);
        String pass1 = confuse.encrypt("app-Secret-1");
        String user2 = confuse.encrypt(appUser);
        String pass2 = confuse.encrypt("app-Secret-1");
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.createDbproxyOnly(cfg, false);
            ConfigWriter w = new ConfigWriter(cfg, false);
            writeWorkedExample(w, "", "placeholder", "", "");
            try (PreparedStatement ps = cfg.prepareStatement("UPDATE server_info SET `user` = ?, passwd = ? WHERE server_id = ?")) {
                ps.setString(1, user1);
                ps.setString(2, pass1);
                ps.setInt(3, 1);
                ps.executeUpdate();
                ps.setString(1, user2);
                ps.setString(2, pass2);
                ps.setInt(3, 2);
                ps.executeUpdate();
            }
        }
        try (Connection c = DriverManager.getConnection(mysqlStoreUrl("&enableConfuse=true"));
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO user (uid, name) VALUES (8, 'eight')");
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER() FROM user WHERE uid = 8")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith(appUser + "@"), rs.getString(1));
            }
            s.executeUpdate("DELETE FROM user WHERE uid = 8");
        }
    }

    @Test
    void sealedPasswordsNeedTheKey() throws Exception {
        String key = SecretBox.newKey();
        SecretBox box = SecretBox.ofBase64(key);
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.create(cfg, false);
            writeWorkedExample(new ConfigWriter(cfg, false), "", appUser, box.seal("app-Secret-1"), box.seal("app-Secret-1"));
            try (Statement s = cfg.createStatement(); ResultSet rs = s.executeQuery("SELECT passwd FROM server_info")) {
                while (rs.next()) {
                    assertTrue(rs.getString(1).startsWith("enc:v1:"), "no plain password in the store");
                }
            }
        }
        try (Connection c = DriverManager.getConnection(mysqlStoreUrl("&secretKey=" + java.net.URLEncoder.encode(key, "UTF-8")));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM msg WHERE id = 250000")) {
            assertTrue(rs.next());
        }
        SQLException wrongKey = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                mysqlStoreUrl("&secretKey=" + java.net.URLEncoder.encode(SecretBox.newKey(), "UTF-8"))));
        assertEquals(100503, wrongKey.getErrorCode());
        assertTrue(wrongKey.getMessage().contains("wrong key"), wrongKey.getMessage());
    }

    @Test
    void yamlStoreReadsTheSameModel() throws Exception {
        Path yaml = Path.of("target", p + "topology.yaml").toAbsolutePath();
        Files.writeString(yaml, """
                server_info:
                  - {server_id: 1, host: 127.0.0.1, port: 3306, user: root}
                  - {server_id: 2, host: 127.0.0.1, port: %d, user: root}
                table_info:
                  - {table_name: msg, split_type: 1, range_span: 200000, database_category: ud, secondary_split: 1, secondary_split_span: 50000, hint_field: id}
                  - {table_name: tag, split_type: 0}
                table_option:
                  - {table_name: tag, table_kind: broadcast}
                split_range_info:
                  - {database_category: ud, split_index: 0, database_name: %sud_0, server_id: 1}
                  - {database_category: ud, split_index: 1, index_type: 1, database_name: %sud_1_odd, server_id: 1}
                  - {database_category: ud, split_index: 1, index_type: 2, database_name: %sud_1_even, server_id: 2}
                  - {database_category: ud, split_index: 2, database_name: %sud_2, server_id: 2}
                """.formatted(MariaDb.second().port(), p, p, p, p));
        try (Connection c = DriverManager.getConnection("jdbc:shardline:file:" + yaml + "?checkInterval=0");
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO msg (id, content) VALUES (250000, 'from yaml')");
            try (ResultSet rs = s.executeQuery("SELECT content FROM msg WHERE id = 250000")) {
                assertTrue(rs.next());
                assertEquals("from yaml", rs.getString(1));
            }
            assertEquals(2, s.unwrap(ShardlineStatement.class).lastRoute().serverId());
            s.executeUpdate("DELETE FROM msg WHERE id = 250000");
            // a broadcast table: ids given by the caller reach every copy; ids from a sequence need a writable store
            assertEquals(1, s.executeUpdate("INSERT INTO tag (id, name) VALUES (7, 'seven')"));
            SQLException noSequence = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO tag (name) VALUES ('no id')"));
            assertEquals(100403, noSequence.getErrorCode());
            assertTrue(noSequence.getMessage().contains("read-only"), noSequence.getMessage());
            assertEquals(1, s.executeUpdate("DELETE FROM tag WHERE id = 7"));
        }
    }

    @Test
    void sequenceBlocksNeverOverlapAcrossDrivers() throws Exception {
        try (Connection c = newConfigDb()) {
            io.shardline.driver.store.ConfigSchema.create(c, false);
            new ConfigWriter(c, false).sequence("t", 1, 10);
        }
        java.util.Properties root = new java.util.Properties();
        root.setProperty("user", "root");
        String url = MariaDb.PRIMARY_URL + configDb;
        // two stores stand for two JVMs: each reserves through its own connections
        var stores = List.of(new io.shardline.driver.store.JdbcMetadataStore(url, root),
                new io.shardline.driver.store.JdbcMetadataStore(url, root));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<List<long[]>>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            var store = stores.get(t % 2);
            futures.add(pool.submit(() -> {
                List<long[]> blocks = new java.util.ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    blocks.add(store.reserve("t", () -> 1, 1));
                }
                return blocks;
            }));
        }
        java.util.TreeMap<Long, Long> blocks = new java.util.TreeMap<>();
        for (var f : futures) {
            for (long[] b : f.get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                assertEquals(10, b[1], "the sequence's step");
                assertEquals(null, blocks.put(b[0], b[1]), "block starting at " + b[0] + " handed out twice");
            }
        }
        pool.shutdown();
        long expected = 1;
        for (var b : blocks.entrySet()) {
            assertEquals(expected, b.getKey(), "blocks follow each other without overlap or gap");
            expected += b.getValue();
        }
        assertEquals(1001, expected);
    }

    @Test
    void refreshSwapsSnapshotsAndKeepsTheOldOneWhenTheNewIsBroken() throws SQLException {
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.create(cfg, false);
            writeWorkedExample(new ConfigWriter(cfg, false), "", "root", "", "");
        }
        try (ShardlineDataSource ds = new ShardlineDataSource(mysqlStoreUrl("")); Connection c = ds.getConnection()) {
            PreparedStatement prepared = c.prepareStatement("SELECT COUNT(*) FROM msg WHERE id = ?");
            prepared.setLong(1, 650000);
            assertEquals(100404, assertThrows(SQLException.class, prepared::executeQuery).getErrorCode());

            try (Connection cfg = DriverManager.getConnection(MariaDb.PRIMARY_URL + configDb, "root", "")) {
                new ConfigWriter(cfg, false).rangeSlot("", "ud", 3, 0, 1, p + "ud_0");
                ConfigSchema.touch(cfg);
            }
            ds.runtime().refresh();
            try (ResultSet rs = prepared.executeQuery()) {
                assertTrue(rs.next(), "the statement prepared before the refresh routes by the new snapshot");
            }
            assertEquals(p + "ud_0", prepared.unwrap(ShardlineStatement.class).lastRoute().database());

            try (Connection cfg = DriverManager.getConnection(MariaDb.PRIMARY_URL + configDb, "root", "");
                 Statement s = cfg.createStatement()) {
                s.executeUpdate("DELETE FROM split_range_info WHERE split_index = 1 AND index_type = 2");
                ConfigSchema.touch(cfg);
            }
            SQLException broken = assertThrows(SQLException.class, () -> ds.runtime().refresh());
            assertEquals(100503, broken.getErrorCode());
            assertTrue(broken.getMessage().contains("odd/even pairs must be complete"), broken.getMessage());
            assertEquals(2, routeOf(c, "SELECT * FROM msg WHERE id = 250000").serverId(), "the old snapshot still routes");
            prepared.close();
        }
    }

    @Test
    void theStampCheckReloadsOnItsOwn() throws Exception {
        try (Connection cfg = newConfigDb()) {
            ConfigSchema.create(cfg, false);
            writeWorkedExample(new ConfigWriter(cfg, false), "", "root", "", "");
        }
        String url = "jdbc:shardline:mysql://127.0.0.1:3306/" + configDb + "?user=root&password=&checkInterval=1";
        try (ShardlineDataSource ds = new ShardlineDataSource(url); Connection c = ds.getConnection()) {
            assertEquals(100404, assertThrows(SQLException.class, () -> routeOf(c, "SELECT * FROM msg WHERE id = 700000")).getErrorCode());
            try (Connection cfg = DriverManager.getConnection(MariaDb.PRIMARY_URL + configDb, "root", "")) {
                new ConfigWriter(cfg, false).rangeSlot("", "ud", 3, 0, 2, p + "ud_2");
                ConfigSchema.touch(cfg);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            Route route = null;
            while (route == null && System.nanoTime() < deadline) {
                try {
                    route = routeOf(c, "SELECT * FROM msg WHERE id = 700000");
                } catch (SQLException notYet) {
                    Thread.sleep(200);
                }
            }
            assertTrue(route != null && route.serverId() == 2, "the new slot was picked up by the periodic check");
        }
    }

    @Test
    void aDbproxyDatabaseGetsGlobalSequenceAtFirstUseOrSaysWhatToRun() throws Exception {
        try (Connection c = newConfigDb()) {
            ConfigSchema.createDbproxyOnly(c, false); // as DBProxy has it: no global_sequence
        }
        String url = MariaDb.PRIMARY_URL + configDb;
        String limited = p + "cfgro";
        try (Connection a = MariaDb.primary(); Statement s = a.createStatement()) {
            s.execute("CREATE USER '" + limited + "'@'127.0.0.1' IDENTIFIED BY 'Limited-1'");
            s.execute("GRANT SELECT, INSERT, UPDATE ON `" + configDb + "`.* TO '" + limited + "'@'127.0.0.1'");
        }
        try {
            java.util.Properties ro = new java.util.Properties();
            ro.setProperty("user", limited);
            ro.setProperty("password", "Limited-1");
            try (var store = new io.shardline.driver.store.JdbcMetadataStore(url, ro)) {
                SQLException refused = assertThrows(SQLException.class, () -> store.reserve("orders", () -> 1, 1));
                assertEquals(100503, refused.getErrorCode());
                assertTrue(refused.getMessage().contains("CREATE TABLE IF NOT EXISTS global_sequence ( name varchar(160)"),
                        "the message says what to run: " + refused.getMessage());
            }
            java.util.Properties root = new java.util.Properties();
            root.setProperty("user", "root");
            try (var store = new io.shardline.driver.store.JdbcMetadataStore(url, root)) {
                long[] block = store.reserve("orders", () -> 41, 1);
                assertEquals(41, block[0], "the first id is the start given");
                assertEquals(41 + block[1], store.reserve("orders", () -> 41, 1)[0], "the next block follows");
            }
            try (var store = new io.shardline.driver.store.JdbcMetadataStore(url, ro)) {
                assertTrue(store.reserve("orders", () -> 1, 1)[0] > 41, "once made, the limited account uses it");
            }
        } finally {
            try (Connection a = MariaDb.primary(); Statement s = a.createStatement()) {
                s.execute("DROP USER IF EXISTS '" + limited + "'@'127.0.0.1'");
            }
        }
    }

    @Test
    void aNewEmbeddedStoreCreatesItsTables() throws Exception {
        Path file = Path.of("target", p + "new-meta").toAbsolutePath();
        // the user names only the file, or sets one H2 flag: Shardline adds the others
        try (Connection c = DriverManager.getConnection("jdbc:shardline:h2:" + file + ";MODE=MySQL?checkInterval=0")) {
            SQLException nothingYet = assertThrows(SQLException.class, () -> routeOf(c, "SELECT 1"));
            assertEquals(100503, nothingYet.getErrorCode());
            assertTrue(nothingYet.getMessage().contains("no servers yet"), nothingYet.getMessage());
        }
        try (Connection h2 = DriverManager.getConnection(io.shardline.driver.store.JdbcMetadataStore.h2Url("jdbc:h2:" + file));
             ResultSet rs = h2.createStatement().executeQuery("SELECT LOWER(table_name) FROM information_schema.tables"
                     + " WHERE table_schema = 'public' ORDER BY 1")) {
            List<String> tables = new java.util.ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            assertEquals(List.of("global_sequence", "server_info", "server_option", "split_range_info",
                    "split_table_info", "table_info", "table_option", "variable_setting"), tables);
            // the new store is usable as it is: a topology written into it is served on the next connection
            writeWorkedExample(new ConfigWriter(h2, true), "", "root", "", "");
            ConfigSchema.touch(h2);
        }
        ShardlineDriver.closeRuntimes();
        try (Connection c = DriverManager.getConnection("jdbc:shardline:h2:" + file + "?checkInterval=0")) {
            assertTrue(routeOf(c, "SELECT * FROM user WHERE uid = 17").sql().contains("`" + p + "u_1`.`user_7`"));
        }
    }

    @Test
    void unusableStoresAndUrlsFailClearly() throws SQLException {
        try (Connection cfg = newConfigDb()) { // a MySQL config database without DBProxy's tables is not created
            assertTrue(cfg.isValid(1));
        }
        SQLException empty = assertThrows(SQLException.class, () -> DriverManager.getConnection(mysqlStoreUrl("")));
        assertEquals(100503, empty.getErrorCode());
        SQLException typo = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:shardline:h2:mem:x?chekInterval=5"));
        assertEquals(100422, typo.getErrorCode());
        assertTrue(typo.getMessage().contains("chekInterval"), typo.getMessage());
        SQLException noFile = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:shardline:file:/nonexistent/topology.yaml"));
        assertEquals(100503, noFile.getErrorCode());
    }
}
