package io.shardline.router.sql;

import java.util.List;

/**
 * The copy of the SQL that JSqlParser reads: the same length as the original, so every position it reports is a
 * position in the user's text, but with the lexical decisions already taken by {@link SqlLexer} (the server's
 * reading), so that JSqlParser never takes one itself: every comment is blanked (JSqlParser ends {@code --} comments at
 * CR, reads {@code --1} and {@code //} as comments, keeps {@code /*M!} unread); VT and FF become spaces (whitespace to
 * the server, errors to JSqlParser); a double-quoted string becomes a single-quoted one (a string to the server, an
 * identifier to JSqlParser); a doubled quote inside a literal becomes {@code \'} (JSqlParser cannot read {@code '\\'''});
 * operators spelled as words become ones JSqlParser reads ({@code MOD} is {@code %}: {@link OperatorWords}).
 * Literal values are never taken from this copy: {@link StatementExtractor} reads them from the original tokens.
 */
final class ParserInput {
    private ParserInput() {
    }

    static String of(String sql, List<Token> tokens) {
        char[] out = null;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            switch (t.kind()) {
                case COMMENT, HASH_COMMENT, HINT_COMMENT, EXECUTABLE_COMMENT -> {
                    out = copy(out, sql);
                    for (int i = t.start(); i < t.end(); i++) {
                        out[i] = ' ';
                    }
                }
                case STRING, NATIONAL_STRING -> out = doubledQuotes(out, sql, t);
                case DOUBLE_QUOTED -> out = singleQuoted(copy(out, sql), sql, t);
                case WORD -> {
                    String respelled = OperatorWords.respelling(sql, tokens, k);
                    if (respelled != null) {
                        out = copy(out, sql);
                        respelled.getChars(0, respelled.length(), out, t.start());
                    }
                }
                default -> { }
            }
        }
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if ((c == '\u000B' || c == '\f') && !inside(tokens, i)) {
                out = copy(out, sql);
                out[i] = ' ';
            }
        }
        return out == null ? sql : new String(out);
    }

    private static char[] copy(char[] out, String sql) {
        return out != null ? out : sql.toCharArray();
    }

    /** {@code '\\'''}: with backslash escapes on, {@code \'} means what {@code ''} means. */
    private static char[] doubledQuotes(char[] out, String sql, Token t) {
        int body = t.kind() == TokenKind.NATIONAL_STRING ? t.start() + 2 : t.start() + 1;
        for (int i = body; i < t.end() - 1; i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'') { // inside a literal a quote is always the first of a doubled pair
                out = copy(out, sql);
                out[i] = '\\';
                i++;
            }
        }
        return out;
    }

    /**
     * {@code "it's ""x"""} becomes {@code 'it"s \"x\"'}: a string literal of the same extent. Its value differs
     * (JSqlParser's value is never used), its extent and kind are the server's.
     */
    private static char[] singleQuoted(char[] out, String sql, Token t) {
        out[t.start()] = '\'';
        out[t.end() - 1] = '\'';
        for (int i = t.start() + 1; i < t.end() - 1; i++) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') { // the first of a doubled pair
                out[i] = '\\';
                i++;
            } else if (c == '\'') {
                out[i] = '"';
            }
        }
        return out;
    }

    /** Whether offset {@code i} lies inside a token (a literal or identifier keeps its VT and FF). */
    private static boolean inside(List<Token> tokens, int i) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Token t = tokens.get(mid);
            if (t.end() <= i) {
                lo = mid + 1;
            } else if (t.start() > i) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
