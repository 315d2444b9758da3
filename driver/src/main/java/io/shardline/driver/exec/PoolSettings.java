package io.shardline.driver.exec;

/**
 * How physical connections are pooled, bounded and watched, from the URL's parameters.
 *
 * @param maxPoolSize         connections per server, and the budget every statement draws from
 * @param connectTimeoutMillis how long a statement may wait for a connection (the budget, then a new connection)
 * @param socketTimeoutMillis the read timeout of MySQL connections (0: none); a server silent this long is suspect
 * @param probeIntervalMillis how often the health probe pings each server in use (0: no background probe)
 * @param probeTimeoutMillis  how long a ping may take before the server counts as down
 * @param minIdle             idle connections a server's pool keeps once it is in use (it opens none before)
 * @param idleTimeoutMillis   how long a connection beyond {@code minIdle} may sit idle before it is closed
 */
public record PoolSettings(int maxPoolSize, long connectTimeoutMillis, int socketTimeoutMillis, long probeIntervalMillis,
                           long probeTimeoutMillis, int minIdle, long idleTimeoutMillis) {
    /** The defaults of the URL parameters. */
    /** The probe's timeout in whole seconds (at least 1), for JDBC calls that take seconds. */
    public int probeTimeoutSeconds() {
        return (int) Math.max(1, (probeTimeoutMillis + 999) / 1000);
    }

    public static final PoolSettings DEFAULTS = new PoolSettings(10, 10_000, 60_000, 1_000, 2_000, 1, 60_000);
}
