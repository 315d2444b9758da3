package io.shardline.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.dbproxy.Shardline;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real Spring Boot application with HikariCP, the actuator and Micrometer on its class path, configured by nothing
 * but {@code spring.datasource.url=jdbc:shardline:h2:...} (and one {@code shardline.*} property).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StarterTest {
    private ShardedFixture fixture;

    @BeforeAll
    void estate() throws SQLException {
        fixture = ShardedFixture.create(ShardedFixture.Engine.H2);
    }

    @AfterAll
    void drop() throws SQLException {
        fixture.close();
    }

    private ConfigurableApplicationContext start() {
        String url = fixture.url().substring(0, fixture.url().indexOf('?')); // the URL as a user writes it
        return new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE)
                .properties("spring.datasource.url=" + url, "shardline.check-interval=0").run();
    }

    @Test
    void theUrlAloneGivesOneShardlineDataSourceWithTransactionsHealthAndMeters() throws Exception {
        ShardlineDataSource ds;
        try (ConfigurableApplicationContext app = start()) {
            assertEquals(1, app.getBeansOfType(DataSource.class).size(), "no Hikari pool on top of Shardline's");
            ds = assertInstanceOf(ShardlineDataSource.class, app.getBean(DataSource.class));
            assertEquals("0", ds.runtime().url().param("checkInterval", null), "shardline.* reaches the driver");

            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            for (long uid : new long[] {1, 2, 7}) { // uid % 10 < 5 on server 1, else server 2
                jdbc.update("INSERT INTO user (uid, name) VALUES (?, ?)", uid, "user" + uid);
            }
            ShopApplication.Users users = app.getBean(ShopApplication.Users.class);
            users.renameBoth(1, 2, "same-server");
            assertEquals("same-server", users.name(1));
            assertEquals("same-server", users.name(2));

            DataAccessException refused = assertThrows(DataAccessException.class, () -> users.renameBoth(1, 7, "two"));
            assertEquals(100403, ((SQLException) refused.getMostSpecificCause()).getErrorCode(),
                    refused.getMostSpecificCause().getMessage());
            assertEquals("same-server", users.name(1), "the first update was rolled back with the transaction");
            assertEquals("user7", users.name(7));

            Shardline api = app.getBean(Shardline.class);
            assertEquals("user7", api.query(7, "SELECT name FROM user WHERE uid = 7").asRows().rows().get(0).get(0));

            CompositeHealthContributor health = app.getBean("shardlineHealthContributor", CompositeHealthContributor.class);
            Map<String, Status> statuses = new LinkedHashMap<>();
            health.forEach(c -> statuses.put(c.getName(), ((HealthIndicator) c.getContributor()).health().getStatus()));
            assertEquals(Map.of("server-1", Status.UP, "server-2", Status.UP), statuses);

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            assertTrue(meters.get("shardline.statements").tag("kind", "insert").timer().count() >= 3);
            assertEquals(1, meters.get("shardline.refusals").tag("code", "100403").counter().count());
            jdbc.update("DELETE FROM user WHERE uid IN (1, 2, 7)");
        }
        SQLException closed = assertThrows(SQLException.class, ds::getConnection);
        assertNotNull(closed.getMessage(), "closing the context closed Shardline's data source and its pools");
        assertEquals(0, fixture.count(1, "u_0", "user_1") + fixture.count(2, "u_1", "user_7"));
    }

    @Test
    void theAdminIsABeanWhenItsStoreIsConfigured() throws Exception {
        java.nio.file.Path store = java.nio.file.Path.of("target", "admin-" + System.nanoTime()).toAbsolutePath();
        String key = java.net.URLEncoder.encode(io.shardline.driver.store.SecretBox.newKey(),
                java.nio.charset.StandardCharsets.UTF_8);
        String url = fixture.url().substring(0, fixture.url().indexOf('?'));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE).properties("spring.datasource.url=" + url, "shardline.check-interval=0",
                        "shardline.admin.url=jdbc:shardline:h2:" + store + "?secretKey=" + key).run()) {
            io.shardline.admin.ShardlineAdmin admin = app.getBean(io.shardline.admin.ShardlineAdmin.class);
            io.shardline.admin.DrdsException none = assertThrows(io.shardline.admin.DrdsException.class,
                    () -> admin.describeDrdsInstances("cn-test", null));
            assertEquals("InvalidRegionId.NotFound", none.code(), "a new estate, read from its own store: no regions yet");
        }
        try (ConfigurableApplicationContext app = start()) {
            assertTrue(app.getBeansOfType(io.shardline.admin.ShardlineAdmin.class).isEmpty(), "not configured: none");
        }
    }

    @Test
    void anotherUrlLeavesSpringBootAlone() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=jdbc:h2:mem:plain", "management.health.db.enabled=false").run()) {
            assertEquals("com.zaxxer.hikari.HikariDataSource", app.getBean(DataSource.class).getClass().getName());
            assertTrue(app.getBeansOfType(Shardline.class).isEmpty());
        }
    }
}
