package io.shardline.router.sql;

/** MySQL literal and identifier text: unescaping what the user wrote, quoting what Shardline writes. */
public final class MySqlText {
    private MySqlText() {
    }

    /** The value of a quoted string's body (between the quotes), undoing backslash escapes and doubled quotes. */
    public static String unescape(String body, char quote) {
        if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                switch (e) {
                    case '0' -> out.append('\0');
                    case 'b' -> out.append('\b');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'Z' -> out.append('\u001a');
                    case '%', '_' -> out.append('\\').append(e);
                    default -> out.append(e);
                }
            } else if (c == quote && i + 1 < body.length() && body.charAt(i + 1) == quote) {
                out.append(quote);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The name inside an identifier as written: back quotes (or double quotes) removed, doubled quotes undone. */
    public static String unquoteIdentifier(String text) {
        if (text.length() >= 2) {
            char q = text.charAt(0);
            if ((q == '`' || q == '"') && text.charAt(text.length() - 1) == q) {
                String body = text.substring(1, text.length() - 1);
                return body.replace(String.valueOf(q) + q, String.valueOf(q));
            }
        }
        return text;
    }

    /** The identifier in back quotes, safe for any name. */
    public static String quoteIdentifier(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    /**
     * A standard SQL literal of the value: single quotes doubled, no backslash escapes. Safe for MySQL too,
     * except that a backslash would be read as an escape there; used only for engines without backslash escapes.
     */
    public static String standardLiteral(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /**
     * A MySQL string literal for any value: quotes, backslashes, NUL, control-Z and line breaks escaped, so no
     * value can end the literal early. Correct under both the default mode and NO_BACKSLASH_ESCAPES off.
     */
    public static String mysqlLiteral(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\0' -> out.append("\\0");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\u001a' -> out.append("\\Z");
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
