package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The two ways a Spring application configures Shardline: a ShardlineDataSource bean, or a URL plus driver class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringTest {
    private ShardedFixture fixture;

    @BeforeAll
    void estate() throws SQLException {
        fixture = ShardedFixture.create(ShardedFixture.Engine.H2);
    }

    @AfterAll
    void drop() throws SQLException {
        fixture.close();
        ShardlineDriver.closeRuntimes();
    }

    @Test
    void shardlineDataSourceBeanWithJdbcTemplateAndTransactions() {
        ShardlineDataSource ds = new ShardlineDataSource();
        ds.setUrl(fixture.url());
        ds.setUsername("");
        ds.setPassword("");
        try (ds) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("INSERT INTO user (uid, name) VALUES (?, ?)", 42L, "forty-two");
            assertEquals("forty-two", jdbc.queryForObject("SELECT name FROM user WHERE uid = ?", String.class, 42L));

            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(status -> {
                jdbc.update("UPDATE user SET name = 'changed' WHERE uid = ?", 42L);
                throw new IllegalStateException("roll back");
            }));
            assertEquals("forty-two", jdbc.queryForObject("SELECT name FROM user WHERE uid = 42", String.class));
            DataAccessException unknown = assertThrows(DataAccessException.class,
                    () -> jdbc.queryForList("SELECT * FROM nosuch WHERE id = 1"));
            assertEquals(100404, ((SQLException) unknown.getCause()).getErrorCode());
            jdbc.update("DELETE FROM user WHERE uid = 42");
        }
    }

    @Test
    void springBootStyleUrlAndDriverClassNameUnderHikari() {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName(ShardlineDriver.class.getName()); // spring.datasource.driver-class-name
        config.setJdbcUrl(fixture.url());                          // spring.datasource.url
        try (HikariDataSource ds = new HikariDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            jdbc.update("INSERT INTO account (name, note) VALUES (?, ?)", "hello", "via Hikari");
            List<String> notes = jdbc.queryForList("SELECT note FROM account WHERE name = 'hello'", String.class);
            assertEquals(List.of("via Hikari"), notes);
            jdbc.update("DELETE FROM account WHERE name = 'hello'");
        }
    }
}
