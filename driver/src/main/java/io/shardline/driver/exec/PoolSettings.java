package io.shardline.driver.exec;

/**
 * How physical connections are pooled, bounded and watched, from the URL's parameters.
 *
 * @param maxPoolSize         connections per server, and the budget every statement draws from
 * @param connectTimeoutMillis how long a statement may wait for a connection (the budget, then a new connection)
 * @param socketTimeoutMillis the read timeout of MySQL connections (0: none); a server silent this long is suspect
 * @param probeIntervalMillis how often the health probe pings each server in use (0: no background probe)
 * @param probeTimeoutMillis  how long a ping may take before the server counts as down
 */
public record PoolSettings(int maxPoolSize, long connectTimeoutMillis, int socketTimeoutMillis, long probeIntervalMillis,
                           long probeTimeoutMillis) {
    /** The defaults of the URL parameters. */
    public static final PoolSettings DEFAULTS = new PoolSettings(10, 10_000, 60_000, 1_000, 2_000);
}
