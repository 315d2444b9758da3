package io.shardline.driver;

import io.shardline.router.sql.MySqlText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A table's column definitions as {@code information_schema.COLUMNS} gives them, and the {@code JSON_TABLE} columns
 * that declare them again: the exact type, character set and collation, so the evaluation server compares, casts and
 * concatenates the inlined values as it would the originals. Only types whose values, written as the server's text,
 * parse back exactly (a value read from a column of the very type it is declared as again) are allowed; MariaDB's
 * {@code ERROR ON ERROR} does not catch a conversion that truncates, so no conversion may be possible at all.
 */
final class JsonTableColumns {
    /**
     * One row: every column's name, type, character set and collation in table order, as one string (names and types
     * in hex, so no name can break the separators); bound to the table's database and name.
     */
    static final String DEFINITIONS = "SELECT GROUP_CONCAT(CONCAT_WS(' ', HEX(COLUMN_NAME), HEX(COLUMN_TYPE),"
            + " IFNULL(CHARACTER_SET_NAME, '-'), IFNULL(COLLATION_NAME, '-')) ORDER BY ORDINAL_POSITION SEPARATOR ',')"
            + " AS shardline_definitions FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    /**
     * The exact types: integers without ZEROFILL (its padding is display only, but the text read back has it),
     * DECIMAL, non-binary strings, DATE, DATETIME with its fractional digits, YEAR (written with its four digits: '0'
     * would read back as 2000). Not FLOAT/DOUBLE (their text is not their value), binary strings, BIT, ENUM/SET, JSON,
     * spatial types, TIMESTAMP (its text is in the session's time zone), TIME (Connector/J's text of '-00:00:01' is
     * '00:00:01').
     */
    private static final Pattern EXACT = Pattern.compile("(tinyint|smallint|mediumint|int|bigint)(\\(\\d+\\))?( unsigned)?"
            + "|decimal\\(\\d+,\\d+\\)( unsigned)?|(var)?char\\(\\d+\\)|(tiny|medium|long)?text|date|datetime(\\(\\d\\))?"
            + "|year(\\(4\\))?");

    /** One column: {@code charset} and {@code collation} null for a type without them. */
    record Column(String name, String type, String charset, String collation) {
        boolean exact() {
            boolean text = type.contains("char") || type.endsWith("text");
            return EXACT.matcher(type).matches() && (!text || charset != null && !"binary".equals(charset));
        }

        boolean year() {
            return type.startsWith("year");
        }

        /**
         * Whether {@code value} (this column's) would read back only under the session's sql_mode: a zero date or a
         * date with a zero month or day, which NO_ZERO_DATE/NO_ZERO_IN_DATE would turn into NULL with a warning.
         */
        boolean modeDependent(Object value) {
            return type.startsWith("date") && value instanceof String text
                    && (text.startsWith("0000") || text.contains("-00"));
        }
    }

    private JsonTableColumns() {
    }

    /** The columns of {@link #DEFINITIONS}' string, or null when it is not one (no such table). */
    static List<Column> parse(String definitions) {
        if (definitions == null || definitions.isEmpty()) {
            return null;
        }
        List<Column> out = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (String one : definitions.split(",", -1)) {
            String[] f = one.split(" ", -1);
            if (f.length != 4) {
                return null; // cut short by group_concat_max_len
            }
            try {
                out.add(new Column(new String(hex.parseHex(f[0]), StandardCharsets.UTF_8),
                        new String(hex.parseHex(f[1]), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        "-".equals(f[2]) ? null : f[2], "-".equals(f[3]) ? null : f[3]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return out;
    }

    /**
     * {@code JSON_TABLE(json, '$[*]' COLUMNS (..))}: element {@code i} of each row array is column {@code i}, declared
     * as it is in the source; {@code json} the rows as {@link #appendValue} wrote them.
     */
    static String jsonTable(String json, List<Column> columns) {
        StringBuilder b = new StringBuilder(json.length() + 64 * columns.size() + 32).append("JSON_TABLE(")
                .append(MySqlText.mysqlLiteral(json)).append(", '$[*]' COLUMNS (");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            b.append(i == 0 ? "" : ", ").append(MySqlText.quoteIdentifier(c.name())).append(' ').append(c.type());
            if (c.charset() != null) {
                b.append(" CHARACTER SET ").append(c.charset()).append(" COLLATE ").append(c.collation());
            }
            b.append(" PATH '$[").append(i).append("]' ERROR ON ERROR");
        }
        return b.append("))").toString();
    }

    /** Appends one value as a JSON string of its text (null as JSON null); returns the characters appended. */
    static int appendValue(StringBuilder json, Object value, Column column) {
        if (value == null) {
            json.append("null");
            return 4;
        }
        String text = value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        if (column.year() && text.length() < 4) {
            text = "0".repeat(4 - text.length()) + text;
        }
        int before = json.length();
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
        return json.length() - before;
    }
}
