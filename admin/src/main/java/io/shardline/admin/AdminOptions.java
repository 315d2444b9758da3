package io.shardline.admin;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the admin builds and guards an estate. {@code shardsPerRds}: shard databases CreateDrdsDB makes on each RDS
 * instance (8, as DRDS). {@code instanceQuota}, {@code dbQuota}: most instances per store and databases per instance.
 * {@code staleAfter}: a database left creating or deleting without progress this long (its admin died) counts as
 * failed, so DeleteFailedDrdsDB can clean it. {@code connectTimeout}, {@code statementTimeout}: for the servers.
 * {@code backupStore}: the directory holding backup sets (CreateBackup); {@code backupRetention}: how long a backup
 * set is kept (older ones are deleted when the next backup of the server is taken; 7 days, as RDS by default).
 * {@code freeSpaceReserve}: bytes a copy must leave free on the target's disk beyond the databases' size.
 */
public record AdminOptions(int shardsPerRds, int instanceQuota, int dbQuota, Duration staleAfter,
                           Duration connectTimeout, Duration statementTimeout, Path backupStore,
                           Duration backupRetention, long freeSpaceReserve) {

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
        if (backupStore == null || backupRetention == null || backupRetention.isNegative() || backupRetention.isZero()) {
            throw new IllegalArgumentException("a backup store directory and a positive retention are needed");
        }
        if (freeSpaceReserve < 0) {
            throw new IllegalArgumentException("freeSpaceReserve must not be negative");
        }
    }

    public static AdminOptions defaults() {
        return new AdminOptions(8, 100, 100, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(2),
                Path.of(System.getProperty("user.home"), ".shardline", "backups"), Duration.ofDays(7), 64L << 20);
    }

    public AdminOptions withShardsPerRds(int n) {
        return new AdminOptions(n, instanceQuota, dbQuota, staleAfter, connectTimeout, statementTimeout, backupStore,
                backupRetention, freeSpaceReserve);
    }

    public AdminOptions withQuotas(int instances, int dbsPerInstance) {
        return new AdminOptions(shardsPerRds, instances, dbsPerInstance, staleAfter, connectTimeout, statementTimeout,
                backupStore, backupRetention, freeSpaceReserve);
    }

    /** Where backup sets are written and how long they are kept. */
    public AdminOptions withBackups(Path store, Duration retention) {
        return new AdminOptions(shardsPerRds, instanceQuota, dbQuota, staleAfter, connectTimeout, statementTimeout, store,
                retention, freeSpaceReserve);
    }

    /** Bytes a copy must leave free on the target's disk beyond the size of what it copies. */
    public AdminOptions withFreeSpaceReserve(long bytes) {
        return new AdminOptions(shardsPerRds, instanceQuota, dbQuota, staleAfter, connectTimeout, statementTimeout,
                backupStore, backupRetention, bytes);
    }
}
