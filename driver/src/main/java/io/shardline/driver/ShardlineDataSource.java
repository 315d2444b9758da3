package io.shardline.driver;

import io.shardline.driver.dbproxy.Shardline;
import io.shardline.router.ShardlineException;
import java.io.Closeable;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for {@code jdbc:shardline:} URLs, configurable as a bean ({@code url}, {@code username},
 * {@code password}, and any other parameter through {@link #setProperties}). It owns its runtime: the first
 * connection opens it, {@link #close()} (a Spring bean's destroy method) closes its pools.
 */
public class ShardlineDataSource implements DataSource, Closeable {
    private String url;
    private String username;
    private String password;
    private final Properties properties = new Properties();
    private volatile ShardlineRuntime runtime;
    private Object meterRegistry;
    private volatile boolean closed;
    private int loginTimeout;
    private PrintWriter logWriter;

    public ShardlineDataSource() {
    }

    public ShardlineDataSource(String url) {
        this.url = url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** The metadata store's account (the MySQL config database or the H2 file). */
    public void setUsername(String username) {
        this.username = username;
    }

    public String getUsername() {
        return username;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Any Shardline parameter (see {@link ShardlineUrl#KNOWN}); the URL's own query wins over these. */
    public void setProperties(Properties properties) {
        this.properties.clear();
        this.properties.putAll(properties);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new ShardlineConnection(runtime(), false);
    }

    /** Per-call credentials would need a runtime of their own; configure them on the data source instead. */
    @Override
    public Connection getConnection(String user, String pass) throws SQLException {
        if ((user == null || user.equals(username)) && (pass == null || pass.equals(password))) {
            return getConnection();
        }
        throw ShardlineException.invalid("this data source is configured for user " + username
                + "; create another ShardlineDataSource for other credentials");
    }

    /**
     * Records Shardline's meters ({@code shardline.*}) in {@code meterRegistry}, a Micrometer {@code MeterRegistry}.
     * Typed Object so that the driver needs no Micrometer when none is used.
     */
    public synchronized void setMeterRegistry(Object meterRegistry) throws SQLException {
        this.meterRegistry = meterRegistry;
        if (runtime != null) {
            runtime.bindMetrics(meterRegistry);
        }
    }

    /** The runtime behind this data source (opened on first use): metadata, pools, {@code refresh()}. */
    public ShardlineRuntime runtime() throws SQLException {
        ShardlineRuntime r = runtime;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (closed) {
                throw ShardlineDriver.closed();
            }
            if (runtime == null) {
                if (url == null) {
                    throw ShardlineException.invalid("ShardlineDataSource has no url");
                }
                Properties info = new Properties();
                info.putAll(properties);
                if (username != null) {
                    info.setProperty("user", username);
                }
                if (password != null) {
                    info.setProperty("password", password);
                }
                runtime = ShardlineRuntime.open(ShardlineUrl.parse(url, info));
                if (meterRegistry != null) {
                    runtime.bindMetrics(meterRegistry);
                }
            }
            return runtime;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Shardline logs through SLF4J");
    }

    /**
     * Also hands out the DBProxy API ({@link Shardline}) over this data source's runtime; it opens the runtime on its
     * first call, so before the metadata loads its calls answer 100503.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == ShardlineRuntime.class) {
            return iface.cast(runtime());
        }
        if (iface == Shardline.class) {
            return iface.cast(Shardline.of(this));
        }
        throw ShardlineException.invalid("ShardlineDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface == ShardlineRuntime.class || iface == Shardline.class;
    }
}
