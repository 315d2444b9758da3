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
import java.util.Locale;
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
     * The statement that creates temporary table {@code database.temp} like {@code source}, read on {@code sourceConn}
     * (a connection to the source's server, MySQL/MariaDB or H2).
     */
    static String createLike(Connection sourceConn, boolean h2, Shard source, String database, String temp)
            throws SQLException {
        String target = MySqlText.quoteIdentifier(database) + "." + MySqlText.quoteIdentifier(temp);
        return h2 ? h2Create(sourceConn, source, target) : mySqlCreate(sourceConn, source, target);
    }

    private static String mySqlCreate(Connection c, Shard source, String target) throws SQLException {
        String text;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE "
                + MySqlText.quoteIdentifier(source.database()) + "." + MySqlText.quoteIdentifier(source.table()))) {
            if (!rs.next()) {
                throw new SQLException("SHOW CREATE TABLE " + source + " returned nothing");
            }
            text = rs.getString(2);
        }
        List<String> columns = new ArrayList<>();
        String options = "";
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("`")) {
                String column = line.endsWith(",") ? line.substring(0, line.length() - 1) : line;
                column = AUTO_INCREMENT.matcher(column).replaceAll("");
                columns.add(GENERATED.matcher(column).replaceAll(""));
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
        return "CREATE TEMPORARY TABLE " + target + " (" + String.join(", ", columns) + ")" + options;
    }

    /** The declared type (DECIMAL stays DECIMAL, not its NUMERIC storage), with its length, precision and scale. */
    private static String h2Create(Connection c, Shard source, String target) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COALESCE(DECLARED_DATA_TYPE, DATA_TYPE), CHARACTER_MAXIMUM_LENGTH,"
                + " NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, source.database());
            ps.setString(2, source.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(MySqlText.quoteIdentifier(rs.getString(1)) + " " + h2Type(rs)
                            + ("NO".equals(rs.getString(7)) ? " NOT NULL" : ""));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + source + " has no columns to copy");
        }
        // TRANSACTIONAL: creating it does not commit the caller's open transaction
        return "CREATE LOCAL TEMPORARY TABLE " + target + " (" + String.join(", ", columns) + ") TRANSACTIONAL";
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
