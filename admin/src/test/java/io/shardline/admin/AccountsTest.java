package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The accounts of a database on two real servers: password changes, IP white lists and the read-only account,
 * each checked by logging in, directly and through {@code jdbc:shardline:}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsTest {
    private TestEstate estate;
    private ShardlineAdmin admin;
    private String id;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1));
        admin = estate.admin;
        id = estate.instance();
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    /** A database over both servers with table kv (hash 2: kv_0 in shard 0 on rdsA, kv_1 in shard 1 on rdsB). */
    private String database(String name, String password) throws Exception {
        String db = estate.db(name);
        admin.createDrdsDB(id, db, "utf8mb4", password, List.of("rdsA", "rdsB"));
        for (int n = 0; n < 2; n++) {
            try (Connection c = TestEstate.login(n == 0 ? "rdsA" : "rdsB", db, password); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + db + "_000" + n + ".kv_" + n + " (k BIGINT PRIMARY KEY, v VARCHAR(20))");
            }
        }
        String cluster = id + "." + db;
        List<RdsInstance> rds = admin.describeRdsList(id, db);
        try (Connection meta = estate.metadata()) {
            new ConfigWriter(meta, true).hashTable(cluster, "kv", 2, "k")
                    .placement(cluster, "kv", 0, rds.get(0).instanceId(), db + "_0000")
                    .placement(cluster, "kv", 1, rds.get(1).instanceId(), db + "_0001");
            ConfigSchema.touch(meta);
        }
        return db;
    }

    private static void assertLoginFails(String rds, String user, String password) {
        SQLException e = assertThrows(SQLException.class, () -> TestEstate.login(rds, user, password).close());
        // 1045 wrong password, 1130 host not allowed, 1698 access denied (MariaDB's answer when the account's only
        // host entries do not match and the server falls back to an anonymous or plugin-less match)
        assertTrue(e.getErrorCode() == 1045 || e.getErrorCode() == 1130 || e.getErrorCode() == 1698,
                e.getErrorCode() + " " + e.getMessage());
    }

    private static String value(Connection c, long k) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM kv WHERE k = " + k)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    @Test
    void aNewPasswordReplacesTheOldOneOnEveryServerAndTheConfigDatabase() throws Exception {
        String db = database("pw", "First-pass-1");
        admin.modifyDrdsDBPswd(id, db, "Second-pass-2");
        for (String rds : List.of("rdsA", "rdsB")) {
            assertLoginFails(rds, db, "First-pass-1");
            TestEstate.login(rds, db, "Second-pass-2").close();
        }
        try (ShardlineDataSource old = estate.dataSource(id, db, db, "First-pass-1")) {
            SQLException refused = assertThrows(SQLException.class, () -> old.getConnection().close());
            assertEquals(100503, refused.getErrorCode(), "the config database refuses the old password first");
        }
        try (ShardlineDataSource ds = estate.dataSource(id, db, db, "Second-pass-2"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO kv (k, v) VALUES (1, 'one')"));
            assertEquals(1, s.executeUpdate("INSERT INTO kv (k, v) VALUES (2, 'two')"));
            assertEquals("one", value(c, 1));
        }
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
             ResultSet r = s.executeQuery("SELECT db_password FROM drds_db WHERE db_name = '" + db + "'")) {
            assertTrue(r.next());
            assertTrue(r.getString(1).startsWith("enc:v1:"), "stored sealed");
            assertTrue(!r.getString(1).contains("Second-pass-2"));
        }
    }

    @Test
    void theWhiteListIsTheAccountsHostPatternsOnEveryServer() throws Exception {
        String db = database("wl", "White-pass-1");
        admin.modifyDrdsIpWhiteList(id, db, List.of("10.9.8.7"), false);
        assertEquals(List.of("10.9.8.7"), admin.describeDrdsDBIpWhiteList(id, db));
        for (String rds : List.of("rdsA", "rdsB")) {
            assertEquals(List.of("10.9.8.7"), TestEstate.hostsOf(rds, db));
            assertLoginFails(rds, db, "White-pass-1");
        }

        admin.modifyDrdsIpWhiteList(id, db, List.of("127.0.0.1"), true);
        assertEquals(List.of("10.9.8.7", "127.0.0.1"), admin.describeDrdsDBIpWhiteList(id, db));
        try (ShardlineDataSource ds = estate.dataSource(id, db, db, "White-pass-1"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO kv (k, v) VALUES (3, 'three')"), "127.0.0.1 is allowed again");
            assertEquals(1, s.executeUpdate("INSERT INTO kv (k, v) VALUES (4, 'four')"));
        }

        admin.modifyDrdsIpWhiteList(id, db, List.of("127.0.0.0/8", "192.168.%"), false);
        assertEquals(List.of("127.0.0.0/8", "192.168.%"), admin.describeDrdsDBIpWhiteList(id, db));
        assertEquals(List.of("127.0.0.0/255.0.0.0", "192.168.%"), TestEstate.hostsOf("rdsB", db), "MySQL's netmask form");
        TestEstate.login("rdsA", db, "White-pass-1").close();
        TestEstate.login("rdsB", db, "White-pass-1").close();

        DrdsException bad = assertThrows(DrdsException.class,
                () -> admin.modifyDrdsIpWhiteList(id, db, List.of("127.0.0.1'@'%"), true));
        assertEquals("InvalidIpWhiteList.Malformed", bad.code());
        assertEquals("InvalidIpWhiteList.Malformed", assertThrows(DrdsException.class,
                () -> admin.modifyDrdsIpWhiteList(id, db, List.of("10.0.0.5/24"), true)).code());
        assertEquals(List.of("127.0.0.0/255.0.0.0", "192.168.%"), TestEstate.hostsOf("rdsA", db), "nothing changed");
    }

    @Test
    void theReadOnlyAccountReadsAndIsDeniedWrites() throws Exception {
        String db = database("ro", "Owner-pass-1");
        try (ShardlineDataSource ds = estate.dataSource(id, db, db, "Owner-pass-1"); Connection c = ds.getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO kv (k, v) VALUES (5, 'five')");
        }
        assertNull(admin.describeReadOnlyAccount(id, db).accountName());

        ReadOnlyAccount ro = admin.createReadOnlyAccount(id, db, "Reader-pass-1");
        assertEquals(new ReadOnlyAccount(id, db, db + "_ro"), ro);
        assertEquals(ro, admin.describeReadOnlyAccount(id, db));
        assertEquals(ro, admin.createReadOnlyAccount(id, db, "Reader-pass-1"), "a retry answers the same account");
        assertEquals("CreateReadOnlyAccount.Failed", assertThrows(DrdsException.class,
                () -> admin.createReadOnlyAccount(id, db, "Other-pass-2")).code());
        assertEquals(List.of("%"), TestEstate.hostsOf("rdsA", ro.accountName()));

        try (ShardlineDataSource ds = estate.dataSource(id, db, ro.accountName(), "Reader-pass-1");
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertEquals("five", value(c, 5));
            SQLException denied = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO kv (k, v) VALUES (7, 'seven')"));
            assertEquals(100502, denied.getErrorCode());
            assertTrue(denied.getMessage().contains("INSERT command denied"), denied.getMessage());
        }

        assertEquals("InvalidPassword.Malformed", assertThrows(DrdsException.class,
                () -> admin.modifyReadOnlyAccountPassword(id, db, ro.accountName(), "Wrong-pass-1", "Reader-pass-2"))
                .code(), "the origin password must be the current one");
        assertEquals("InvalidReadOnlyAccount.NotFound", assertThrows(DrdsException.class,
                () -> admin.modifyReadOnlyAccountPassword(id, db, db, "Reader-pass-1", "Reader-pass-2")).code());
        admin.modifyReadOnlyAccountPassword(id, db, ro.accountName(), "Reader-pass-1", "Reader-pass-2");
        assertLoginFails("rdsB", ro.accountName(), "Reader-pass-1");
        TestEstate.login("rdsB", ro.accountName(), "Reader-pass-2").close();

        admin.modifyDrdsIpWhiteList(id, db, List.of("10.1.1.1"), false);
        assertEquals(List.of("10.1.1.1"), TestEstate.hostsOf("rdsA", ro.accountName()), "the white list covers it too");
        admin.modifyDrdsIpWhiteList(id, db, List.of("%"), false);

        admin.removeReadOnlyAccount(id, db, ro.accountName());
        assertNull(admin.describeReadOnlyAccount(id, db).accountName());
        for (String rds : List.of("rdsA", "rdsB")) {
            assertEquals(List.of(), TestEstate.hostsOf(rds, ro.accountName()));
        }
        assertEquals("InvalidReadOnlyAccount.NotFound", assertThrows(DrdsException.class,
                () -> admin.removeReadOnlyAccount(id, db, ro.accountName())).code());
    }
}
