package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import java.util.Locale;

/**
 * Reads Shardline's comment hint: {@code /*+ shardline(hint=200013, table=msg, master=true) *}{@code /}.
 * {@code hint} is an integer, a quoted string for a string hint, a parenthesised list of them for several shards
 * ({@code hint=(1, 2, 3)}), or {@code *} for every shard; {@code master} alone means {@code master=true}; keys may
 * appear in any order, separated by commas or spaces. The comment must hold only the {@code shardline(...)} call.
 */
final class HintComment {
    private final String text;
    private int pos;

    private HintComment(String text) {
        this.text = text;
    }

    /** The hint of a {@code /*+ ... *}{@code /} comment, or null when the comment is not Shardline's. */
    static Hint parse(String comment) throws ShardlineException {
        String body = comment.substring(3, comment.length() - 2).trim();
        if (!body.regionMatches(true, 0, "shardline", 0, 9)) {
            if (body.toLowerCase(Locale.ROOT).contains("shardline(")) {
                throw ShardlineException.invalid("put the shardline(...) hint in a comment of its own: " + comment);
            }
            return null;
        }
        return new HintComment(body).read(comment);
    }

    private Hint read(String comment) throws ShardlineException {
        pos = 9;
        skipSpaces();
        expect('(', comment);
        HintValue value = null;
        String table = null;
        boolean master = false;
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                break;
            }
            String key = word().toLowerCase(Locale.ROOT);
            skipSpaces();
            if (key.equals("master") && peek() != '=') { // a bare flag: shardline(master)
                master = true;
            } else {
                expect('=', comment);
                skipSpaces();
                switch (key) {
                    case "hint" -> value = hintValue(comment);
                    case "table" -> table = peek() == '`' ? quoted('`', comment) : word();
                    case "master" -> master = bool(word(), comment);
                    default -> throw ShardlineException.invalid("unknown key '" + key
                            + "' in shardline hint (keys: hint, table, master): " + comment);
                }
            }
            skipSpaces();
            if (peek() == ',') {
                pos++;
            }
        }
        skipSpaces();
        if (pos != text.length()) {
            throw ShardlineException.invalid("unexpected text after shardline(...) in hint comment: " + comment);
        }
        if (table != null && table.isEmpty()) {
            throw ShardlineException.invalid("empty table name in shardline hint: " + comment);
        }
        return new Hint(value, table, master);
    }

    private HintValue hintValue(String comment) throws ShardlineException {
        if (peek() == '*') {
            pos++;
            return new HintValue.Every();
        }
        if (peek() == '(') {
            pos++;
            java.util.List<HintValue> values = new java.util.ArrayList<>();
            while (true) {
                skipSpaces();
                values.add(single(comment));
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(')', comment);
                    break;
                }
            }
            return values.size() == 1 ? values.get(0) : new HintValue.Several(values);
        }
        return single(comment);
    }

    private HintValue single(String comment) throws ShardlineException {
        if (peek() == '\'' || peek() == '"') {
            return new HintValue.Str(quoted(peek(), comment));
        }
        String w = word();
        try {
            return new HintValue.Int(Long.parseLong(w));
        } catch (NumberFormatException e) {
            throw ShardlineException.invalid("hint '" + w + "' is neither an integer nor a quoted string: " + comment);
        }
    }

    private String quoted(char quote, String comment) throws ShardlineException {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && quote != '`' && pos < text.length()) {
                out.append(text.charAt(pos++));
            } else if (c == quote) {
                if (peek() == quote) {
                    out.append(quote);
                    pos++;
                } else {
                    return out.toString();
                }
            } else {
                out.append(c);
            }
        }
        throw ShardlineException.invalid("unterminated quote in shardline hint: " + comment);
    }

    private static boolean bool(String w, String comment) throws ShardlineException {
        return switch (w.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ShardlineException.invalid("master must be true or false, not '" + w + "': " + comment);
        };
    }

    private String word() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '$') {
                pos++;
            } else {
                break;
            }
        }
        return text.substring(start, pos);
    }

    private void expect(char c, String comment) throws ShardlineException {
        if (peek() != c) {
            throw ShardlineException.invalid("expected '" + c + "' at offset " + pos + " of shardline hint: " + comment);
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
