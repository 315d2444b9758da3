package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;
import java.util.Locale;

/** Places in the text of a single-table UPDATE. */
public final class UpdateText {
    private UpdateText() {
    }

    /**
     * The offset just after the last assignment of {@code sql}'s SET list (before its WHERE, ORDER BY or LIMIT, or its
     * end), where one more assignment can be appended; -1 when {@code sql} has no SET at its top level.
     */
    public static int setListEnd(String sql) throws ShardlineException {
        List<Token> tokens = SqlLexer.tokenize(sql);
        int depth = 0;
        boolean inSet = false;
        int end = -1;
        for (Token t : tokens) {
            if (t.isComment()) {
                continue;
            }
            if (t.kind() == TokenKind.SEMICOLON && depth == 0) {
                break;
            }
            if (depth == 0 && t.kind() == TokenKind.WORD) {
                String word = t.text(sql).toUpperCase(Locale.ROOT);
                if (!inSet && word.equals("SET")) {
                    inSet = true;
                    continue;
                }
                if (inSet && (word.equals("WHERE") || word.equals("ORDER") || word.equals("LIMIT"))) {
                    return end;
                }
            }
            if (t.is(sql, "(")) {
                depth++;
            } else if (t.is(sql, ")")) {
                depth--;
            }
            if (inSet) {
                end = t.end();
            }
        }
        return inSet ? end : -1;
    }
}
