package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;
import java.util.Locale;

/**
 * The rows a plain {@code INSERT .. VALUES (..), (..)} writes when it succeeds: one per row, since a plain INSERT
 * either writes every row or fails. Connector/J's {@code rewriteBatchedStatements} answers {@code SUCCESS_NO_INFO}
 * for the items of a batch it rewrote into multi-row INSERTs; for a plain INSERT the count is known all the same.
 * INSERT IGNORE, ON DUPLICATE KEY UPDATE, REPLACE and INSERT .. SELECT write a number of rows only the server knows
 * (and a rewritten batch reports it for no single item), so they answer -1 here: unknown.
 */
public final class InsertCount {
    private InsertCount() {
    }

    /** The number of rows of a plain INSERT .. VALUES, or -1 when the statement is anything else. */
    public static int plainInsertRows(String sql) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (ShardlineException e) {
            return -1;
        }
        int depth = 0;
        boolean first = true;
        boolean inValues = false;
        int rows = 0;
        for (Token t : tokens) {
            if (t.isComment()) {
                if (t.kind() == TokenKind.EXECUTABLE_COMMENT || t.kind() == TokenKind.HINT_COMMENT) {
                    return -1; // may hide IGNORE or the like
                }
                continue;
            }
            if (first) {
                if (!(t.kind() == TokenKind.WORD && t.text(sql).equalsIgnoreCase("INSERT"))) {
                    return -1;
                }
                first = false;
                continue;
            }
            if (t.kind() == TokenKind.SYMBOL && t.is(sql, "(")) {
                if (depth == 0 && inValues) {
                    rows++;
                }
                depth++;
            } else if (t.kind() == TokenKind.SYMBOL && t.is(sql, ")")) {
                depth--;
            } else if (depth == 0 && t.kind() == TokenKind.WORD) {
                String word = t.text(sql).toUpperCase(Locale.ROOT);
                switch (word) {
                    case "IGNORE", "DUPLICATE", "SELECT", "SET", "TABLE", "WITH", "RETURNING" -> {
                        return -1;
                    }
                    case "VALUES", "VALUE" -> inValues = true;
                    default -> {
                        if (inValues) {
                            return -1; // something after the rows this count does not understand
                        }
                    }
                }
            } else if (depth == 0 && inValues && t.kind() == TokenKind.SEMICOLON) {
                return -1;
            }
        }
        return inValues && depth == 0 ? rows : -1;
    }
}
