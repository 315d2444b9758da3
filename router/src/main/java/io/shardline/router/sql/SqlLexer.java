package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lexer that splits SQL where the MySQL/MariaDB server splits it, in the default sql_mode (backslash escapes on,
 * {@code "} quotes strings, no IGNORE_SPACE), following the server's {@code sql_lex.cc}: whitespace is only space,
 * tab, LF, VT, FF and CR; {@code --} starts a comment only before whitespace, a control character or the end; line
 * comments end at LF or NUL; block comments end at the first {@code *}{@code /}; any character from 0x80 up is an
 * identifier character; numbers, {@code 0x}/{@code 0b} literals and identifiers that start with digits are told apart
 * as the server does; after {@code name.} the next token is an identifier even if it starts with digits; operators
 * are grouped as the server groups them ({@code <=>}, {@code ||}, {@code :=}, ...). Characters the server rejects
 * (controls, NUL) become one-character {@link TokenKind#SYMBOL}s for {@link LexicalRules} to refuse. Only an
 * unterminated literal or comment, or a malformed {@code X''}/{@code b''} literal, throws here.
 * Stateless apart from one run; {@link #tokenize} is thread-safe.
 */
final class SqlLexer {
    private final String sql;
    private final int n;
    private int pos;
    /** Set by a word directly followed by {@code .} and an identifier character: the next token is that dot. */
    private boolean dotAhead;
    /** Set after {@code name.}: the server reads the next token as an identifier, even if it starts with digits. */
    private boolean identifierNext;

    private SqlLexer(String sql) {
        this.sql = sql;
        this.n = sql.length();
    }

    static List<Token> tokenize(String sql) throws ShardlineException {
        return new SqlLexer(sql).run();
    }

    /** MySQL's whitespace (utf8mb4 ctype): space, tab, LF, VT, FF, CR. Not Java's {@code isWhitespace}. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** MySQL's control characters: 0x00-0x1F and 0x7F. Not Java's {@code isISOControl} (which adds 0x80-0x9F). */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    /** A character of an unquoted identifier: ASCII letter, digit, {@code _}, {@code $}, or anything from 0x80 up. */
    static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
                || c >= 0x80;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private List<Token> run() throws ShardlineException {
        List<Token> tokens = new ArrayList<>();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (isSpace(c)) {
                pos++;
                continue;
            }
            int start = pos;
            boolean dotted = dotAhead;
            dotAhead = false;
            TokenKind kind;
            if (identifierNext) {
                identifierNext = false;
                kind = word();
            } else if (dotted) {
                pos++;
                identifierNext = true;
                kind = TokenKind.DOT;
            } else {
                kind = next(c);
            }
            tokens.add(new Token(kind, start, pos));
        }
        return tokens;
    }

    /** Reads the token starting at {@code pos} (character {@code c}) and returns its kind. */
    private TokenKind next(char c) throws ShardlineException {
        switch (c) {
            case '\'' -> {
                quoted('\'', "string literal");
                return TokenKind.STRING;
            }
            case '"' -> {
                quoted('"', "string literal");
                return TokenKind.DOUBLE_QUOTED;
            }
            case '`' -> {
                quoted('`', "back-quoted identifier");
                return TokenKind.QUOTED_IDENTIFIER;
            }
            case '/' -> {
                return peek(1) == '*' ? blockComment() : symbol(1);
            }
            case '-' -> {
                if (peek(1) == '-' && (pos + 2 >= n || isSpace(peek(2)) || isControl(peek(2)))) {
                    toLineEnd();
                    return TokenKind.COMMENT;
                }
                return peek(1) == '>' ? symbol(peek(2) == '>' ? 3 : 2) : symbol(1); // MySQL 8's -> and ->>
            }
            case '#' -> {
                toLineEnd();
                return TokenKind.HASH_COMMENT;
            }
            case '?' -> {
                pos++;
                return TokenKind.PARAMETER;
            }
            case ';' -> {
                pos++;
                return TokenKind.SEMICOLON;
            }
            case '.' -> {
                if (isDigit(peek(1))) {
                    return real(pos + 1);
                }
                pos++;
                return TokenKind.DOT;
            }
            case '@' -> {
                return variable();
            }
            case '<' -> {
                return symbol(sql.startsWith("<=>", pos) ? 3 : twoCharOperator() ? 2 : 1);
            }
            case '>', '=', '!', '&', '|', ':' -> {
                return symbol(twoCharOperator() ? 2 : 1);
            }
            default -> {
                if (isDigit(c)) {
                    return numberOrIdentifier();
                }
                if ((c == 'N' || c == 'n') && peek(1) == '\'') {
                    pos++;
                    quoted('\'', "string literal");
                    return TokenKind.NATIONAL_STRING;
                }
                if ((c == 'X' || c == 'x') && peek(1) == '\'') {
                    return quotedDigits(16);
                }
                if ((c == 'B' || c == 'b') && peek(1) == '\'') {
                    return quotedDigits(2);
                }
                if (isIdentifierChar(c)) {
                    return word();
                }
                return symbol(1);
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < n ? sql.charAt(i) : '\0';
    }

    private TokenKind symbol(int length) {
        pos += length;
        return TokenKind.SYMBOL;
    }

    /** The two-character operators the server knows: {@code <= <> << >= >> != && || :=}. */
    private boolean twoCharOperator() {
        if (pos + 1 >= n) {
            return false;
        }
        char a = sql.charAt(pos);
        char b = sql.charAt(pos + 1);
        return switch (a) {
            case '<' -> b == '=' || b == '>' || b == '<';
            case '>' -> b == '=' || b == '>';
            case '!' -> b == '=';
            case '&' -> b == '&';
            case '|' -> b == '|';
            case ':' -> b == '=';
            default -> false;
        };
    }

    /** A quoted string or identifier: backslash escapes in strings, a doubled quote stands for itself. */
    private void quoted(char quote, String what) throws ShardlineException {
        int start = pos;
        pos++;
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

    /** {@code X'..'} or {@code b'..'}: the server accepts only the digits of the base, and for hex an even count. */
    private TokenKind quotedDigits(int base) throws ShardlineException {
        int start = pos;
        pos += 2;
        while (pos < n && (base == 16 ? isHexDigit(sql.charAt(pos)) : sql.charAt(pos) == '0' || sql.charAt(pos) == '1')) {
            pos++;
        }
        if (pos >= n || sql.charAt(pos) != '\'' || (base == 16 && (pos - start - 2) % 2 != 0)) {
            throw ShardlineException.notAllowed("malformed " + (base == 16 ? "hexadecimal" : "bit-value")
                    + " literal at offset " + start + ": the server refuses it");
        }
        pos++;
        return base == 16 ? TokenKind.HEX_LITERAL : TokenKind.BIT_LITERAL;
    }

    private TokenKind blockComment() throws ShardlineException {
        int start = pos;
        int close = sql.indexOf("*/", pos + 2);
        if (close < 0) {
            throw ShardlineException.notAllowed("unterminated /* comment at offset " + start);
        }
        pos = close + 2;
        char third = start + 2 < close ? sql.charAt(start + 2) : '\0';
        if (third == '!' || ((third == 'M' || third == 'm') && start + 3 < close && sql.charAt(start + 3) == '!')) {
            return TokenKind.EXECUTABLE_COMMENT;
        }
        return third == '+' ? TokenKind.HINT_COMMENT : TokenKind.COMMENT;
    }

    /** A {@code --} or {@code #} comment: the server ends it at LF, or at a NUL byte. */
    private void toLineEnd() {
        while (pos < n && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\0') {
            pos++;
        }
    }

    private TokenKind word() {
        while (pos < n && isIdentifierChar(sql.charAt(pos))) {
            pos++;
        }
        dotAhead = pos + 1 < n && sql.charAt(pos) == '.' && isIdentifierChar(sql.charAt(pos + 1));
        return TokenKind.WORD;
    }

    /**
     * The server's MY_LEX_NUMBER_IDENT: {@code 0x..} and {@code 0b..} literals (lower-case prefix only), integers,
     * decimals, {@code 1e3}, and identifiers that start with digits ({@code 1a}, {@code 0X1F}, {@code 1e}).
     */
    private TokenKind numberOrIdentifier() {
        int start = pos;
        if (sql.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'b')) {
            boolean hex = peek(1) == 'x';
            int j = pos + 2;
            while (j < n && (hex ? isHexDigit(sql.charAt(j)) : sql.charAt(j) == '0' || sql.charAt(j) == '1')) {
                j++;
            }
            if (j - start >= 3 && (j >= n || !isIdentifierChar(sql.charAt(j)))) {
                pos = j;
                return hex ? TokenKind.HEX_LITERAL : TokenKind.BIT_LITERAL;
            }
            return word();
        }
        int j = pos;
        while (j < n && isDigit(sql.charAt(j))) {
            j++;
        }
        char c = j < n ? sql.charAt(j) : '\0';
        if (!isIdentifierChar(c)) {
            if (c == '.' && !(j + 1 < n && sql.charAt(j + 1) == '.')) {
                return real(j + 1);
            }
            pos = j;
            return TokenKind.NUMBER;
        }
        if ((c == 'e' || c == 'E') && exponentAt(j)) {
            pos = exponentEnd(j);
            return TokenKind.NUMBER;
        }
        return word();
    }

    /** After the point of a decimal: digits, then an optional exponent (the server refuses {@code 1.5e} and {@code 1.5e+}). */
    private TokenKind real(int afterPoint) {
        int j = afterPoint;
        while (j < n && isDigit(sql.charAt(j))) {
            j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
            if (exponentAt(j)) {
                pos = exponentEnd(j);
                return TokenKind.NUMBER;
            }
            pos = j + 1; // a syntax error for the server; the parser refuses what follows
            return TokenKind.SYMBOL;
        }
        pos = j;
        return TokenKind.NUMBER;
    }

    /** Whether an exponent starts at {@code e}: a digit, or a sign and a digit, follows. */
    private boolean exponentAt(int e) {
        char a = e + 1 < n ? sql.charAt(e + 1) : '\0';
        char b = e + 2 < n ? sql.charAt(e + 2) : '\0';
        return isDigit(a) || ((a == '+' || a == '-') && isDigit(b));
    }

    private int exponentEnd(int e) {
        int j = e + 1;
        if (sql.charAt(j) == '+' || sql.charAt(j) == '-') {
            j++;
        }
        while (j < n && isDigit(sql.charAt(j))) {
            j++;
        }
        return j;
    }

    /**
     * {@code @@name} (a system variable; {@code @@session.x} continues with a dot and a word) or {@code @name}
     * (a user variable, whose unquoted name may hold dots: {@code @a.b} is one variable to the server). A quoted name
     * ({@code @'x'}, {@code @`x`}) leaves {@code @} alone, as the server does.
     */
    private TokenKind variable() {
        int start = pos;
        if (peek(1) == '@') {
            pos += 2;
            while (pos < n && isIdentifierChar(sql.charAt(pos))) {
                pos++;
            }
            dotAhead = pos > start + 2 && pos + 1 < n && sql.charAt(pos) == '.'
                    && isIdentifierChar(sql.charAt(pos + 1));
            return TokenKind.VARIABLE;
        }
        pos++;
        while (pos < n) {
            char c = sql.charAt(pos);
            if ((c < 0x80 && isIdentifierChar(c)) || c == '.') {
                pos++;
            } else {
                break;
            }
        }
        return pos > start + 1 ? TokenKind.VARIABLE : TokenKind.SYMBOL;
    }
}
