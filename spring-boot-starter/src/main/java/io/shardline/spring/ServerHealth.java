package io.shardline.spring;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineRuntime;
import io.shardline.driver.exec.Lease;
import io.shardline.router.meta.Server;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The health of each physical server of the current metadata ({@code server-<id>}), read when asked, so servers
 * added by a reload appear: a server is up when one of its pooled connections answers {@code isValid} within 2 s;
 * down, with Shardline's message (passwords masked), when the server is marked down or the check fails.
 */
final class ServerHealth implements CompositeHealthContributor {
    private static final String PREFIX = "server-";
    private final ShardlineDataSource dataSource;

    ServerHealth(ShardlineDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthContributor getContributor(String name) {
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        try {
            Server s = runtime().topology().server(Integer.parseInt(name.substring(PREFIX.length())));
            return s == null ? null : indicator(s);
        } catch (NumberFormatException | SQLException e) {
            return null;
        }
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        List<NamedContributor<HealthContributor>> out = new ArrayList<>();
        try {
            for (Server s : runtime().topology().servers()) {
                out.add(NamedContributor.of(PREFIX + s.id(), indicator(s)));
            }
        } catch (SQLException e) {
            out.add(NamedContributor.of("metadata", (HealthIndicator) () -> Health.down().withDetail("error",
                    e.getMessage()).build()));
        }
        return out.iterator();
    }

    private ShardlineRuntime runtime() throws SQLException {
        return dataSource.runtime();
    }

    private HealthIndicator indicator(Server server) {
        return () -> {
            Health.Builder health;
            try {
                ShardlineRuntime runtime = runtime();
                try (Lease lease = runtime.pools().borrow(server)) {
                    health = lease.connection().isValid(2) ? Health.up() : Health.down().withDetail("error",
                            "the connection did not answer within 2 s");
                }
                health.withDetail("activeConnections", runtime.pools().activeConnections(server.id()));
            } catch (SQLException e) {
                health = Health.down().withDetail("error", e.getMessage());
            }
            return health.withDetail("address", server.address())
                    .withDetail("role", server.isMaster() ? "master" : "replica of " + server.masterId()).build();
        };
    }
}
