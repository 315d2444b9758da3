package io.shardline.driver.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Micrometer meters of a data source given a registry, read back as a monitoring system would read them. */
class MetricsTest {
    @Test
    void statementsRefusalsPoolsAndReloadsAreMeasured() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ShardedFixture f = ShardedFixture.create(ShardedFixture.Engine.H2);
             ShardlineDataSource ds = new ShardlineDataSource(f.url())) {
            ds.setMeterRegistry(registry);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int uid = 0; uid < 3; uid++) {
                    s.executeUpdate("INSERT INTO user (uid, name, balance) VALUES (" + uid + ", 'n', 0)");
                }
                s.executeQuery("SELECT uid FROM user WHERE uid IN (1, 2, 7)").close();
                SQLException refused = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM user"));
                assertEquals(100403, refused.getErrorCode());
                SQLException unread = assertThrows(SQLException.class, () -> c.prepareStatement("SET @a = 1"));
                assertEquals(100403, unread.getErrorCode(), "refused as it is read, before any plan");
            }
            ds.runtime().refresh();
            assertEquals(3, registry.get("shardline.statements").tags("kind", "insert", "shards", "single", "outcome", "ok")
                    .timer().count());
            assertEquals(1, registry.get("shardline.statements").tags("kind", "select", "shards", "multi", "outcome", "ok")
                    .timer().count());
            assertTrue(registry.get("shardline.statements").tags("kind", "insert").timer().totalTime(
                    java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
            assertEquals(2, registry.get("shardline.refusals").tag("code", "100403").counter().count());
            assertTrue(registry.get("shardline.pool.wait").tag("server", "1").timer().count() >= 1);
            assertEquals(0, registry.get("shardline.pool.active").tag("server", "1").gauge().value(),
                    "every connection came back");
            assertEquals(0, registry.get("shardline.executor.queue").gauge().value());
            assertEquals(1, registry.get("shardline.metadata.reloads").tag("outcome", "loaded").counter().count());
        }
    }
}
