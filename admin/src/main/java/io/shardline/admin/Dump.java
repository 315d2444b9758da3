package io.shardline.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads databases out of a source server, inside one consistent snapshot, as a stream of {@link Item}s that name no
 * database (so the same stream can be loaded under another name, now or later from a backup): the database, each
 * table's DDL, its rows as multi-row INSERTs of at most {@code chunkBytes}, then views, routines, triggers and
 * events. Values travel as the server's exact text or as hex of their raw bytes, never through Java types. Not
 * thread-safe: one per snapshot connection.
 */
final class Dump {
    /** What a dump holds, in order. */
    sealed interface Item permits Database, Table, Rows, Definition {
    }

    record Database(String name, String charset, String collation) implements Item {
    }

    record Table(String name, String createSql, long rowsEstimate, long bytesEstimate) implements Item {
    }

    /** A multi-row INSERT into {@code table} (unqualified), {@code rows} rows holding {@code bytes} value bytes. */
    record Rows(String table, String sql, int rows, long bytes) implements Item {
    }

    enum Kind { ROUTINE, VIEW, TRIGGER, EVENT }

    /**
     * A view, routine, trigger or event: its CREATE statement and the session it was defined in ({@code sqlMode},
     * {@code collationConnection}, and for events {@code timeZone}; null when the server gives none).
     */
    record Definition(Kind kind, String name, String sql, String sqlMode, String collationConnection, String timeZone)
            implements Item {
    }

    /** How a column's value is read and written back exactly. */
    enum ValueKind { NUMBER, FLOAT, TEXT, BYTES, HEX, QUOTED }

    record Column(String name, ValueKind kind) {
        /** The select-list expression giving this column's exact value. */
        String select() {
            String q = SqlText.quote(name);
            return switch (kind) {
                case NUMBER, BYTES, HEX -> q;
                case FLOAT -> "CAST(" + q + " AS DOUBLE)"; // FLOAT's own text keeps 6 digits: not exact
                case TEXT -> "CAST(" + q + " AS BINARY)"; // the stored bytes, whatever the column's charset
                case QUOTED -> "CAST(" + q + " AS CHAR CHARACTER SET utf8mb4)";
            };
        }
    }

    /** A base table of the schema and what its rows need. */
    record TableSchema(String name, String createSql, List<Column> columns, long rowsEstimate, long bytesEstimate) {
    }

    /** Everything of one database but its rows. */
    record Schema(String name, String charset, String collation, List<TableSchema> tables, List<Definition> definitions) {
        long bytesEstimate() {
            long total = 0;
            for (TableSchema t : tables) {
                total += t.bytesEstimate();
            }
            return total;
        }

        long rowsEstimate() {
            long total = 0;
            for (TableSchema t : tables) {
                total += t.rowsEstimate();
            }
            return total;
        }
    }

    interface Sink {
        void accept(Item item) throws Exception;
    }

    private Dump() {
    }

    /** Whether a database of this name exists on the server. */
    static boolean exists(Connection c, String db) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The database's schema. Refuses (with the reason) what a copy could not keep exact: tables of engines without
     * transactions (no consistent snapshot), system-versioned tables and sequences.
     */
    static Schema schema(Connection c, String db) throws SQLException, Refusal {
        String charset;
        String collation;
        try (PreparedStatement ps = c.prepareStatement("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refusal("database " + db + " does not exist");
                }
                charset = rs.getString(1);
                collation = rs.getString(2);
            }
        }
        List<TableSchema> tables = new ArrayList<>();
        List<String> views = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.TABLE_NAME, t.TABLE_TYPE, t.ENGINE, t.TABLE_ROWS,"
                + " t.DATA_LENGTH + t.INDEX_LENGTH, e.TRANSACTIONS FROM information_schema.TABLES t"
                + " LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE"
                + " WHERE t.TABLE_SCHEMA = ? ORDER BY t.TABLE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String type = rs.getString(2);
                    if ("VIEW".equals(type)) {
                        views.add(name);
                        continue;
                    }
                    if (!"BASE TABLE".equals(type)) {
                        throw new Refusal("table " + db + "." + name + " is a " + type.toLowerCase(Locale.ROOT)
                                + ", which a copy cannot reproduce exactly");
                    }
                    if (!"YES".equals(rs.getString(6))) {
                        throw new Refusal("table " + db + "." + name + " uses engine " + rs.getString(3)
                                + ", which has no transactions, so no consistent snapshot can read it; convert it to"
                                + " InnoDB to copy or back it up");
                    }
                    tables.add(new TableSchema(name, null, null, rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        List<TableSchema> complete = new ArrayList<>();
        for (TableSchema t : tables) {
            complete.add(new TableSchema(t.name(), showCreate(c, "TABLE", db, t.name(), 2), columns(c, db, t.name()),
                    t.rowsEstimate(), t.bytesEstimate()));
        }
        List<Definition> definitions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES"
                + " WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE DESC, ROUTINE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> routines = new ArrayList<>();
                while (rs.next()) {
                    routines.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                for (String[] r : routines) {
                    if (!r[1].equals("PROCEDURE") && !r[1].equals("FUNCTION")) {
                        throw new Refusal(r[1].toLowerCase(Locale.ROOT) + " " + db + "." + r[0] + " cannot be copied yet");
                    }
                    String[] row = show(c, "SHOW CREATE " + r[1] + " " + SqlText.quote(db) + "." + SqlText.quote(r[0]));
                    requireDefinition(row[2], r[1], db, r[0]);
                    definitions.add(new Definition(Kind.ROUTINE, r[0], row[2], row[1], row[4], null));
                }
            }
        }
        for (String v : views) {
            String[] row = show(c, "SHOW CREATE VIEW " + SqlText.quote(db) + "." + SqlText.quote(v));
            definitions.add(new Definition(Kind.VIEW, v, row[1], null, row[3], null));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER")) {
            ps.setString(1, db);
            List<String> triggers = strings(ps);
            for (String t : triggers) {
                String[] row = show(c, "SHOW CREATE TRIGGER " + SqlText.quote(db) + "." + SqlText.quote(t));
                requireDefinition(row[2], "TRIGGER", db, t);
                definitions.add(new Definition(Kind.TRIGGER, t, row[2], row[1], row[4], null));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT EVENT_NAME FROM information_schema.EVENTS"
                + " WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME")) {
            ps.setString(1, db);
            for (String e : strings(ps)) {
                String[] row = show(c, "SHOW CREATE EVENT " + SqlText.quote(db) + "." + SqlText.quote(e));
                requireDefinition(row[3], "EVENT", db, e);
                definitions.add(new Definition(Kind.EVENT, e, row[3], row[1], row[5], row[2]));
            }
        }
        return new Schema(db, charset, collation, complete, definitions);
    }

    private static void requireDefinition(String sql, String kind, String db, String name) throws Refusal {
        if (sql == null) {
            throw new Refusal("the source account may not read the definition of " + kind.toLowerCase(Locale.ROOT)
                    + " " + db + "." + name + " (it needs SELECT on mysql.proc or to be its definer)");
        }
    }

    private static List<Column> columns(Connection c, String db, String table) throws SQLException {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, EXTRA, CHARACTER_SET_NAME"
                + " FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = String.valueOf(rs.getString(3)).toUpperCase(Locale.ROOT);
                    if (extra.contains("GENERATED") || extra.contains("VIRTUAL") || extra.contains("PERSISTENT")) {
                        continue; // computed by the target from the other columns
                    }
                    ValueKind kind = kindOf(rs.getString(2).toLowerCase(Locale.ROOT));
                    String charset = String.valueOf(rs.getString(4)).toLowerCase(Locale.ROOT);
                    if (kind == ValueKind.TEXT && (charset.startsWith("utf16") || charset.startsWith("utf32")
                            || charset.equals("ucs2"))) {
                        kind = ValueKind.HEX; // not ASCII-compatible: even plain letters need their own bytes
                    }
                    out.add(new Column(rs.getString(1), kind));
                }
            }
        }
        return out;
    }

    static ValueKind kindOf(String dataType) {
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                 "double precision", "real" -> ValueKind.NUMBER;
            case "float" -> ValueKind.FLOAT;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json" -> ValueKind.TEXT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ValueKind.BYTES;
            case "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection" -> ValueKind.HEX; // a quoted string would be read as text, not as these bytes
            default -> ValueKind.QUOTED; // dates, times, years, inet6, uuid...: their text form reads back exactly
        };
    }

    private static String showCreate(Connection c, String kind, String db, String name, int column) throws SQLException {
        return show(c, "SHOW CREATE " + kind + " " + SqlText.quote(db) + "." + SqlText.quote(name))[column - 1];
    }

    /** The first row of a SHOW statement, every column as a string. */
    private static String[] show(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned nothing");
            }
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }

    private static List<String> strings(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Emits a database: its schema, every table's rows read on {@code c} (inside the snapshot), its definitions. */
    static void emit(Connection c, Schema schema, int chunkBytes, Sink sink) throws Exception {
        sink.accept(new Database(schema.name(), schema.charset(), schema.collation()));
        for (TableSchema t : schema.tables()) {
            sink.accept(new Table(t.name(), t.createSql(), t.rowsEstimate(), t.bytesEstimate()));
            rows(c, schema.name(), t, chunkBytes, sink);
        }
        for (Definition d : schema.definitions()) {
            sink.accept(d);
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Streams the table's rows (one SELECT, read as it arrives) into INSERTs of at most {@code chunkBytes}. */
    static void rows(Connection c, String db, TableSchema t, int chunkBytes, Sink sink) throws Exception {
        if (t.columns().isEmpty()) {
            return;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder head = new StringBuilder("INSERT INTO ").append(SqlText.quote(t.name())).append(" (");
        for (int i = 0; i < t.columns().size(); i++) {
            Column col = t.columns().get(i);
            select.append(i == 0 ? "" : ", ").append(col.select());
            head.append(i == 0 ? "" : ", ").append(SqlText.quote(col.name()));
        }
        select.append(" FROM ").append(SqlText.quote(db)).append('.').append(SqlText.quote(t.name()));
        head.append(") VALUES ");
        int n = t.columns().size();
        ValueKind[] kinds = new ValueKind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = t.columns().get(i).kind();
        }
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows instead of holding the table
            try (ResultSet rs = s.executeQuery(select.toString())) {
                StringBuilder sql = new StringBuilder(Math.min(chunkBytes + 4096, 8 << 20)).append(head);
                int rows = 0;
                long bytes = 0;
                while (rs.next()) {
                    int mark = sql.length();
                    sql.append(rows == 0 ? "(" : ",(");
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            sql.append(',');
                        }
                        byte[] v = rs.getBytes(i + 1);
                        if (v == null) {
                            sql.append("NULL");
                        } else {
                            bytes += v.length;
                            appendValue(sql, v, kinds[i]);
                        }
                    }
                    sql.append(')');
                    rows++;
                    if (sql.length() >= chunkBytes) {
                        if (rows > 1 && sql.length() > chunkBytes * 2L) {
                            // a big row: send what came before it alone, so no statement grows far past the chunk size
                            String last = sql.substring(mark + 1);
                            sql.setLength(mark);
                            sink.accept(new Rows(t.name(), sql.toString(), rows - 1, 0));
                            sql.setLength(0);
                            sql.append(head).append(last);
                            sink.accept(new Rows(t.name(), sql.toString(), 1, bytes));
                        } else {
                            sink.accept(new Rows(t.name(), sql.toString(), rows, bytes));
                        }
                        sql.setLength(0);
                        sql.append(head);
                        rows = 0;
                        bytes = 0;
                    }
                }
                if (rows > 0) {
                    sink.accept(new Rows(t.name(), sql.toString(), rows, bytes));
                }
            }
        }
    }

    /**
     * One value as SQL: numbers as the server wrote them; strings and bytes that are printable ASCII as a quoted
     * literal (the same bytes in every ASCII-compatible character set, half the size of hex), any other bytes as a hex
     * literal; dates and the like as quoted text.
     */
    private static void appendValue(StringBuilder sql, byte[] v, ValueKind kind) {
        switch (kind) {
            case NUMBER, FLOAT -> sql.append(new String(v, java.nio.charset.StandardCharsets.ISO_8859_1));
            case TEXT, BYTES, HEX -> {
                if (kind != ValueKind.HEX && printableAscii(v)) {
                    char[] text = new char[v.length * 2 + 2];
                    int n = 0;
                    text[n++] = '\'';
                    for (byte b : v) {
                        if (b == '\'' || b == '\\') {
                            text[n++] = '\\';
                        }
                        text[n++] = (char) b;
                    }
                    text[n++] = '\'';
                    sql.append(text, 0, n);
                    return;
                }
                char[] hex = new char[v.length * 2 + 3];
                hex[0] = 'X';
                hex[1] = '\'';
                for (int j = 0; j < v.length; j++) {
                    hex[2 + 2 * j] = HEX[(v[j] >> 4) & 0xF];
                    hex[3 + 2 * j] = HEX[v[j] & 0xF];
                }
                hex[hex.length - 1] = '\'';
                sql.append(hex);
            }
            case QUOTED -> sql.append(SqlText.literal(new String(v, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static boolean printableAscii(byte[] v) {
        for (byte b : v) {
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** A reason the copy cannot be exact, found before anything is written. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message);
        }
    }
}
