package io.shardline.router.merge;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** The metadata of rows Shardline makes itself (EXPLAIN SHARDLINE, generated ids): labels and VARCHAR/BIGINT types. */
final class SimpleMetaData implements ResultSetMetaData {
    private final String[] labels;
    private final int[] types;

    SimpleMetaData(String[] labels, int[] types) {
        this.labels = labels.clone();
        this.types = types.clone();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public int getColumnCount() {
        return labels.length;
    }

    @Override
    public boolean isAutoIncrement(int a0) {
        return false;
    }

    @Override
    public boolean isCaseSensitive(int a0) {
        return true;
    }

    @Override
    public boolean isSearchable(int a0) {
        return false;
    }

    @Override
    public boolean isCurrency(int a0) {
        return false;
    }

    @Override
    public int isNullable(int a0) {
        return ResultSetMetaData.columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int a0) {
        return types[a0 - 1] == Types.BIGINT;
    }

    @Override
    public int getColumnDisplaySize(int a0) {
        return 255;
    }

    @Override
    public String getColumnLabel(int a0) {
        return labels[a0 - 1];
    }

    @Override
    public String getColumnName(int a0) {
        return labels[a0 - 1];
    }

    @Override
    public String getSchemaName(int a0) {
        return "";
    }

    @Override
    public int getPrecision(int a0) {
        return 0;
    }

    @Override
    public int getScale(int a0) {
        return 0;
    }

    @Override
    public String getTableName(int a0) {
        return "";
    }

    @Override
    public String getCatalogName(int a0) {
        return "";
    }

    @Override
    public int getColumnType(int a0) {
        return types[a0 - 1];
    }

    @Override
    public String getColumnTypeName(int a0) {
        return types[a0 - 1] == Types.BIGINT ? "BIGINT" : "VARCHAR";
    }

    @Override
    public boolean isReadOnly(int a0) {
        return true;
    }

    @Override
    public boolean isWritable(int a0) {
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int a0) {
        return false;
    }

    @Override
    public String getColumnClassName(int a0) {
        return types[a0 - 1] == Types.BIGINT ? Long.class.getName() : String.class.getName();
    }
}
