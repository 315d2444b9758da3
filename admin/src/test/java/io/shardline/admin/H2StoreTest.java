package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.driver.store.SecretBox;
import io.shardline.driver.testing.MariaDb;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin on the embedded default store, an H2 file: the metadata lives there, the database's account only on its
 * servers (there is no config database server to log in to). And the stores the admin refuses to open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2StoreTest {
    private TestEstate estate;
    private Path file;

    @BeforeAll
    void estate() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withShardsPerRds(1));
        file = Path.of("target", "meta", estate.prefix + "admin").toAbsolutePath();
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
        try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + file));
             Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS DELETE FILES");
        }
    }

    private String h2Url(Path path) {
        return "jdbc:shardline:h2:" + path + "?secretKey=" + URLEncoder.encode(estate.key, StandardCharsets.UTF_8);
    }

    @Test
    void anH2StoreHoldsTheMetadataAndTheAccountLivesOnItsServers() throws Exception {
        ShardlineAdmin admin = ShardlineAdmin.open(h2Url(file), AdminOptions.defaults().withShardsPerRds(1));
        admin.registerRds(new RdsRegistration("rdsB", TestEstate.REGION, "127.0.0.1", MariaDb.second().port(), "root",
                "", null));
        admin.registerRds(new RdsRegistration("rdsB", TestEstate.REGION, "127.0.0.1", MariaDb.second().port(), "root",
                "", null)); // registering again is a no-op
        String id = admin.createDrdsInstance(new CreateDrdsInstanceRequest("embedded", TestEstate.REGION, "1",
                TestEstate.REGION + "-a", 1, "drds.small", "drdsPost", null, null)).drdsInstanceIds().get(0);
        assertEquals(List.of(), admin.describeDrdsInstance(id).vips(), "no config database to point at");
        String db = estate.db("embedded");
        admin.createDrdsDB(id, db, "utf8mb4", "Embedded-pass-1", List.of("rdsB"));
        assertEquals(List.of("%"), TestEstate.hostsOf("rdsB", db));
        assertEquals(List.of(), TestEstate.hostsOf("rdsA", db), "no account on the config database's server");

        String url = admin.connectionUrl(id, db, db);
        assertEquals("jdbc:shardline:h2:" + file + "?serverUser=" + db + "&cluster=" + id + "." + db + "&database=" + db,
                url);
        try (Connection c = TestEstate.login("rdsB", db, "Embedded-pass-1"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + db + "_0000.notes (id BIGINT PRIMARY KEY, body VARCHAR(40))");
        }
        try (Connection meta = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + file))) {
            new ConfigWriter(meta, true).hashTable(id + "." + db, "notes", 1, "id")
                    .placement(id + "." + db, "notes", 0, admin.describeRdsList(id, db).get(0).instanceId(), db + "_0000");
            ConfigSchema.touch(meta);
        }
        try (ShardlineDataSource ds = new ShardlineDataSource(url + "&checkInterval=0")) {
            Properties p = new Properties();
            p.setProperty("serverPassword", "Embedded-pass-1");
            ds.setProperties(p);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("INSERT INTO notes (id, body) VALUES (7, 'seven')"));
                try (ResultSet r = s.executeQuery("SELECT body FROM " + db + ".notes WHERE id = 7")) {
                    assertTrue(r.next());
                    assertEquals("seven", r.getString(1));
                }
            }
        }
        admin.deleteDrdsDB(id, db);
        assertEquals(List.of(), TestEstate.databasesLike("rdsB", db));
        admin.removeDrdsInstance(id);
        admin.unregisterRds("rdsB");
        assertEquals("InvalidParameter", assertThrows(DrdsException.class, () -> admin.unregisterRds("rdsB")).code());
    }

    @Test
    void theAdminRefusesStoresItCannotServe() throws Exception {
        SQLException yaml = assertThrows(SQLException.class, () -> ShardlineAdmin.open("jdbc:shardline:file:"
                + file + ".yaml?secretKey=" + URLEncoder.encode(estate.key, StandardCharsets.UTF_8)));
        assertEquals(100422, yaml.getErrorCode());

        Path standard = Path.of("target", "meta", estate.prefix + "standard").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + standard))) {
            ConfigSchema.create(c, false);
        }
        try {
            SQLException layout = assertThrows(SQLException.class, () -> ShardlineAdmin.open(h2Url(standard)));
            assertEquals(100503, layout.getErrorCode());
            assertTrue(layout.getMessage().contains("cluster layout"), layout.getMessage());
        } finally {
            try (Connection c = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + standard));
                 Statement s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS DELETE FILES");
            }
        }

        assumeTrue(System.getenv("SHARDLINE_SECRET_KEY") == null && System.getProperty("shardline.secretKey") == null
                && !Files.exists(SecretBox.defaultKeyFile()), "this machine has a Shardline secret key configured");
        SQLException noKey = assertThrows(SQLException.class, () -> ShardlineAdmin.open("jdbc:shardline:h2:" + file));
        assertEquals(100503, noKey.getErrorCode());
        assertTrue(noKey.getMessage().contains("secret key"), noKey.getMessage());
    }
}
