package io.shardline.driver;

import io.shardline.router.route.Shard;
import io.shardline.router.sql.MySqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The TEMPORARY tables of a gather: each one a copy of a physical table's column definitions (types, character set,
 * collation, decimal scale, NULLability), so the evaluation server compares, casts and concatenates the gathered rows
 * exactly as it would the originals. Keys, AUTO_INCREMENT, foreign keys and partitioning are left out: shards may
 * repeat a key that is unique only per shard, and the rows are only read.
 */
final class GatherTables {
    private static final Pattern AUTO_INCREMENT = Pattern.compile("\\s+AUTO_INCREMENT\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_AUTO_INCREMENT = Pattern.compile("\\s+AUTO_INCREMENT=\\d+", Pattern.CASE_INSENSITIVE);
    /** A generated column becomes a plain one: it holds the values the source computed. */
    private static final Pattern GENERATED = Pattern.compile(
            "\\s+(GENERATED ALWAYS\\s+)?AS\\s+\\(.*\\)\\s*(VIRTUAL|STORED|PERSISTENT)\\b", Pattern.CASE_INSENSITIVE);

    private GatherTables() {
    }

    /**
     * A temporary table's CREATE statement and the columns it keeps, in the source's order; {@code types}: every
     * column's type as declared (lower-cased name to type with character set and collation, without NULLability and
     * defaults), to tell whether two columns compare alike.
     */
    record Created(String ddl, List<String> columns, Map<String, String> types) {
    }

    /** Where a column definition's type ends: what follows says nothing about how its values compare. */
    private static final Pattern TYPE_END = Pattern.compile(
            "\\s+(NOT\\s+NULL|NULL|DEFAULT|COMMENT|ON\\s+UPDATE|CHECK|INVISIBLE|PRIMARY|UNIQUE|REFERENCES)\\b.*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * The statement that creates temporary table {@code database.temp} like {@code source}, read on {@code sourceConn}
     * (a connection to the source's server, MySQL/MariaDB or H2), with only the columns whose lower-cased names are
     * in {@code names} (every column when null; the first one when none is named, since a table needs a column).
     */
    static Created createLike(Connection sourceConn, boolean h2, Shard source, String database, String temp,
                              Set<String> names) throws SQLException {
        return createLike(sourceConn, h2, source, database, temp, names, List.of());
    }

    /** As above, with {@code extra} column definitions after the copied ones (not among its columns). */
    static Created createLike(Connection sourceConn, boolean h2, Shard source, String database, String temp,
                              Set<String> names, List<String> extra) throws SQLException {
        String target = MySqlText.quoteIdentifier(database) + "." + MySqlText.quoteIdentifier(temp);
        List<String> columns = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        String options = h2 ? h2Columns(sourceConn, source, columns, definitions)
                : mySqlColumns(sourceConn, source, columns, definitions);
        if (columns.isEmpty()) {
            throw new SQLException("table " + source + " has no columns to copy");
        }
        List<String> keptColumns = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String definition = definitions.get(i);
            // with the table's options: SHOW CREATE TABLE leaves out a column's character set and collation when they
            // are the table's default, so two columns alike in text may still compare differently
            types.put(columns.get(i).toLowerCase(Locale.ROOT),
                    TYPE_END.matcher(definition.substring(nameEnd(definition)).strip()).replaceAll("") + options);
            if (names == null || names.contains(columns.get(i).toLowerCase(Locale.ROOT))) {
                keptColumns.add(columns.get(i));
                kept.add(definitions.get(i));
            }
        }
        if (kept.isEmpty()) {
            keptColumns.add(columns.get(0));
            kept.add(definitions.get(0));
        }
        List<String> declared = new ArrayList<>(kept);
        declared.addAll(extra);
        // H2: TRANSACTIONAL, so creating it does not commit the caller's open transaction
        String ddl = h2 ? "CREATE LOCAL TEMPORARY TABLE " + target + " (" + String.join(", ", declared) + ") TRANSACTIONAL"
                : "CREATE TEMPORARY TABLE " + target + " (" + String.join(", ", declared) + ")" + options;
        return new Created(ddl, List.copyOf(keptColumns), Map.copyOf(types));
    }

    /** Adds each column's name and definition from SHOW CREATE TABLE; returns the table options. */
    private static String mySqlColumns(Connection c, Shard source, List<String> names, List<String> columns)
            throws SQLException {
        String text;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE "
                + MySqlText.quoteIdentifier(source.database()) + "." + MySqlText.quoteIdentifier(source.table()))) {
            if (!rs.next()) {
                throw new SQLException("SHOW CREATE TABLE " + source + " returned nothing");
            }
            text = rs.getString(2);
        }
        String options = "";
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("`")) {
                String column = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
                column = AUTO_INCREMENT.matcher(column).replaceAll("");
                columns.add(GENERATED.matcher(column).replaceAll(""));
                names.add(MySqlText.unquoteIdentifier(column.substring(0, nameEnd(column))));
            } else if (line.startsWith(")")) {
                options = TABLE_AUTO_INCREMENT.matcher(line.substring(1)).replaceAll("");
                break; // partitioning follows on later lines: a temporary table has none
            }
        }
        int partition = options.toUpperCase(Locale.ROOT).indexOf("PARTITION BY");
        if (partition >= 0) {
            options = options.substring(0, partition);
        }
        int versioned = options.indexOf("/*!");
        if (versioned >= 0) {
            options = options.substring(0, versioned);
        }
        return options;
    }

    /** The end of the back-quoted name that opens a column line ({@code ``} inside it is a quote). */
    private static int nameEnd(String line) {
        int i = 1;
        while (i < line.length()) {
            if (line.charAt(i) == '`') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '`') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return line.length();
    }

    /** The declared type (DECIMAL stays DECIMAL, not its NUMERIC storage), with its length, precision and scale. */
    private static String h2Columns(Connection c, Shard source, List<String> names, List<String> columns)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COALESCE(DECLARED_DATA_TYPE, DATA_TYPE), CHARACTER_MAXIMUM_LENGTH,"
                + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, source.database());
            ps.setString(2, source.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    columns.add(MySqlText.quoteIdentifier(rs.getString(1)) + " " + h2Type(rs)
                            + ("NO".equals(rs.getString(7)) ? " NOT NULL" : ""));
                }
            }
        }
        return "";
    }

    private static String h2Type(ResultSet rs) throws SQLException {
        String type = rs.getString(2).toUpperCase(java.util.Locale.ROOT); // DATABASE_TO_LOWER lowers them
        return switch (type) {
            case "CHARACTER", "CHARACTER VARYING", "VARCHAR_IGNORECASE", "BINARY", "BINARY VARYING" ->
                    type + "(" + rs.getLong(3) + ")";
            case "NUMERIC", "DECIMAL" -> type + "(" + rs.getInt(4) + ", " + rs.getInt(5) + ")";
            case "TIME", "TIMESTAMP" -> type + "(" + rs.getInt(6) + ")";
            case "TIME WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE" ->
                    type.replace(" WITH", "(" + rs.getInt(6) + ") WITH");
            default -> type;
        };
    }
}
