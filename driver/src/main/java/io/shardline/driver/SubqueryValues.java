package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * An UPDATE or DELETE the planner refuses because a subquery reads another sharded table ({@code WHERE uid IN
 * (SELECT uid FROM users WHERE ..)}): each subquery runs first, on its own, as any SELECT (routed, merged or gathered),
 * and its rows replace it as literals; the statement then routes as any UPDATE or DELETE. A subquery that runs on its
 * own is uncorrelated (a reference to the outer statement's tables would not resolve), and names resolve inside it
 * first either way, so its rows are the ones the server would compare. A correlated subquery, one with {@code ?}
 * placeholders, or more than {@link #MAX_VALUES} values leave the statement refused.
 */
final class SubqueryValues {
    static final int MAX_VALUES = 10_000;
    /** An empty result in the same place: {@code IN} finds nothing, {@code NOT IN} and {@code NOT EXISTS} hold. */
    private static final String EMPTY = "SELECT NULL FROM DUAL WHERE 1 = 0";

    private SubqueryValues() {
    }

    static boolean applies(BoundStatement bound, ShardlineException refusal) {
        StatementKind kind = bound.parsed().kind();
        return (kind == StatementKind.UPDATE || kind == StatementKind.DELETE)
                && refusal.code() == ErrorCode.NOT_ALLOWED && !subqueries(bound.parsed()).isEmpty();
    }

    /** The statement with every outermost subquery replaced by its rows; throws {@code refusal} when it cannot. */
    static String substitute(ShardlineConnection connection, BoundStatement bound, ShardlineException refusal)
            throws SQLException {
        ParsedSql parsed = bound.parsed();
        String sql = parsed.sql();
        List<int[]> spans = subqueries(parsed);
        for (Token t : parsed.tokens()) {
            for (int[] span : spans) {
                if (t.kind() == TokenKind.PARAMETER && t.start() >= span[0] && t.end() <= span[1]) {
                    throw refusal; // its placeholders would move: not rewritten
                }
            }
        }
        StringBuilder out = new StringBuilder(sql);
        for (int i = spans.size() - 1; i >= 0; i--) {
            int[] span = spans.get(i);
            String values;
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery(sql.substring(span[0], span[1]))) {
                values = literals(rs, span[2] == 1);
            } catch (SQLException e) {
                ShardlineException correlated = ShardlineException.notAllowed(refusal.getMessage().replaceFirst(
                        " \\(\\d+\\)$", "") + "; its subquery does not run on its own (correlated?): " + e.getMessage());
                correlated.addSuppressed(e);
                throw correlated;
            }
            out.replace(span[0], span[1], values);
        }
        return out.toString();
    }

    /** Outermost {@code (SELECT ..)} spans: [start of SELECT, end before ')', 1 when EXISTS precedes]. */
    private static List<int[]> subqueries(ParsedSql parsed) {
        List<Token> tokens = parsed.tokens();
        String sql = parsed.sql();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!is(sql, tokens.get(i), "(") || !word(sql, tokens.get(i + 1), "SELECT")) {
                continue;
            }
            int depth = 0;
            int j = i;
            for (; j < tokens.size(); j++) {
                depth += is(sql, tokens.get(j), "(") ? 1 : is(sql, tokens.get(j), ")") ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            if (j == tokens.size()) {
                return List.of();
            }
            boolean exists = i > 0 && word(sql, tokens.get(i - 1), "EXISTS");
            out.add(new int[] {tokens.get(i + 1).start(), tokens.get(j).start(), exists ? 1 : 0});
            i = j;
        }
        return out;
    }

    private static boolean is(String sql, Token t, String symbol) {
        return t.kind() == TokenKind.SYMBOL && sql.startsWith(symbol, t.start()) && t.end() - t.start() == symbol.length();
    }

    private static boolean word(String sql, Token t, String word) {
        return t.kind() == TokenKind.WORD && sql.substring(t.start(), t.end()).toUpperCase(Locale.ROOT).equals(word);
    }

    private static String literals(ResultSet rs, boolean exists) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int width = md.getColumnCount();
        StringBuilder b = new StringBuilder();
        int values = 0;
        while (rs.next()) {
            if (exists) {
                return "SELECT 1";
            }
            values += width;
            if (values > MAX_VALUES) {
                throw ShardlineException.notAllowed("a subquery of this statement gives more than " + MAX_VALUES
                        + " values to substitute; narrow it, or write the statement per key range");
            }
            b.append(b.length() == 0 ? "" : ", ").append(width > 1 ? "(" : "");
            for (int i = 1; i <= width; i++) {
                b.append(i == 1 ? "" : ", ").append(literal(rs, md, i));
            }
            b.append(width > 1 ? ")" : "");
        }
        return b.length() == 0 ? EMPTY : b.toString();
    }

    /** One value as MySQL reads it back: numbers as numbers (doubles with an exponent), the rest as strings. */
    private static String literal(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        int type = "YEAR".equalsIgnoreCase(md.getColumnTypeName(i)) ? Types.SMALLINT : md.getColumnType(i);
        switch (type) { // a YEAR as its number: Connector/J reads it as a date
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] bytes = rs.getBytes(i);
                return bytes == null ? "NULL" : "X'" + HexFormat.of().formatHex(bytes) + "'";
            }
            case Types.FLOAT, Types.REAL, Types.DOUBLE -> {
                double d = rs.getDouble(i);
                return rs.wasNull() ? "NULL" : Double.toString(d).contains("E") ? Double.toString(d) : d + "E0";
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal v = rs.getBigDecimal(i);
                return v == null ? "NULL" : v.toPlainString();
            }
            case Types.BOOLEAN -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? "NULL" : v ? "TRUE" : "FALSE";
            }
            case Types.BIT -> { // a BIT column as bits; Connector/J also reports TINYINT(1) as BIT: its number
                if ("BIT".equalsIgnoreCase(md.getColumnTypeName(i))) {
                    byte[] bytes = rs.getBytes(i);
                    return bytes == null ? "NULL" : "X'" + HexFormat.of().formatHex(bytes) + "'";
                }
                long v = rs.getLong(i);
                return rs.wasNull() ? "NULL" : Long.toString(v);
            }
            case Types.TIME -> { // a duration with its sign and hours past a day: Connector/J's getString loses them
                String v = ServerValues.timeText(rs.getBytes(i));
                return v == null ? "NULL" : "'" + v + "'";
            }
            default -> {
                String v = rs.getString(i);
                return v == null ? "NULL" : "'" + v.replace("\\", "\\\\").replace("'", "''") + "'";
            }
        }
    }
}
