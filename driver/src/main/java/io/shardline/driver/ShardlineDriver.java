package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:shardline:} driver, registered with {@link DriverManager} when the class loads (and through
 * {@code META-INF/services/java.sql.Driver}). Connections with the same URL and properties share one
 * {@link ShardlineRuntime} (metadata and pools) for the life of the JVM, or until {@link #closeRuntimes()}.
 */
public final class ShardlineDriver implements Driver {
    public static final int MAJOR = 0;
    public static final int MINOR = 1;
    public static final String VERSION = MAJOR + "." + MINOR;

    private static final Map<String, ShardlineRuntime> RUNTIMES = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(new ShardlineDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC: let DriverManager ask the next driver
        }
        ShardlineUrl parsed = ShardlineUrl.parse(url, info);
        return new ShardlineConnection(runtimeFor(parsed), false);
    }

    /** The shared runtime of this URL and properties, opened on first use. */
    static ShardlineRuntime runtimeFor(ShardlineUrl url) throws SQLException {
        String key = url.runtimeKey();
        ShardlineRuntime runtime = RUNTIMES.get(key);
        if (runtime != null && !runtime.isClosed()) {
            return runtime;
        }
        synchronized (RUNTIMES) {
            runtime = RUNTIMES.get(key);
            if (runtime == null || runtime.isClosed()) {
                runtime = ShardlineRuntime.open(url);
                RUNTIMES.put(key, runtime);
            }
            return runtime;
        }
    }

    /** Closes every shared runtime: their pools and metadata checks. Later connections open new ones. */
    public static void closeRuntimes() {
        synchronized (RUNTIMES) {
            RUNTIMES.values().forEach(ShardlineRuntime::close);
            RUNTIMES.clear();
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return ShardlineUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return ShardlineUrl.KNOWN.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> {
            DriverPropertyInfo p = new DriverPropertyInfo(e.getKey(), info == null ? null : info.getProperty(e.getKey()));
            p.description = e.getValue();
            return p;
        }).toArray(DriverPropertyInfo[]::new);
    }

    @Override
    public int getMajorVersion() {
        return MAJOR;
    }

    @Override
    public int getMinorVersion() {
        return MINOR;
    }

    /** Not JDBC compliant in the spec's sense: cross-shard statements and stored procedures are refused. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Shardline logs through SLF4J", "0A000", ErrorCode.NOT_ALLOWED.code());
    }

    static ShardlineException closed() {
        return new ShardlineException(ErrorCode.INTERNAL, "this Shardline data source is closed");
    }
}
