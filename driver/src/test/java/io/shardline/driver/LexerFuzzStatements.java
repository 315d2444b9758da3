package io.shardline.driver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the statements of {@link LexerFuzzTest} from a seed: the same statements on every run. Each is built from
 * tokens with "noise" between them (every kind of whitespace and comment the server knows, now and then one it reads
 * otherwise than a parser might: a CR inside a {@code --} comment, a control character after {@code --}, an
 * executable comment, a Unicode space, {@code --1}), key values written in odd but meaningful forms
 * ({@code '12 '}, {@code 1.2e1}, {@code N'12'}, {@code 0x0C}, {@code 12.5}, {@code '12abc'}, ...), and operator mixes
 * whose precedence differs between readers ({@code ||}, XOR, {@code !}, comments hiding an {@code OR}).
 * Not thread-safe.
 */
final class LexerFuzzStatements {
    /** What a statement does and what the test checks afterwards. */
    enum Kind { INSERT_USER, INSERT_MSG, INSERT_ACCOUNT, INSERT_ORDERS, SELECT_ORDERS, SELECT_USER, UPDATE_ORDERS, DELETE_ORDERS }

    /**
     * One statement: its SQL, the values bound to its {@code ?} (empty for a plain Statement), and the marker it writes
     * (the {@code name}, {@code content} or {@code note} of inserted rows, the {@code item} an UPDATE sets).
     */
    record Statement(int index, Kind kind, String sql, List<Object> params, String marker) {
        @Override
        public String toString() {
            return "#" + index + " " + kind + " " + visible(sql) + (params.isEmpty() ? "" : " params " + params);
        }
    }

    /** Whitespace and comments between tokens: the server reads each as a separator. */
    private static final String[] NOISE = {"  ", "\t", "\n", "\r\n", "\u000B", "\f", "/* x */", "/**/", "/* ? ' \" ` */",
            "-- c ?\n", "--\t'\n", "# c '\n", "-- c\r OR 1=1\n", "--\u0001 OR 1=1\n", "#\r OR 1=1\n", "/*+ no_hint */",
            "/* OR 1=1 */", "-- */\n", "/*M x */", "--\u000B\n"};
    /** Text the server reads otherwise than a naive reader: each must be refused, never routed on another reading. */
    private static final String[] HOSTILE = {"/*M! OR 1=1 */", "/*!50000 OR 1=1 */", "/*M!100000 + 1 */", "\u00A0", "\u3000",
            "\u0001", "--1\n", "--\u0085\n", "\u0000", "/*! */"};

    private final Random random;
    private int index;
    private long nextUid = 1_000;
    private long nextMsg = 10_000;
    private long nextOrder = 10_000;

    LexerFuzzStatements(long seed) {
        this.random = new Random(seed);
    }

    Statement next() {
        index++;
        int roll = random.nextInt(100);
        Kind kind = roll < 18 ? Kind.INSERT_USER : roll < 26 ? Kind.INSERT_MSG : roll < 34 ? Kind.INSERT_ACCOUNT
                : roll < 42 ? Kind.INSERT_ORDERS : roll < 66 ? Kind.SELECT_ORDERS : roll < 80 ? Kind.SELECT_USER
                : roll < 94 ? Kind.UPDATE_ORDERS : Kind.DELETE_ORDERS;
        String marker = "m" + index;
        List<Object> params = new ArrayList<>();
        List<String> t = new ArrayList<>();
        switch (kind) {
            case INSERT_USER -> {
                add(t, "INSERT", "INTO", pick("user", "`user`"), "(", pick("uid", "`uid`"), ",", "name", ")", "VALUES");
                int rows = 1 + random.nextInt(3);
                for (int r = 0; r < rows; r++) {
                    if (r > 0) {
                        t.add(",");
                    }
                    t.add("(");
                    t.add(key(nextUid++, params));
                    add(t, ",", string(marker), ")");
                }
            }
            case INSERT_MSG -> {
                long id = nextMsg;
                nextMsg += 49_999; // crosses slots, odd/even sides and secondary tables
                if (nextMsg >= 600_000) {
                    nextMsg = nextMsg - 600_000 + 1;
                }
                add(t, "INSERT", "INTO", "msg", "(", "id", ",", "content", ")", "VALUES", "(");
                t.add(key(id, params));
                add(t, ",", string(marker), ")");
            }
            case INSERT_ACCOUNT -> {
                add(t, "INSERT", "INTO", "account", "(", "name", ",", "note", ")", "VALUES", "(");
                t.add(stringKey(marker, params));
                add(t, ",", string(marker), ")");
            }
            case INSERT_ORDERS -> {
                add(t, "INSERT", "INTO", "orders", "(", "id", ",", "uid", ",", "item", ")", "VALUES", "(",
                        Long.toString(nextOrder++), ",");
                t.add(key(random.nextInt(30), params));
                add(t, ",", string(marker), ")");
            }
            case SELECT_ORDERS -> {
                add(t, "SELECT", "id", ",", "uid", ",", "item", "FROM", pick("orders", "`orders`"), "WHERE");
                condition(t, params);
            }
            case SELECT_USER -> {
                add(t, "SELECT", "uid", ",", "name", "FROM", "user", "WHERE", pick("uid", "user.uid", "`uid`"), "=");
                t.add(key(random.nextInt(60), params));
            }
            case UPDATE_ORDERS -> {
                add(t, "UPDATE", "orders", "SET", "item", "=", string(marker), "WHERE");
                condition(t, params);
            }
            case DELETE_ORDERS -> {
                add(t, "DELETE", "FROM", "orders", "WHERE");
                condition(t, params);
            }
        }
        return new Statement(index, kind, join(t), params, marker);
    }

    // ---- conditions on orders (hash 2 by uid, full-table scans on: a wrong narrowing shows as missing rows) ----

    private void condition(List<String> t, List<Object> params) {
        long k = random.nextInt(30);
        long k2 = random.nextInt(30);
        switch (random.nextInt(22)) {
            case 0 -> add(t, "uid", "=", key(k, params));
            case 1 -> add(t, key(k, params), "=", "uid");
            case 2 -> add(t, "uid", "IN", "(", key(k, params), ",", key(k2, params), ")");
            case 3 -> add(t, "uid", "=", key(k, params), "OR", "uid", "=", key(k2, params));
            case 4 -> add(t, "uid", "=", key(k, params), "AND", "item", "=", "'pen'", "||", "item", "=", "'ink'");
            case 5 -> add(t, "uid", "=", key(k, params), "AND", "item", "=", "'pen'", "XOR", "item", "=", "'ink'");
            case 6 -> add(t, "item", "=", "'pen'", "XOR", "item", "=", "'ink'", "AND", "uid", "=", key(k, params));
            case 7 -> add(t, "!", "uid", "=", Long.toString(k % 2));
            case 8 -> add(t, "NOT", "uid", "=", key(k, params));
            case 9 -> add(t, "uid", "=", key(k, params), "&&", "item", "IS", "NOT", "NULL");
            case 10 -> add(t, "uid", "=", key(k, params), "AND", "(", "item", "=", "'pen'", "OR", "item", "=", "'ink'", ")");
            case 11 -> add(t, "uid", "=", key(k, params), "AND", "item", "<>", "'zz'", "OR", "uid", "=", key(k2, params));
            case 12 -> add(t, "uid", "=", key(k, params), "-- c\r OR uid = " + k2 + "\n");
            case 13 -> add(t, "uid", "=", key(k, params), "# c\r OR uid = " + k2 + "\n");
            case 14 -> add(t, "uid", "=", key(k, params), "/* OR uid = " + k2 + " */");
            case 15 -> add(t, "uid", "=", key(k, params), "AND", "item", "=", "'x\\' OR uid = " + k2 + "'");
            case 16 -> add(t, "uid", "=", key(k, params), "AND", "item", "=", "'x\\\\'", "OR", "uid", "=", key(k2, params));
            case 17 -> add(t, "uid", "=", key(k, params), "AND", "item", "=", "\"it's\"", "OR", "uid", "=", key(k2, params));
            case 18 -> add(t, "(", "uid", ")", "=", "(", key(k, params), ")");
            case 19 -> add(t, "uid", "<=>", key(k, params));
            case 20 -> add(t, "uid", "BETWEEN", Long.toString(k), "AND", Long.toString(k + 3), "AND", "uid", "=",
                    key(k + 1, params));
            default -> add(t, "uid", "=", key(k, params), "--" + pick("\u0001", "\t", " ") + " OR 1=1\n");
        }
    }

    // ---- values --------------------------------------------------------------------------------------------------

    /** The integer {@code k} in one of many forms, or a {@code ?} bound to it in one of many Java forms. */
    private String key(long k, List<Object> params) {
        if (random.nextInt(4) == 0) {
            params.add(switch (random.nextInt(8)) {
                case 0 -> k;
                case 1 -> (int) k;
                case 2 -> Long.toString(k);
                case 3 -> " " + k + " ";
                case 4 -> new BigDecimal(k + ".0");
                case 5 -> (double) k;
                case 6 -> k + "abc";
                default -> new BigDecimal(k + ".5");
            });
            return "?";
        }
        String hex = Long.toHexString(k);
        return switch (random.nextInt(34)) {
            case 0 -> "+" + k;
            case 1 -> "00" + k;
            case 2 -> k + ".0";
            case 3 -> "'" + k + "'";
            case 4 -> "\"" + k + "\"";
            case 5 -> "N'" + k + "'";
            case 6 -> "' " + k + " '";
            case 7 -> "'" + k + "\t'";
            case 8 -> "'\u000B" + k + "'";
            case 9 -> "'+" + k + ".0'";
            case 10 -> k + "e0";
            case 11 -> k + "0e-1";
            case 12 -> "'" + k + "e0'";
            case 13 -> "(" + k + ")";
            case 14 -> k + ".5";
            case 15 -> "'" + k + "abc'";
            case 16 -> "0x" + hex;
            case 17 -> "X'" + (hex.length() % 2 == 0 ? hex : "0" + hex) + "'";
            case 18 -> "b'" + Long.toBinaryString(k) + "'";
            case 19 -> "_utf8mb4'" + k + "'";
            case 20 -> k + " --1\n";
            case 21 -> k + "/*M! +1 */";
            case 22 -> "'" + k + "' ''";
            case 23 -> k + " || 0";
            case 24 -> k + " + 0";
            case 25 -> k + " -- c\r+1\n";
            case 26 -> k + " --\u0001+1\n";
            case 27 -> k + " # c\r+1\n";
            case 28 -> "-" + k;
            case 29 -> "'" + k + "\u0000'";
            case 30 -> "0X" + hex;
            case 31 -> "'\u00A0" + k + "'";
            default -> Long.toString(k);
        };
    }

    /** A string hint value {@code value} in one of many forms, or a {@code ?}. */
    private String stringKey(String value, List<Object> params) {
        if (random.nextInt(5) == 0) {
            params.add(random.nextBoolean() ? value : (Object) 7L);
            return "?";
        }
        return switch (random.nextInt(9)) {
            case 0 -> "\"" + value + "\"";
            case 1 -> "N'" + value + "'";
            case 2 -> "'" + value.charAt(0) + "\\" + value.substring(1) + "'"; // \1 is 1: the same value
            case 3 -> "_utf8mb4'" + value + "'";
            case 4 -> "X'" + hex(value) + "'";
            case 5 -> "'" + value.substring(0, 1) + "' '" + value.substring(1) + "'";
            case 6 -> Integer.toString(value.length());
            default -> string(value);
        };
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("%02x", (int) c));
        }
        return b.toString();
    }

    private String string(String value) {
        return switch (random.nextInt(6)) {
            case 0 -> "\"" + value + "\"";
            case 1 -> "N'" + value + "'";
            default -> "'" + value + "'";
        };
    }

    // ---- assembly ----------------------------------------------------------------------------------------------

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static void add(List<String> tokens, String... more) {
        tokens.addAll(List.of(more));
    }

    /** The tokens with a separator between each two: mostly a space, often other noise, now and then hostile text. */
    private String join(List<String> tokens) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                int roll = random.nextInt(100);
                sql.append(roll < 60 ? " " : roll < 99 ? NOISE[random.nextInt(NOISE.length)]
                        : HOSTILE[random.nextInt(HOSTILE.length)]);
            }
            sql.append(tokens.get(i));
        }
        if (random.nextInt(10) == 0) {
            sql.append(pick(" -- end", " #", "--", ";", " /* end */", "\n"));
        }
        return sql.toString();
    }

    /** The SQL with control characters and line breaks made visible, for failure reports. */
    static String visible(String sql) {
        StringBuilder b = new StringBuilder();
        for (char c : sql.toCharArray()) {
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x20 || c == 0x7F || c == 0x85 || c == 0xA0 || c == 0x3000) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
