package io.shardline.router.merge;

import io.shardline.router.ShardlineException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** The first unit's metadata limited to the caller's columns: the hidden ones Shardline added are not there. */
final class VisibleMetaData implements ResultSetMetaData {
    private final ResultSetMetaData physical;
    private final int visible;

    VisibleMetaData(ResultSetMetaData physical, int visible) {
        this.physical = physical;
        this.visible = visible;
    }

    private void check(int column) throws SQLException {
        if (column < 1 || column > visible) {
            throw ShardlineException.invalid("column " + column + " is out of range (1.." + visible + ")");
        }
    }

    @Override
    public int getColumnCount() {
        return visible;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return physical.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || physical.isWrapperFor(iface);
    }

    @Override
    public boolean isAutoIncrement(int a0) throws SQLException {
        check(a0);
        return physical.isAutoIncrement(a0);
    }

    @Override
    public boolean isCaseSensitive(int a0) throws SQLException {
        check(a0);
        return physical.isCaseSensitive(a0);
    }

    @Override
    public boolean isSearchable(int a0) throws SQLException {
        check(a0);
        return physical.isSearchable(a0);
    }

    @Override
    public boolean isCurrency(int a0) throws SQLException {
        check(a0);
        return physical.isCurrency(a0);
    }

    @Override
    public int isNullable(int a0) throws SQLException {
        check(a0);
        return physical.isNullable(a0);
    }

    @Override
    public boolean isSigned(int a0) throws SQLException {
        check(a0);
        return physical.isSigned(a0);
    }

    @Override
    public int getColumnDisplaySize(int a0) throws SQLException {
        check(a0);
        return physical.getColumnDisplaySize(a0);
    }

    @Override
    public java.lang.String getColumnLabel(int a0) throws SQLException {
        check(a0);
        return physical.getColumnLabel(a0);
    }

    @Override
    public java.lang.String getColumnName(int a0) throws SQLException {
        check(a0);
        return physical.getColumnName(a0);
    }

    @Override
    public java.lang.String getSchemaName(int a0) throws SQLException {
        check(a0);
        return physical.getSchemaName(a0);
    }

    @Override
    public int getPrecision(int a0) throws SQLException {
        check(a0);
        return physical.getPrecision(a0);
    }

    @Override
    public int getScale(int a0) throws SQLException {
        check(a0);
        return physical.getScale(a0);
    }

    @Override
    public java.lang.String getTableName(int a0) throws SQLException {
        check(a0);
        return physical.getTableName(a0);
    }

    @Override
    public java.lang.String getCatalogName(int a0) throws SQLException {
        check(a0);
        return physical.getCatalogName(a0);
    }

    @Override
    public int getColumnType(int a0) throws SQLException {
        check(a0);
        return physical.getColumnType(a0);
    }

    @Override
    public java.lang.String getColumnTypeName(int a0) throws SQLException {
        check(a0);
        return physical.getColumnTypeName(a0);
    }

    @Override
    public boolean isReadOnly(int a0) throws SQLException {
        check(a0);
        return physical.isReadOnly(a0);
    }

    @Override
    public boolean isWritable(int a0) throws SQLException {
        check(a0);
        return physical.isWritable(a0);
    }

    @Override
    public boolean isDefinitelyWritable(int a0) throws SQLException {
        check(a0);
        return physical.isDefinitelyWritable(a0);
    }

    @Override
    public java.lang.String getColumnClassName(int a0) throws SQLException {
        check(a0);
        return physical.getColumnClassName(a0);
    }
}
