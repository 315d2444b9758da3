package io.shardline.spring;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.dbproxy.Shardline;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * {@code spring.datasource.url=jdbc:shardline:...} gives the application one {@link ShardlineDataSource} (the
 * DataSource bean, with no pool on top of Shardline's own pools, closed with the context), the DBProxy API
 * ({@link Shardline}), meters when Micrometer is there, a health contributor per physical server when the actuator is
 * there, and {@code ShardlineAdmin} when the admin module is there and {@code shardline.admin.url} is set.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ShardlineDataSource.class, DataSource.class})
@Conditional(OnShardlineUrl.class)
@EnableConfigurationProperties({ShardlineProperties.class, DataSourceProperties.class})
public class ShardlineAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DataSource.class)
    public ShardlineDataSource dataSource(DataSourceProperties dataSource, ShardlineProperties shardline) {
        ShardlineDataSource ds = new ShardlineDataSource(dataSource.getUrl());
        ds.setProperties(shardline.toProperties());
        if (dataSource.getUsername() != null) {
            ds.setUsername(dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            ds.setPassword(dataSource.getPassword());
        }
        return ds;
    }

    /** The DBProxy API over the same runtime as the DataSource. */
    @Bean
    @ConditionalOnMissingBean
    public Shardline shardline(ShardlineDataSource dataSource) {
        return Shardline.of(dataSource);
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OnShardlineUrl.class)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Meters {
        /** Spring Boot binds every MeterBinder bean to its registry. */
        @Bean
        io.micrometer.core.instrument.binder.MeterBinder shardlineMeters(ShardlineDataSource dataSource) {
            return registry -> {
                try {
                    dataSource.setMeterRegistry(registry);
                } catch (SQLException e) {
                    throw new IllegalStateException("Shardline meters: " + e.getMessage(), e);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OnShardlineUrl.class)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.CompositeHealthContributor")
    static class Health {
        /** {@code /actuator/health/shardline}: one entry per physical server. */
        @Bean
        @ConditionalOnMissingBean(name = "shardlineHealthContributor")
        org.springframework.boot.actuate.health.CompositeHealthContributor shardlineHealthContributor(
                ShardlineDataSource dataSource) {
            return new ServerHealth(dataSource);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OnShardlineUrl.class)
    @ConditionalOnClass(name = "io.shardline.admin.ShardlineAdmin")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "shardline.admin", name = "url")
    static class Admin {
        @Bean
        @ConditionalOnMissingBean
        io.shardline.admin.ShardlineAdmin shardlineAdmin(ShardlineProperties properties) throws SQLException {
            return io.shardline.admin.ShardlineAdmin.open(properties.getAdmin().getUrl());
        }
    }
}
