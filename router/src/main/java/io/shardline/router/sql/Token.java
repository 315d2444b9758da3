package io.shardline.router.sql;

/** A token of the SQL text: its kind and its {@code [start, end)} character span. */
public record Token(TokenKind kind, int start, int end) {
    public String text(String sql) {
        return sql.substring(start, end);
    }

    public boolean isIdentifier() {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }

    public boolean isComment() {
        return kind == TokenKind.COMMENT || kind == TokenKind.HASH_COMMENT || kind == TokenKind.HINT_COMMENT
                || kind == TokenKind.EXECUTABLE_COMMENT;
    }

    /** A character string literal: {@code '..'}, {@code N'..'} or {@code ".."}. */
    public boolean isString() {
        return kind == TokenKind.STRING || kind == TokenKind.NATIONAL_STRING || kind == TokenKind.DOUBLE_QUOTED;
    }

    /** Whether this is the SYMBOL {@code symbol}. */
    boolean is(String sql, String symbol) {
        return kind == TokenKind.SYMBOL && end - start == symbol.length() && sql.startsWith(symbol, start);
    }
}
