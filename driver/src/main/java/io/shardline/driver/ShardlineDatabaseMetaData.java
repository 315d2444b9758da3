package io.shardline.driver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The physical driver's metadata of the default master, with Shardline's identity where it differs: the URL, the
 * driver, the connection. Product name and version stay the server's, so frameworks pick their MySQL dialect.
 */
final class ShardlineDatabaseMetaData extends DelegatingDatabaseMetaData {
    private final ShardlineConnection connection;

    ShardlineDatabaseMetaData(DatabaseMetaData delegate, ShardlineConnection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return connection.runtime().url().toString();
    }

    @Override
    public String getUserName() {
        return connection.runtime().url().param("user", "");
    }

    @Override
    public String getDriverName() {
        return "Shardline";
    }

    @Override
    public String getDriverVersion() {
        return ShardlineDriver.VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return ShardlineDriver.MAJOR;
    }

    @Override
    public int getDriverMinorVersion() {
        return ShardlineDriver.MINOR;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public boolean supportsStoredProcedures() {
        return false;
    }

    @Override
    public boolean supportsMultipleTransactions() {
        return true;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
