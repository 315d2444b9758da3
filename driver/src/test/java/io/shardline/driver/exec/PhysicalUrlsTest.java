package io.shardline.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.meta.Secret;
import io.shardline.router.meta.Server;
import org.junit.jupiter.api.Test;

class PhysicalUrlsTest {
    private static Server server(String jdbcUrl) {
        return new Server(1, 0, "db1", 3306, "app", Secret.of("pw"), 0, null, 100, jdbcUrl);
    }

    @Test
    void aJdbcUrlKeepsItsOwnOptionsAndGainsShardlinesMissingOnes() {
        String url = PhysicalUrls.pooled(server("jdbc:mysql://db1:3306/?useAffectedRows=true&cachePrepStmts=false"),
                PoolSettings.DEFAULTS);
        assertTrue(url.startsWith("jdbc:mysql://db1:3306/?useAffectedRows=true&cachePrepStmts=false&"), url);
        assertEquals(1, url.split("cachePrepStmts=", -1).length - 1, "the URL's own choice stays, once: " + url);
        for (String option : new String[] {"rewriteBatchedStatements=true", "useLocalSessionState=true",
            "prepStmtCacheSize=256", "socketTimeout=60000", "connectTimeout=10000"}) {
            assertTrue(url.contains(option), option + " in " + url);
        }
    }

    @Test
    void optionNamesAreMatchedWithoutCase() {
        String url = PhysicalUrls.pooled(server("jdbc:mysql://db1/?SocketTimeout=5"), PoolSettings.DEFAULTS);
        assertTrue(!url.contains("socketTimeout=60000"), url);
        assertTrue(url.contains("SocketTimeout=5"), url);
    }

    @Test
    void anH2UrlIsUsedAsItIs() {
        String h2 = "jdbc:h2:mem:x;MODE=MySQL";
        assertEquals(h2, PhysicalUrls.pooled(server(h2), PoolSettings.DEFAULTS));
    }

    @Test
    void withoutAJdbcUrlTheServersAddressGetsEveryOption() {
        String url = PhysicalUrls.pooled(server(null), PoolSettings.DEFAULTS);
        assertTrue(url.startsWith("jdbc:mysql://db1:3306/?connectTimeout=10000&socketTimeout=60000&"), url);
        assertTrue(url.endsWith(PhysicalUrls.PERFORMANCE_OPTIONS), url);
    }
}
