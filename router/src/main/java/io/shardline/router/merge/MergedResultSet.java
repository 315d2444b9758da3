package io.shardline.router.merge;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The merged answer of a multi-shard query as a forward-only, read-only {@link ResultSet}: the caller's columns of
 * a {@link RowStream} (hidden ones are not visible). A row passed through unchanged is read with the physical
 * driver's own getters, so its values look exactly as a single-shard query's would; computed rows (groups,
 * aggregates, rows sorted in memory) convert their values. Closing it closes the stream and runs {@code onClose}
 * (which returns the connections). One thread at a time.
 */
@SuppressWarnings("RedundantThrows")
public final class MergedResultSet implements ResultSet {
    /** What closing the result set releases. */
    public interface Release {
        void release() throws SQLException;
    }

    private final RowStream rows;
    /** The caller's metadata, made on first use (many callers never ask for it). */
    private ResultSetMetaData metadata;
    private final ResultSetMetaData physical;
    private final int[] typedAs;
    private final int visible;
    private final Statement statement;
    private final Release release;
    private boolean closed;
    private boolean onRow;
    private boolean after;
    private int row;
    private boolean lastNull;
    private ResultSet lastSource;

    public MergedResultSet(RowStream rows, ResultSetMetaData physical, int hidden, Statement statement, Release release)
            throws SQLException {
        this(rows, physical, hidden, null, statement, release);
    }

    /** {@code typedAs}: the columns whose metadata types come from another column ({@link MergeSpec#typedAs(int)}). */
    public MergedResultSet(RowStream rows, ResultSetMetaData physical, int hidden, int[] typedAs, Statement statement,
                           Release release) throws SQLException {
        this.rows = rows;
        this.visible = physical.getColumnCount() - hidden;
        this.physical = physical;
        this.typedAs = typedAs;
        this.statement = statement;
        this.release = release;
    }

    /**
     * Rows Shardline makes itself as a result set: {@code types} are {@link java.sql.Types#VARCHAR} or
     * {@link java.sql.Types#BIGINT} per column.
     */
    public static MergedResultSet of(String[] labels, int[] types, java.util.List<Object[]> rows, Statement statement)
            throws SQLException {
        return new MergedResultSet(new Rows(rows, labels.length, () -> { }), new SimpleMetaData(labels, types), 0,
                statement, () -> { });
    }

    private ResultSetMetaData metadata() {
        if (metadata == null) {
            metadata = new VisibleMetaData(physical, visible, typedAs);
        }
        return metadata;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new ShardlineException(ErrorCode.INTERNAL, "this result set is closed");
        }
    }

    /** The input the current row passes through from, or null for a computed row; checks the column. */
    private ResultSet source(int column) throws SQLException {
        checkOpen();
        if (!onRow) {
            throw ShardlineException.invalid("the result set is not on a row (call next() first)");
        }
        if (column < 1 || column > visible) {
            throw ShardlineException.invalid("column " + column + " is out of range (1.." + visible + ")");
        }
        lastSource = rows.current();
        return lastSource;
    }

    private Object raw(int column) throws SQLException {
        Object v = rows.get(column - 1);
        lastNull = v == null;
        return v;
    }

    private static SQLException readOnly() {
        return new SQLFeatureNotSupportedException("a merged multi-shard result is read-only (100403)", "0A000",
                ErrorCode.NOT_ALLOWED.code());
    }

    private static SQLException forwardOnly() {
        return new SQLFeatureNotSupportedException("a merged multi-shard result is forward-only (100403)", "0A000",
                ErrorCode.NOT_ALLOWED.code());
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (after) {
            return false;
        }
        try {
            onRow = rows.next();
        } catch (OutOfMemoryError | StackOverflowError e) {
            onRow = false;
            throw new ShardlineException(ErrorCode.LOCAL_RESOURCES, "Shardline ran out of "
                    + (e instanceof OutOfMemoryError ? "heap" : "stack") + " while merging the shards' rows (" + e
                    + "); lower maxMergeRows, stream with setFetchSize(n), narrow the statement, or give the JVM more"
                    + " memory", e);
        }
        if (onRow) {
            row++;
        } else {
            after = true;
        }
        return onRow;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return lastSource != null ? lastSource.wasNull() : lastNull;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        onRow = false;
        SQLException failure = null;
        try {
            rows.close();
        } catch (SQLException e) {
            failure = e;
        }
        try {
            release.release();
        } catch (SQLException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return metadata();
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        for (int i = 1; i <= visible; i++) {
            if (metadata().getColumnLabel(i).equalsIgnoreCase(label)) {
                return i;
            }
        }
        throw ShardlineException.invalid("no column labelled '" + label + "' in this result");
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException("named cursors (100403)", "0A000", ErrorCode.NOT_ALLOWED.code());
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && !after;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return after && row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return onRow && row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void afterLast() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean first() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean last() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return onRow ? row : 0;
    }

    @Override
    public boolean absolute(int r) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean relative(int r) throws SQLException {
        throw forwardOnly();
    }

    @Override
    public boolean previous() throws SQLException {
        throw forwardOnly();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD) {
            throw forwardOnly();
        }
    }

    @Override
    public int getFetchDirection() {
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
    }

    @Override
    public int getFetchSize() {
        return 0;
    }

    @Override
    public int getType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean rowUpdated() {
        return false;
    }

    @Override
    public boolean rowInserted() {
        return false;
    }

    @Override
    public boolean rowDeleted() {
        return false;
    }

    @Override
    public void insertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void deleteRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void refreshRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw ShardlineException.invalid("a merged result set does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ---- getters (generated shape: pass-through rows use the physical getter, computed rows convert) --------------

    @Override
    public <T> T getObject(int a0, Class<T> a1) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getObject(a0, a1);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.to(v, a1);
    }

    @Override
    public <T> T getObject(String a0, Class<T> a1) throws SQLException {
        return getObject(findColumn(a0), a1);
    }

    @Override
    public boolean getBoolean(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBoolean(a0);
        }
        Object v = raw(a0);
        return v == null ? false : Conversions.toBoolean(v);
    }

    @Override
    public boolean getBoolean(String a0) throws SQLException {
        return getBoolean(findColumn(a0));
    }

    @Override
    public byte getByte(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getByte(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : (byte) Conversions.toLong(v);
    }

    @Override
    public byte getByte(String a0) throws SQLException {
        return getByte(findColumn(a0));
    }

    @Override
    public byte[] getBytes(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBytes(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toBytes(v);
    }

    @Override
    public byte[] getBytes(String a0) throws SQLException {
        return getBytes(findColumn(a0));
    }

    @Override
    public double getDouble(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getDouble(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : Conversions.toDouble(v);
    }

    @Override
    public double getDouble(String a0) throws SQLException {
        return getDouble(findColumn(a0));
    }

    @Override
    public float getFloat(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getFloat(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : (float) Conversions.toDouble(v);
    }

    @Override
    public float getFloat(String a0) throws SQLException {
        return getFloat(findColumn(a0));
    }

    @Override
    public int getInt(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getInt(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : (int) Conversions.toLong(v);
    }

    @Override
    public int getInt(String a0) throws SQLException {
        return getInt(findColumn(a0));
    }

    @Override
    public java.io.InputStream getAsciiStream(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getAsciiStream(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new java.io.ByteArrayInputStream(Conversions.toBytes(v));
    }

    @Override
    public java.io.InputStream getAsciiStream(String a0) throws SQLException {
        return getAsciiStream(findColumn(a0));
    }

    @Override
    public java.io.InputStream getBinaryStream(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBinaryStream(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new java.io.ByteArrayInputStream(Conversions.toBytes(v));
    }

    @Override
    public java.io.InputStream getBinaryStream(String a0) throws SQLException {
        return getBinaryStream(findColumn(a0));
    }

    @Override
    public java.io.InputStream getUnicodeStream(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getUnicodeStream(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new java.io.ByteArrayInputStream(Conversions.toBytes(v));
    }

    @Override
    public java.io.InputStream getUnicodeStream(String a0) throws SQLException {
        return getUnicodeStream(findColumn(a0));
    }

    @Override
    public java.io.Reader getCharacterStream(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getCharacterStream(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new java.io.StringReader(Values.text(v));
    }

    @Override
    public java.io.Reader getCharacterStream(String a0) throws SQLException {
        return getCharacterStream(findColumn(a0));
    }

    @Override
    public java.io.Reader getNCharacterStream(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getNCharacterStream(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new java.io.StringReader(Values.text(v));
    }

    @Override
    public java.io.Reader getNCharacterStream(String a0) throws SQLException {
        return getNCharacterStream(findColumn(a0));
    }

    @Override
    public Object getObject(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getObject(a0);
        }
        return raw(a0);
    }

    @Override
    public Object getObject(int a0, java.util.Map<String, Class<?>> a1) throws SQLException {
        return getObject(a0);
    }

    @Override
    public Object getObject(String a0) throws SQLException {
        return getObject(findColumn(a0));
    }

    @Override
    public Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws SQLException {
        return getObject(findColumn(a0), a1);
    }

    @Override
    public String getNString(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getNString(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Values.text(v);
    }

    @Override
    public String getNString(String a0) throws SQLException {
        return getNString(findColumn(a0));
    }

    @Override
    public String getString(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getString(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Values.text(v);
    }

    @Override
    public String getString(String a0) throws SQLException {
        return getString(findColumn(a0));
    }

    @SuppressWarnings("deprecation")
    @Override
    public java.math.BigDecimal getBigDecimal(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBigDecimal(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toBigDecimal(v);
    }

    @SuppressWarnings("deprecation")
    @Override
    public java.math.BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBigDecimal(a0, a1);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toBigDecimal(v).setScale(a1, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
        return getBigDecimal(findColumn(a0));
    }

    @Override
    public java.math.BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
        return getBigDecimal(findColumn(a0), a1);
    }

    @Override
    public java.net.URL getURL(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getURL(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toUrl(v);
    }

    @Override
    public java.net.URL getURL(String a0) throws SQLException {
        return getURL(findColumn(a0));
    }

    @Override
    public java.sql.Array getArray(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getArray(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.unsupported("getArray");
    }

    @Override
    public java.sql.Array getArray(String a0) throws SQLException {
        return getArray(findColumn(a0));
    }

    @Override
    public java.sql.Blob getBlob(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getBlob(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new javax.sql.rowset.serial.SerialBlob(Conversions.toBytes(v));
    }

    @Override
    public java.sql.Blob getBlob(String a0) throws SQLException {
        return getBlob(findColumn(a0));
    }

    @Override
    public java.sql.Clob getClob(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getClob(a0);
        }
        Object v = raw(a0);
        return v == null ? null : new javax.sql.rowset.serial.SerialClob(Values.text(v).toCharArray());
    }

    @Override
    public java.sql.Clob getClob(String a0) throws SQLException {
        return getClob(findColumn(a0));
    }

    @Override
    public java.sql.Date getDate(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getDate(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toDate(v);
    }

    @Override
    public java.sql.Date getDate(int a0, java.util.Calendar a1) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getDate(a0, a1);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toDate(v);
    }

    @Override
    public java.sql.Date getDate(String a0) throws SQLException {
        return getDate(findColumn(a0));
    }

    @Override
    public java.sql.Date getDate(String a0, java.util.Calendar a1) throws SQLException {
        return getDate(findColumn(a0), a1);
    }

    @Override
    public java.sql.NClob getNClob(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getNClob(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.unsupported("getNClob");
    }

    @Override
    public java.sql.NClob getNClob(String a0) throws SQLException {
        return getNClob(findColumn(a0));
    }

    @Override
    public java.sql.Ref getRef(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getRef(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.unsupported("getRef");
    }

    @Override
    public java.sql.Ref getRef(String a0) throws SQLException {
        return getRef(findColumn(a0));
    }

    @Override
    public java.sql.RowId getRowId(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getRowId(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.unsupported("getRowId");
    }

    @Override
    public java.sql.RowId getRowId(String a0) throws SQLException {
        return getRowId(findColumn(a0));
    }

    @Override
    public java.sql.SQLXML getSQLXML(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getSQLXML(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.unsupported("getSQLXML");
    }

    @Override
    public java.sql.SQLXML getSQLXML(String a0) throws SQLException {
        return getSQLXML(findColumn(a0));
    }

    @Override
    public java.sql.Time getTime(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getTime(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toTime(v);
    }

    @Override
    public java.sql.Time getTime(int a0, java.util.Calendar a1) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getTime(a0, a1);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toTime(v);
    }

    @Override
    public java.sql.Time getTime(String a0) throws SQLException {
        return getTime(findColumn(a0));
    }

    @Override
    public java.sql.Time getTime(String a0, java.util.Calendar a1) throws SQLException {
        return getTime(findColumn(a0), a1);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getTimestamp(a0);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toTimestamp(v);
    }

    @Override
    public java.sql.Timestamp getTimestamp(int a0, java.util.Calendar a1) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getTimestamp(a0, a1);
        }
        Object v = raw(a0);
        return v == null ? null : Conversions.toTimestamp(v);
    }

    @Override
    public java.sql.Timestamp getTimestamp(String a0) throws SQLException {
        return getTimestamp(findColumn(a0));
    }

    @Override
    public java.sql.Timestamp getTimestamp(String a0, java.util.Calendar a1) throws SQLException {
        return getTimestamp(findColumn(a0), a1);
    }

    @Override
    public long getLong(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getLong(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : Conversions.toLong(v);
    }

    @Override
    public long getLong(String a0) throws SQLException {
        return getLong(findColumn(a0));
    }

    @Override
    public short getShort(int a0) throws SQLException {
        ResultSet s = source(a0);
        if (s != null) {
            return s.getShort(a0);
        }
        Object v = raw(a0);
        return v == null ? 0 : (short) Conversions.toLong(v);
    }

    @Override
    public short getShort(String a0) throws SQLException {
        return getShort(findColumn(a0));
    }

    @Override
    public void updateArray(int a0, java.sql.Array a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateArray(String a0, java.sql.Array a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(int a0, java.sql.Blob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, java.io.InputStream a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBlob(String a0, java.sql.Blob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(int a0, boolean a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBoolean(String a0, boolean a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(int a0, byte a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateByte(String a0, byte a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(int a0, byte[] a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateBytes(String a0, byte[] a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(int a0, java.sql.Clob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateClob(String a0, java.sql.Clob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(int a0, java.sql.Date a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDate(String a0, java.sql.Date a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(int a0, double a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateDouble(String a0, double a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(int a0, float a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateFloat(String a0, float a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(int a0, int a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateInt(String a0, int a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(int a0, long a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateLong(String a0, long a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(int a0, java.sql.NClob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, java.io.Reader a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNClob(String a0, java.sql.NClob a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(int a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNString(String a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(int a0) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateNull(String a0) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int a0, Object a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(int a0, Object a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String a0, Object a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateObject(String a0, Object a1, int a2) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(int a0, java.sql.Ref a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRef(String a0, java.sql.Ref a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(int a0, java.sql.RowId a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateRowId(String a0, java.sql.RowId a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(int a0, java.sql.SQLXML a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateSQLXML(String a0, java.sql.SQLXML a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(int a0, short a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateShort(String a0, short a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(int a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateString(String a0, String a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(int a0, java.sql.Time a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTime(String a0, java.sql.Time a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(int a0, java.sql.Timestamp a1) throws SQLException {
        throw readOnly();
    }

    @Override
    public void updateTimestamp(String a0, java.sql.Timestamp a1) throws SQLException {
        throw readOnly();
    }
}
