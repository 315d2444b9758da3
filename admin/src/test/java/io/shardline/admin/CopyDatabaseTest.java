package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CopyDatabaseBetweenInstances on real servers: a live copy of two databases under new names compared table by table
 * (row count, CHECKSUM TABLE) and object by object (views, routines, triggers, events); a copy from a backup set;
 * a restore to a second between two known writes; privileges copied and used by logging in; every precondition's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyDatabaseTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path backupStore;
    private TestEstate estate;
    private ShardlineAdmin admin;
    private MariaDbServer src;
    private MariaDbServer dst;

    @BeforeAll
    void servers() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withBackups(backupStore, Duration.ofDays(7)));
        admin = estate.admin;
        src = CopyServers.src();
        dst = CopyServers.dst();
        CopyServers.register(estate);
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    private String name(String n) {
        return estate.prefix + n;
    }

    /** Two databases with every kind of object and value a copy must keep. */
    static void fill(MariaDbServer server, String shop, String ref, int rows) throws SQLException {
        CopyServers.run(server,
                "CREATE DATABASE " + shop + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE DATABASE " + ref + " CHARACTER SET latin1",
                "CREATE TABLE " + ref + ".country (code CHAR(2) PRIMARY KEY, name VARCHAR(40)) CHARACTER SET latin1",
                "INSERT INTO " + ref + ".country VALUES ('fr', 'France'), ('de', 'Deutschland'), ('es', 'Espa\u00f1a')",
                "CREATE TABLE " + shop + ".customer (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
                        + " country CHAR(2), email VARCHAR(100) UNIQUE, note TEXT CHARACTER SET latin1,"
                        + " created DATETIME(6), seen TIMESTAMP(3) NULL, born DATE, wake TIME(2), y YEAR,"
                        + " score FLOAT, ratio DOUBLE, balance DECIMAL(20,6), flags BIT(10), level ENUM('bronze','silver','gold'),"
                        + " tags SET('a','b','c'), doc JSON, photo BLOB, big BIGINT UNSIGNED, tiny TINYINT,"
                        + " name_len INT AS (CHAR_LENGTH(name)) VIRTUAL, name_up VARCHAR(64) AS (UPPER(name)) PERSISTENT,"
                        + " KEY by_country (country))",
                "CREATE TABLE " + shop + ".orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2),"
                        + " placed DATETIME, CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customer (id))",
                "CREATE TABLE " + shop + ".audit (what VARCHAR(100), n INT)",
                "CREATE TABLE " + shop + ".empty_one (id INT PRIMARY KEY)",
                "CREATE TABLE " + shop + ".`odd name` (`col ``q``` INT, v VARBINARY(20))",
                "INSERT INTO " + shop + ".`odd name` VALUES (1, X'00FF27225C0A0D1A'), (1, X'00FF27225C0A0D1A'), (NULL, NULL)");
        try (Connection c = CopyServers.connect(server, shop); Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+02:00'");
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= rows; i++) {
                b.append(b.length() == 0 ? "" : ",").append("('name ").append(i).append(" \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00', '")
                        .append(i % 3 == 0 ? "fr" : i % 3 == 1 ? "de" : "es").append("', 'c").append(i).append("@x.org', ")
                        .append(i % 7 == 0 ? "NULL" : "'caf\u00e9 " + i + "'").append(", '2024-03-31 02:30:00.")
                        .append(String.format("%06d", i)).append("', '2024-03-31 02:30:00.123', ")
                        .append(i % 11 == 0 ? "'0000-00-00'" : "'1999-12-31'").append(", '-838:59:59.5', 2024, ")
                        .append(i / 7.0).append(", ").append(1.0 / i).append(", ").append(i).append(".000001, b'1010101010', ")
                        .append(i % 4 == 0 ? "NULL" : "'silver'").append(", 'a,c', '{\"k\": ").append(i)
                        .append("}', X'00FF").append(String.format("%04X", i)).append("', 18446744073709551615, -128)");
                if (i % 500 == 0 || i == rows) {
                    s.execute("INSERT INTO customer (name, country, email, note, created, seen, born, wake, y, score,"
                            + " ratio, balance, flags, level, tags, doc, photo, big, tiny) VALUES " + b);
                    b.setLength(0);
                }
            }
            s.execute("SET sql_mode = ''");
            s.execute("INSERT INTO orders SELECT id * 10, id, id * 1.5, created FROM customer");
            s.execute("CREATE VIEW by_country AS SELECT c.country, COUNT(*) AS n FROM customer c GROUP BY c.country");
            s.execute("CREATE VIEW named AS SELECT b.country, r.name, b.n FROM by_country b JOIN " + ref
                    + ".country r ON r.code = b.country");
            s.execute("CREATE ALGORITHM = MERGE SQL SECURITY INVOKER VIEW big_orders AS SELECT * FROM orders"
                    + " WHERE amount > 100 WITH CHECK OPTION");
            s.execute("CREATE PROCEDURE add_order(IN c INT, IN a DECIMAL(12,2)) MODIFIES SQL DATA"
                    + " BEGIN INSERT INTO orders VALUES ((SELECT MAX(id) + 1 FROM orders o), c, a, NOW()); END");
            s.execute("CREATE FUNCTION country_name(code CHAR(2)) RETURNS VARCHAR(40) READS SQL DATA"
                    + " RETURN (SELECT name FROM " + ref + ".country WHERE country.code = code)");
            s.execute("CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW"
                    + " INSERT INTO audit VALUES (CONCAT('order ', NEW.id), 1)");
            s.execute("CREATE TRIGGER orders_audit_2 AFTER INSERT ON orders FOR EACH ROW FOLLOWS orders_audit"
                    + " UPDATE audit SET n = n + 1 WHERE what = CONCAT('order ', NEW.id)");
            s.execute("CREATE EVENT purge_audit ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM audit WHERE n > 100");
        }
        CopyServers.run(server, "CREATE VIEW " + ref + ".short AS SELECT code FROM " + ref + ".country");
    }

    private static CopyProgress await(CopyTask task) throws Exception {
        return task.await(WAIT);
    }

    @Test
    void copiesTwoDatabasesLiveUnderNewNamesExactly() throws Exception {
        String shop = name("shop");
        String ref = name("ref");
        fill(src, shop, ref, 3000);
        Map<String, String> names = new LinkedHashMap<>();
        names.put(shop, name("shop2"));
        names.put(ref, name("ref2"));
        List<CopyProgress> seen = new CopyOnWriteArrayList<>();
        CopyTask task = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names), seen::add);
        assertEquals(36, task.requestId().length());
        CopyProgress done = await(task);
        assertEquals(TaskState.SUCCESS, done.state());
        assertEquals(6, done.tablesDone(), done.line());
        assertEquals(3000 + 3000 + 3 + 3, done.rowsDone(), done.line());
        assertEquals(100, done.percent());
        assertEquals(TaskState.SUCCESS, seen.get(seen.size() - 1).state());
        assertTrue(seen.stream().anyMatch(p -> p.step().equals("copying data")), seen.toString());

        for (var e : names.entrySet()) {
            assertEquals(CopyServers.tableChecksums(src, e.getKey()), CopyServers.tableChecksums(dst, e.getValue()),
                    e.getKey());
            assertEquals(CopyServers.definitions(src, e.getKey(), names), CopyServers.definitions(dst, e.getValue(), names),
                    e.getKey());
        }
        assertEquals(8, CopyServers.definitions(dst, name("shop2"), names).size());
        assertEquals(List.of(List.of("es", "Espa\u00f1a", "1000")), CopyServers.rows(dst,
                "SELECT * FROM " + name("shop2") + ".named WHERE country = 'es'"), "the view reads the renamed database");
        assertEquals("Deutschland", CopyServers.rows(dst, "SELECT " + name("shop2") + ".country_name('de')").get(0).get(0));
        assertEquals(List.of(List.of("utf8mb4", "utf8mb4_unicode_ci")), CopyServers.rows(dst, "SELECT"
                + " DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                + name("shop2") + "'"));
        CopyServers.run(dst, "CALL " + name("shop2") + ".add_order(5, 12.5)");
        assertEquals(List.of(List.of("2")), CopyServers.rows(dst, "SELECT n FROM " + name("shop2")
                + ".audit WHERE what = 'order 30001'"), "both triggers run on the copy, in their order");
        assertEquals(List.of(List.of("0")), CopyServers.rows(dst, "SELECT COUNT(*) FROM " + name("shop2") + ".audit"
                + " WHERE what <> 'order 30001'"), "no trigger fired while rows were copied");

        CopyProgress described = admin.describeCopyDatabaseTask(task.requestId());
        assertEquals(TaskState.SUCCESS, described.state());
        assertEquals(done.rowsDone(), described.rowsDone());
        Map<String, Object> fields = admin.call("DescribeCopyDatabaseTask", Map.of("TaskId", task.requestId()));
        assertEquals("Success", fields.get("Status"));
        assertEquals(100, fields.get("Progress"));
    }

    @Test
    void everyPreconditionHasItsCodeAndWritesNothing() throws Exception {
        String db = name("pre");
        CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1)", "CREATE TABLE " + db + ".m (id INT) ENGINE = MyISAM");
        String taken = name("taken");
        CopyServers.run(dst, "CREATE DATABASE " + taken);
        String ok = "{\"" + db + "\":\"" + name("pre2") + "\"}";
        DrdsException myisam = refused("EngineNotSupported", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", ok);
        assertTrue(myisam.getMessage().contains("MyISAM"), myisam.getMessage());
        CopyServers.run(src, "DROP TABLE " + db + ".m");
        refused("InvalidDBInstance.NotFound", 404, "DBInstanceId", "nope", "TargetDBInstanceId", "dst", "DbNames", ok);
        refused("InvalidDBInstance.NotFound", 404, "DBInstanceId", "src", "TargetDBInstanceId", "nope", "DbNames", ok);
        refused("InvalidTargetDBInstanceName.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "src",
                "DbNames", ok);
        refused("InvalidRecoveryDBNames.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "[\"" + db + "\"]");
        refused("InvalidRecoveryDBNames.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"a\":\"x1\",\"b\":\"x1\"}");
        refused("InvalidRecoveryDBNames.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"a\":\"x1\",\"a\":\"x2\"}");
        refused("InvalidDBName.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"" + db + "\":\"Bad-Name\"}");
        refused("InvalidDBName.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"a`b\":\"fine\"}");
        refused("InvalidDBName.Format", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"mysql\":\"fine\"}");
        refused("InvalidDBName.NotFound", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"" + name("none") + "\":\"fine\"}");
        refused("InvalidDBName.Duplicate", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", "{\"" + db + "\":\"" + taken + "\"}");
        refused("ErrorParametersConflict", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst", "DbNames", ok,
                "BackupId", "123", "RestoreTime", "2024-01-01T00:00:00Z");
        refused("InvalidBackupSetID", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst", "DbNames", ok,
                "BackupId", "123");
        refused("InvalidBackupIdOrRestoreTime.NotFound", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", ok, "RestoreTime", "2001-01-01T00:00:00Z");
        refused("InvalidBackupIdOrRestoreTime.NotFound", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", ok, "RestoreTime", "2999-01-01T00:00:00Z");
        refused("InvalidBackupIdOrRestoreTime.NotFound", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", ok, "RestoreTime", "yesterday");
        refused("InvalidSyncUserPrivilege.Malformed", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst",
                "DbNames", ok, "SyncUserPrivilege", "yes please");
        refused("EngineNotSupported", 400, "DBInstanceId", "dst", "TargetDBInstanceId", "src",
                "DbNames", "{\"" + taken + "\":\"fine\"}", "RestoreTime", "2001-01-01T00:00:00Z");
        CopyServers.run(dst, "SET GLOBAL read_only = 1");
        try {
            refused("ReadDBInstanceNotSupport", 400, "DBInstanceId", "src", "TargetDBInstanceId", "dst", "DbNames", ok);
        } finally {
            CopyServers.run(dst, "SET GLOBAL read_only = 0");
        }
        ShardlineAdmin tight = ShardlineAdmin.open(estate.adminUrl(), AdminOptions.defaults().withFreeSpaceReserve(1L << 60));
        DrdsException full = assertThrows(DrdsException.class, () -> tight.copyDatabaseBetweenInstances(
                CopyDatabaseRequest.live("src", "dst", Map.of(db, name("pre2")))));
        assertEquals("InvalidRecoveryDbInstance.StorageSize", full.code());
        assertEquals(400, full.httpStatus());
        assertFalse(CopyServers.exists(dst, name("pre2")), "no precondition failure wrote anything");

        Map<String, Object> answer = admin.call("CopyDatabaseBetweenInstances", Map.of("DBInstanceId", "src",
                "TargetDBInstanceId", "dst", "DbNames", ok, "SyncUserPrivilege", "NO"));
        assertEquals(List.of("RequestId"), List.copyOf(answer.keySet()));
        String id = (String) answer.get("RequestId");
        CopyProgress p = waitFor(id);
        assertEquals(TaskState.SUCCESS, p.state(), p.message());
        assertEquals(List.of(List.of("1")), CopyServers.rows(dst, "SELECT id FROM " + name("pre2") + ".t"));
    }

    private CopyProgress waitFor(String id) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        CopyProgress p = admin.describeCopyDatabaseTask(id);
        while (!p.state().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            p = admin.describeCopyDatabaseTask(id);
        }
        return p;
    }

    private DrdsException refused(String code, int status, String... params) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        DrdsException e = assertThrows(DrdsException.class, () -> admin.call("CopyDatabaseBetweenInstances", map),
                map.toString());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(status, e.httpStatus(), code);
        assertNotNull(e.requestId());
        return e;
    }

    @Test
    void copiesFromABackupSetAndDeletesIt() throws Exception {
        String shop = name("bshop");
        String ref = name("bref");
        fill(src, shop, ref, 700);
        Map<String, Object> created = admin.call("CreateBackup", Map.of("DBInstanceId", "src", "DBName",
                shop + "," + ref, "BackupMethod", "Logical"));
        String id = (String) created.get("BackupJobId");
        CopyServers.run(src, "DELETE FROM " + shop + ".orders WHERE id > 100", "INSERT INTO " + ref
                + ".country VALUES ('it', 'Italia')");
        Map<String, Object> described = admin.call("DescribeBackups", Map.of("DBInstanceId", "src", "BackupId", id));
        assertEquals("1", described.get("TotalRecordCount"));
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((Map<String, List<Map<String, Object>>>) described.get("Items")).get("Backup").get(0);
        assertEquals("Success", item.get("BackupStatus"));
        assertEquals(shop + "," + ref, item.get("BackupDBNames"));
        assertTrue((Long) item.get("BackupSize") > 0);
        assertTrue(((String) item.get("BackupStartTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        Path dir = backupStore.resolve("src").resolve(id);
        assertTrue(Files.exists(dir.resolve(shop + ".dump.gz")) && Files.exists(dir.resolve("manifest.json")));
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"sha256\""));

        String live = name("blive");
        await(admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", Map.of(ref, live))));
        Map<String, String> names = new LinkedHashMap<>();
        names.put(shop, name("bshop2"));
        names.put(ref, name("bref2"));
        CopyProgress done = await(admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names)
                .withBackupId(id)));
        assertEquals(700 * 2 + 3 + 3, done.rowsDone(), "exact totals from the manifest: " + done.line());
        assertEquals(700 * 2 + 3 + 3, done.rowsTotal());
        assertEquals(List.of(List.of("700")), CopyServers.rows(dst, "SELECT COUNT(*) FROM " + name("bshop2") + ".orders"),
                "as of the backup, not now");
        CopyServers.run(src, "INSERT INTO " + shop + ".orders SELECT id * 10, id, id * 1.5, created FROM " + shop
                + ".customer WHERE id > 10", "DELETE FROM " + shop + ".audit", "DELETE FROM " + ref + ".country WHERE code = 'it'");
        assertEquals(CopyServers.tableChecksums(src, shop), CopyServers.tableChecksums(dst, name("bshop2")));
        assertEquals(CopyServers.definitions(src, shop, names), CopyServers.definitions(dst, name("bshop2"), names));
        assertEquals(List.of(List.of("4")), CopyServers.rows(dst, "SELECT COUNT(*) FROM " + live + ".country"),
                "a later copy to the same server leaves what an earlier one made alone");

        Files.write(dir.resolve(ref + ".dump.gz"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        DrdsException damaged = assertThrows(DrdsException.class, () -> await(admin.copyDatabaseBetweenInstances(
                CopyDatabaseRequest.live("src", "dst", Map.of(ref, name("bref3"))).withBackupId(id))));
        assertEquals("InvalidBackupSetID", damaged.code());
        assertTrue(damaged.getMessage().contains("checksum"), damaged.getMessage());
        assertFalse(CopyServers.exists(dst, name("bref3")));

        admin.call("DeleteBackup", Map.of("DBInstanceId", "src", "BackupId", id));
        assertFalse(Files.exists(dir));
        assertEquals("0", admin.call("DescribeBackups", Map.of("DBInstanceId", "src", "BackupId", id))
                .get("TotalRecordCount"));
        assertEquals("InvalidBackupSetID", assertThrows(DrdsException.class, () -> admin.copyDatabaseBetweenInstances(
                CopyDatabaseRequest.live("src", "dst", names).withBackupId(id))).code());
        assertEquals("InvalidBackupSetID", assertThrows(DrdsException.class,
                () -> admin.deleteBackup("src", id)).code());
    }

    @Test
    void restoresToASecondBetweenTwoWrites() throws Exception {
        String db = name("pit");
        CopyServers.run(src, "CREATE DATABASE " + db,
                "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v VARCHAR(20), f FLOAT)",
                "CREATE TABLE " + db + ".log (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(40))",
                "CREATE TRIGGER " + db + ".t_log AFTER INSERT ON " + db + ".t FOR EACH ROW"
                        + " INSERT INTO log (what) VALUES (CONCAT('inserted ', NEW.id))",
                "INSERT INTO " + db + ".t VALUES (1, 'before backup', 0.1), (2, 'to update', 0.2), (3, 'to delete', 0.3)");
        String other = name("pitx");
        CopyServers.run(src, "CREATE DATABASE " + other, "CREATE TABLE " + other + ".t (id INT PRIMARY KEY)");
        Backup backup = admin.createBackup("src", List.of(db));
        assertNotNull(backup.binlogFile());
        CopyServers.run(src, "INSERT INTO " + db + ".t VALUES (10, 'write A', 1.25)",
                "UPDATE " + db + ".t SET v = 'updated' WHERE id = 2", "DELETE FROM " + db + ".t WHERE id = 3",
                "INSERT INTO " + other + ".t VALUES (1)");
        long t = serverSecond() + 1;
        waitForServerSecond(t);
        CopyServers.run(src, "INSERT INTO " + db + ".t VALUES (11, 'write B', 2.5)",
                "UPDATE " + db + ".t SET v = 'after' WHERE id = 1");
        waitForServerSecond(t + 1);

        Instant at = Instant.ofEpochSecond(t);
        Map<String, Object> answer = admin.call("CopyDatabaseBetweenInstances", Map.of("DBInstanceId", "src",
                "TargetDBInstanceId", "dst", "DbNames", "{\"" + db + "\":\"" + name("pit2") + "\"}",
                "RestoreTime", Backup.ISO.format(at)));
        CopyProgress p = waitFor((String) answer.get("RequestId"));
        assertEquals(TaskState.SUCCESS, p.state(), p.message());
        assertEquals(List.of(List.of("1", "before backup", "0.1"), List.of("2", "updated", "0.2"),
                        List.of("10", "write A", "1.25")),
                CopyServers.rows(dst, "SELECT * FROM " + name("pit2") + ".t ORDER BY id"));
        assertEquals(List.of(List.of("1", "inserted 1"), List.of("2", "inserted 2"), List.of("3", "inserted 3"),
                List.of("4", "inserted 10")), CopyServers.rows(dst, "SELECT * FROM " + name("pit2") + ".log ORDER BY id"),
                "the trigger's rows come from the log once, the trigger did not fire again");
        assertEquals(List.of(List.of("1")), CopyServers.rows(dst, "SELECT COUNT(*) FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = '" + name("pit2") + "'"));
        assertFalse(CopyServers.exists(dst, other), "other databases of the log are not replayed");

        CopyServers.run(src, "ALTER TABLE " + db + ".t ADD COLUMN extra INT");
        long altered = serverSecond();
        waitForServerSecond(altered + 2);
        DrdsException changed = assertThrows(DrdsException.class, () -> await(admin.copyDatabaseBetweenInstances(
                CopyDatabaseRequest.live("src", "dst", Map.of(db, name("pit3")))
                        .withRestoreTime(Instant.ofEpochSecond(altered + 1)))));
        assertEquals("InvalidParamTableMeta.RestoreTime", changed.code(), changed.getMessage());
        assertEquals(403, changed.httpStatus());
        assertFalse(CopyServers.exists(dst, name("pit3")));
    }

    private long serverSecond() throws SQLException {
        return Long.parseLong(CopyServers.rows(src, "SELECT UNIX_TIMESTAMP()").get(0).get(0));
    }

    private void waitForServerSecond(long second) throws Exception {
        while (serverSecond() < second) {
            Thread.sleep(20);
        }
    }

    @Test
    void copiesPrivilegesAsHashesAndTheAccountsLogIn() throws Exception {
        String db = name("acl");
        String user = name("u1");
        String keeper = name("u2");
        String secret = "Plain-pass-" + estate.prefix;
        CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT)",
                "CREATE TABLE " + db + ".hidden (id INT)", "INSERT INTO " + db + ".t VALUES (1, 1)",
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + secret + "'",
                "GRANT SELECT, INSERT ON `" + db + "`.* TO '" + user + "'@'%'",
                "CREATE USER '" + keeper + "'@'127.0.0.1' IDENTIFIED BY 'Source-pass-1'",
                "GRANT SELECT (id), UPDATE (v) ON `" + db + "`.t TO '" + keeper + "'@'127.0.0.1' WITH GRANT OPTION");
        CopyServers.run(dst, "CREATE USER '" + keeper + "'@'127.0.0.1' IDENTIFIED BY 'Target-pass-1'");
        String copy = name("acl2");
        CopyProgress done = await(admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst",
                Map.of(db, copy)).withSyncUserPrivilege(true)));
        assertEquals(TaskState.SUCCESS, done.state());

        try (Connection c = DriverManager.getConnection(dst.jdbcUrl() + copy, user, secret);
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO t VALUES (2, 2)");
            assertEquals(List.of(List.of("2")), CopyServers.rows(dst, "SELECT COUNT(*) FROM " + copy + ".t"));
            assertEquals(1142, assertThrows(SQLException.class, () -> s.execute("DELETE FROM t")).getErrorCode());
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(dst.jdbcUrl() + copy, keeper, "Source-pass-1")
                .close(), "an account that existed keeps its own password");
        try (Connection c = DriverManager.getConnection(dst.jdbcUrl() + copy, keeper, "Target-pass-1");
             Statement s = c.createStatement()) {
            s.execute("UPDATE t SET v = 5 WHERE id = 1");
            assertEquals(1143, assertThrows(SQLException.class, () -> s.executeQuery("SELECT v FROM t")).getErrorCode());
            assertEquals(1142, assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM hidden"))
                    .getErrorCode());
        }
        assertEquals(List.of(List.of("GRANT SELECT (`id`), UPDATE (`v`) ON `" + copy + "`.`t` TO `" + keeper
                + "`@`127.0.0.1` WITH GRANT OPTION")), CopyServers.rows(dst, "SHOW GRANTS FOR '" + keeper
                + "'@'127.0.0.1'").subList(1, 2));
        String log = CopyServers.generalLogText();
        assertTrue(log.contains("CREATE USER"), "the general log is on");
        assertFalse(log.contains(secret), "no password in the target's query log");
    }

    @Test
    void backupsOlderThanTheRetentionGoWhenTheNextIsTaken() throws Exception {
        String db = name("ret");
        CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)");
        Backup old = admin.createBackup("src", List.of(db));
        ShardlineAdmin brief = ShardlineAdmin.open(estate.adminUrl(),
                AdminOptions.defaults().withBackups(backupStore, Duration.ofMillis(1)));
        Thread.sleep(5);
        Backup kept = brief.createBackup("src", List.of(db));
        List<String> ids = brief.describeBackups("src").stream().map(Backup::backupId).toList();
        assertTrue(ids.contains(kept.backupId()), "the backup just taken is kept");
        assertFalse(ids.contains(old.backupId()), "the expired one is gone");
        assertFalse(Files.exists(backupStore.resolve("src").resolve(old.backupId())));
        assertTrue(Files.exists(backupStore.resolve("src").resolve(kept.backupId()).resolve("manifest.json")));
    }

    @Test
    void theCommandLineRunsACopyAndDrawsItsProgress() throws Exception {
        String db = name("cli");
        CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".t (id INT PRIMARY KEY)",
                "INSERT INTO " + db + ".t VALUES (1), (2), (3)");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = AdminCli.run(new String[] {estate.adminUrl(), "CopyDatabaseBetweenInstances", "DBInstanceId=src",
                "TargetDBInstanceId=dst", "DbNames={\"" + db + "\":\"" + name("cli2") + "\"}"},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, exit, printed + err);
        assertTrue(printed.contains("\"RequestId\"") && printed.contains("\"Status\" : \"Success\""), printed);
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\rSuccess done  1/1 tables  3/3 rows"),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, AdminCli.run(new String[] {estate.adminUrl(), "CopyDatabaseBetweenInstances", "DBInstanceId=src",
                "TargetDBInstanceId=dst", "DbNames={\"" + db + "\":\"" + name("cli2") + "\"}"},
                new java.io.PrintStream(out), new java.io.PrintStream(err)), "InvalidDBName.Duplicate");
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("InvalidDBName.Duplicate"));
    }

    @Test
    void aBackupOfANonTransactionalTableIsRefused() throws Exception {
        String db = name("myi");
        CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".m (id INT) ENGINE = MyISAM");
        DrdsException e = assertThrows(DrdsException.class, () -> admin.createBackup("src", List.of(db)));
        assertEquals("InvalidBackupDBNames.Malformed", e.code());
        assertTrue(e.getMessage().contains("MyISAM"), e.getMessage());
        assertEquals("InvalidBackupDBNames.NotFound", assertThrows(DrdsException.class,
                () -> admin.createBackup("src", List.of(name("nothere")))).code());
        assertEquals("InvalidDBInstance.NotFound", assertThrows(DrdsException.class,
                () -> admin.createBackup("nope", List.of(db))).code());
        List<String> ids = new ArrayList<>();
        for (Backup b : admin.describeBackups("src")) {
            ids.add(b.backupStatus());
        }
        assertFalse(ids.contains("Running"));
    }
}
