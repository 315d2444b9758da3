package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A MySQL lexer: strings with backslash escapes and doubled quotes, back-quoted identifiers, the three comment
 * styles, {@code ?} placeholders. Whitespace is skipped. It finds what the parser's tree does not carry
 * (placeholder order, comments, qualifier positions) and is the basis of token-splicing rewrites.
 */
final class SqlLexer {
    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) throws ShardlineException {
        return new SqlLexer(sql).run();
    }

    private List<Token> run() throws ShardlineException {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
                continue;
            }
            TokenKind kind;
            if (c == '\'' || c == '"') {
                quoted(c, "string literal");
                kind = c == '\'' ? TokenKind.STRING : TokenKind.DOUBLE_QUOTED;
            } else if (c == '`') {
                quoted('`', "back-quoted identifier");
                kind = TokenKind.QUOTED_IDENTIFIER;
            } else if (c == '/' && peek(1) == '*') {
                kind = peek(2) == '+' ? TokenKind.HINT_COMMENT
                        : peek(2) == '!' ? TokenKind.EXECUTABLE_COMMENT : TokenKind.COMMENT;
                int close = sql.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw ShardlineException.notAllowed("unterminated /* comment at offset " + start);
                }
                pos = close + 2;
            } else if (c == '-' && peek(1) == '-' && (pos + 2 >= n || Character.isWhitespace(peek(2)) || Character.isISOControl(peek(2)))) {
                toEndOfLine();
                kind = TokenKind.COMMENT;
            } else if (c == '#') {
                toEndOfLine();
                kind = TokenKind.HASH_COMMENT;
            } else if (c == '?') {
                pos++;
                kind = TokenKind.PARAMETER;
            } else if (c == '.' && !Character.isDigit(peek(1))) {
                pos++;
                kind = TokenKind.DOT;
            } else if (c == ';') {
                pos++;
                kind = TokenKind.SEMICOLON;
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                number();
                kind = wordFollows() ? TokenKind.WORD : TokenKind.NUMBER;
                if (kind == TokenKind.WORD) {
                    word();
                }
            } else if (isWordChar(c)) {
                word();
                kind = TokenKind.WORD;
            } else {
                pos++;
                kind = TokenKind.SYMBOL;
            }
            tokens.add(new Token(kind, start, pos));
        }
        return tokens;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void quoted(char quote, String what) throws ShardlineException {
        int start = pos;
        pos++;
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (c == '\\' && quote != '`') {
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                pos++;
            }
        }
        throw ShardlineException.notAllowed("unterminated " + what + " starting at offset " + start);
    }

    private void toEndOfLine() {
        int nl = sql.indexOf('\n', pos);
        pos = nl < 0 ? sql.length() : nl;
    }

    private void number() {
        int n = sql.length();
        if (sql.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'b' || peek(1) == 'B')) {
            pos += 2;
        }
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '.') {
                pos++;
            } else if ((c == '+' || c == '-') && (sql.charAt(pos - 1) == 'e' || sql.charAt(pos - 1) == 'E')) {
                pos++;
            } else {
                break;
            }
        }
    }

    /** MySQL identifiers may start with digits ({@code 1col}); after a number, letters or {@code _} make it a word. */
    private boolean wordFollows() {
        return pos < sql.length() && (sql.charAt(pos) == '_' || sql.charAt(pos) == '$');
    }

    private void word() {
        int n = sql.length();
        while (pos < n && isWordChar(sql.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
