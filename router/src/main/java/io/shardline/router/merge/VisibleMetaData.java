package io.shardline.router.merge;

import io.shardline.router.ShardlineException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The first unit's metadata limited to the caller's columns: the hidden ones Shardline added are not there. A column
 * the shards sent as a placeholder (an AVG dividing a selected SUM) keeps its own label and name and reports the type
 * of the column it is typed as ({@link MergeSpec#typedAs(int)}).
 */
final class VisibleMetaData implements ResultSetMetaData {
    private final ResultSetMetaData physical;
    private final int visible;
    /** Per physical column (0-based), the column whose type it reports; null: its own. */
    private final int[] typedAs;

    VisibleMetaData(ResultSetMetaData physical, int visible, int[] typedAs) {
        this.physical = physical;
        this.visible = visible;
        this.typedAs = typedAs;
    }

    /** The 1-based column whose type, size and flags column {@code column} reports. */
    private int typed(int column) {
        return typedAs == null ? column : typedAs[column - 1] + 1;
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
        return physical.isAutoIncrement(typed(a0));
    }

    @Override
    public boolean isCaseSensitive(int a0) throws SQLException {
        check(a0);
        return physical.isCaseSensitive(typed(a0));
    }

    @Override
    public boolean isSearchable(int a0) throws SQLException {
        check(a0);
        return physical.isSearchable(typed(a0));
    }

    @Override
    public boolean isCurrency(int a0) throws SQLException {
        check(a0);
        return physical.isCurrency(typed(a0));
    }

    @Override
    public int isNullable(int a0) throws SQLException {
        check(a0);
        return physical.isNullable(typed(a0));
    }

    @Override
    public boolean isSigned(int a0) throws SQLException {
        check(a0);
        return physical.isSigned(typed(a0));
    }

    @Override
    public int getColumnDisplaySize(int a0) throws SQLException {
        check(a0);
        return physical.getColumnDisplaySize(typed(a0));
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
        return physical.getPrecision(typed(a0));
    }

    @Override
    public int getScale(int a0) throws SQLException {
        check(a0);
        return physical.getScale(typed(a0));
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
        return physical.getColumnType(typed(a0));
    }

    @Override
    public java.lang.String getColumnTypeName(int a0) throws SQLException {
        check(a0);
        return physical.getColumnTypeName(typed(a0));
    }

    @Override
    public boolean isReadOnly(int a0) throws SQLException {
        check(a0);
        return physical.isReadOnly(typed(a0));
    }

    @Override
    public boolean isWritable(int a0) throws SQLException {
        check(a0);
        return physical.isWritable(typed(a0));
    }

    @Override
    public boolean isDefinitelyWritable(int a0) throws SQLException {
        check(a0);
        return physical.isDefinitelyWritable(typed(a0));
    }

    @Override
    public java.lang.String getColumnClassName(int a0) throws SQLException {
        check(a0);
        return physical.getColumnClassName(typed(a0));
    }
}
