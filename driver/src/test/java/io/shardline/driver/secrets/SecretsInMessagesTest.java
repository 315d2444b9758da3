package io.shardline.driver.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineUrl;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.router.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every URL and store error a user can provoke with a password in the URL, the properties or server_info: the
 * password is in no message, no cause's message and no stack trace text.
 */
class SecretsInMessagesTest {
    private static final String SECRET = "Sekr3t-Pa55";

    private static String everything(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static void assertHidden(Throwable t) {
        String text = everything(t);
        assertFalse(text.contains(SECRET), "the password shows in:\n" + text);
    }

    private static SQLException failureOf(String url, Properties info) {
        return assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(url, info); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1 FROM t").close();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:shardline:mysql:/127.0.0.1:3306/cfg?user=root&password=" + SECRET, // malformed MySQL store
            "jdbc:shardline:mysql:root:" + SECRET + "@127.0.0.1/cfg", // malformed, user info
            "jdbc:shardline:mysq://root:" + SECRET + "@127.0.0.1:3306/cfg", // unknown store prefix
            "jdbc:shardline:redis://127.0.0.1?password=" + SECRET, // unknown store prefix, query
            "jdbc:shardline:mysql://root:" + SECRET + "@127.0.0.1:1/cfg", // store unreachable (100503)
            "jdbc:shardline:mysql://root:" + SECRET + "@127.0.0.1:3306/no_such_cfg_db_x", // store database missing
            "jdbc:shardline:mysql://127.0.0.1:3306/no_such_cfg_db_x?user=root&password=" + SECRET,
            "jdbc:shardline:mysql://(host=127.0.0.1,port=1,user=root,password=" + SECRET + ")/cfg",
            "jdbc:shardline:h2:mem:secrets;PASSWORD=" + SECRET + "?bogus=1", // unknown parameter
            "jdbc:shardline:h2:mem:secrets?password=" + SECRET + "&maxPoolSize=lots", // bad parameter value
            "jdbc:shardline:h2:mem:secrets?secretKey=" + SECRET + "&serverPassword=" + SECRET + "&checkInterval=-4",
            "jdbc:shardline:file:/no/such/topology.yaml?serverPassword=" + SECRET,
    })
    void aUrlErrorNeverShowsThePassword(String url) {
        assertHidden(failureOf(url, new Properties()));
    }

    @Test
    void aWrongPasswordForTheH2StoreIsReportedWithoutIt() throws Exception {
        Path file = Path.of("target", "secrets-" + UUID.randomUUID()).toAbsolutePath();
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "NON_KEYWORDS=USER,VALUE", "sa", "right-one")) {
            ConfigSchema.create(c, false);
        }
        Properties info = new Properties();
        info.setProperty("user", "sa");
        info.setProperty("password", SECRET);
        SQLException e = failureOf("jdbc:shardline:h2:" + file, info);
        assertHidden(e);
        assertEquals(100503, e.getErrorCode(), e.getMessage());
    }

    @Test
    void aPhysicalServerUrlWithAPasswordIsMaskedInTheServerFailure() throws Exception {
        Path file = Path.of("target", "secrets-" + UUID.randomUUID()).toAbsolutePath();
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "NON_KEYWORDS=USER,VALUE", "", "")) {
            ConfigSchema.create(c, false);
            new ConfigWriter(c, false).server(1, 0, "127.0.0.1", 1, "root", SECRET)
                    .serverOption(1, null, "jdbc:mysql://root:" + SECRET + "@127.0.0.1:1/x?password=" + SECRET)
                    .singleTable("", "t", 1, "x");
            ConfigSchema.touch(c);
        }
        ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:h2:" + file + "?connectTimeout=500");
        try {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1 FROM t").close();
                }
            });
            assertHidden(e);
            assertTrue(e.getErrorCode() == 100500 || e.getErrorCode() == 100504, e.getErrorCode() + " " + e.getMessage());
        } finally {
            ds.close();
        }
    }

    @Test
    void theUrlsTextFormMasksEveryForm() throws Exception {
        ShardlineUrl url = ShardlineUrl.parse("jdbc:shardline:mysql://root:" + SECRET + "@h:3306/cfg?password=" + SECRET
                + "&serverPassword=" + SECRET + "&secretKey=" + SECRET + "&trustCertificateKeyStorePassword=" + SECRET,
                new Properties());
        assertFalse(url.toString().contains(SECRET), url.toString());
        assertEquals("ALTER USER 'a'@'%' IDENTIFIED BY '" + Secrets.MASK + "'",
                Secrets.mask("ALTER USER 'a'@'%' IDENTIFIED BY '" + SECRET + "'"));
        assertEquals("near 'IDENTIFIED BY PASSWORD '" + Secrets.MASK + "''",
                Secrets.mask("near 'IDENTIFIED BY PASSWORD '*" + SECRET + "''"));
    }
}
