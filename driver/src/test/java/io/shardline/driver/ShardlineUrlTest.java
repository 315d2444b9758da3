package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ShardlineUrlTest {
    @Test
    void threeStoresByPrefix() throws ShardlineException {
        ShardlineUrl h2 = ShardlineUrl.parse("jdbc:shardline:h2:./target/meta;AUTO_SERVER=TRUE?cluster=game", null);
        assertEquals(ShardlineUrl.Store.H2, h2.store());
        assertEquals("jdbc:h2:./target/meta;AUTO_SERVER=TRUE", h2.target());
        assertEquals("game", h2.cluster());
        ShardlineUrl mysql = ShardlineUrl.parse("jdbc:shardline:mysql://10.0.0.5:3306/dbproxy_config?user=cfg&password=p%26w&sslMode=REQUIRED", null);
        assertEquals("jdbc:mysql://10.0.0.5:3306/dbproxy_config", mysql.target());
        assertEquals("p&w", mysql.param("password", null));
        assertEquals("REQUIRED", mysql.connectorParams().get("sslMode"), "unknown MySQL-store parameters go to the connector");
        ShardlineUrl file = ShardlineUrl.parse("jdbc:shardline:file:/etc/shardline/topology.yaml", null);
        assertEquals("/etc/shardline/topology.yaml", file.target());
        assertEquals("shardline", file.logicalDatabase());
    }

    @Test
    void urlParametersWinOverProperties() throws ShardlineException {
        Properties info = new Properties();
        info.setProperty("user", "fromProps");
        info.setProperty("database", "props_db");
        ShardlineUrl url = ShardlineUrl.parse("jdbc:shardline:h2:mem:x?database=url_db", info);
        assertEquals("url_db", url.logicalDatabase());
        assertEquals("fromProps", url.param("user", null));
    }

    @Test
    void mistakesAreRefusedAndPasswordsNeverShown() throws ShardlineException {
        assertEquals(100422, assertThrows(ShardlineException.class, () -> ShardlineUrl.parse("jdbc:shardline:pg://x", null)).getErrorCode());
        assertEquals(100422, assertThrows(ShardlineException.class, () -> ShardlineUrl.parse("jdbc:shardline:h2:", null)).getErrorCode());
        ShardlineException typo = assertThrows(ShardlineException.class,
                () -> ShardlineUrl.parse("jdbc:shardline:h2:mem:x?password=hunter2&maxPoolSise=3", null));
        assertTrue(typo.getMessage().contains("maxPoolSise"));
        assertFalse(typo.getMessage().contains("hunter2"), typo.getMessage());
        assertFalse(ShardlineUrl.parse("jdbc:shardline:h2:mem:x?password=hunter2", null).toString().contains("hunter2"));
        ShardlineUrl bad = ShardlineUrl.parse("jdbc:shardline:h2:mem:x?maxPoolSize=0", null);
        assertEquals(100422, assertThrows(ShardlineException.class, () -> bad.intParam("maxPoolSize", 10, 1)).getErrorCode());
        assertFalse(ShardlineUrl.accepts("jdbc:mysql://x"));
    }
}
