package io.shardline.admin;

import java.time.Duration;

/**
 * How the admin builds and guards an estate. {@code shardsPerRds}: shard databases CreateDrdsDB makes on each RDS
 * instance (8, as DRDS). {@code instanceQuota}, {@code dbQuota}: most instances per store and databases per instance.
 * {@code staleAfter}: a database left creating or deleting without progress this long (its admin died) counts as
 * failed, so DeleteFailedDrdsDB can clean it. {@code connectTimeout}, {@code statementTimeout}: for the servers.
 */
public record AdminOptions(int shardsPerRds, int instanceQuota, int dbQuota, Duration staleAfter,
                           Duration connectTimeout, Duration statementTimeout) {

    public AdminOptions {
        if (shardsPerRds < 1 || shardsPerRds > 1000) {
            throw new IllegalArgumentException("shardsPerRds must be 1..1000, is " + shardsPerRds);
        }
        if (instanceQuota < 1 || dbQuota < 1) {
            throw new IllegalArgumentException("quotas must be positive");
        }
        if (statementTimeout.compareTo(staleAfter) >= 0) {
            throw new IllegalArgumentException("staleAfter must exceed statementTimeout, or a slow step looks dead");
        }
    }

    public static AdminOptions defaults() {
        return new AdminOptions(8, 100, 100, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    public AdminOptions withShardsPerRds(int n) {
        return new AdminOptions(n, instanceQuota, dbQuota, staleAfter, connectTimeout, statementTimeout);
    }

    public AdminOptions withQuotas(int instances, int dbsPerInstance) {
        return new AdminOptions(shardsPerRds, instances, dbsPerInstance, staleAfter, connectTimeout, statementTimeout);
    }
}
