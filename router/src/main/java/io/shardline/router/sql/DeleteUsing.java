package io.shardline.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * MySQL's multi-table {@code DELETE FROM t1, t2 USING <table references> ..}, which MySQL documents as the same
 * statement as {@code DELETE t1, t2 FROM <table references> ..}, written in the second form, which the parser reads
 * (it takes the first form for PostgreSQL's, whose target is a table of its own, and refuses a join after USING).
 * Rewritten only when unambiguous: {@code FROM} right after {@code DELETE} and its modifiers, then only a list of
 * names ({@code t}, {@code db.t}, {@code t.*}, which names {@code t}) up to the first {@code USING}. Everything else
 * keeps its text byte for byte, so placeholders, comments and spans stay in order.
 */
final class DeleteUsing {
    private DeleteUsing() {
    }

    /** The statement in the {@code DELETE t FROM ..} form, or null when it is not a {@code DELETE FROM .. USING}. */
    static String rewrite(String sql, List<Token> all) {
        List<Token> tokens = new ArrayList<>();
        for (Token t : all) {
            if (!t.isComment()) {
                tokens.add(t);
            }
        }
        int k = 0;
        if (!word(sql, tokens, k++, "DELETE")) {
            return null;
        }
        while (word(sql, tokens, k, "LOW_PRIORITY") || word(sql, tokens, k, "QUICK") || word(sql, tokens, k, "IGNORE")) {
            k++;
        }
        if (!word(sql, tokens, k, "FROM")) {
            return null;
        }
        int from = k++;
        StringBuilder targets = new StringBuilder();
        while (true) { // name [. name] [. *] (, ...)*; t.* names t, as in MySQL's target lists
            if (k >= tokens.size() || !tokens.get(k).isIdentifier() || word(sql, tokens, k, "USING")) {
                return null;
            }
            int start = tokens.get(k).start();
            int end = tokens.get(k++).end();
            for (int part = 0; part < 2 && symbol(sql, tokens, k, "."); part++) {
                boolean star = symbol(sql, tokens, k + 1, "*");
                if (k + 1 >= tokens.size() || !(tokens.get(k + 1).isIdentifier() || star)) {
                    return null;
                }
                end = star ? end : tokens.get(k + 1).end();
                k += 2;
                if (star) {
                    break;
                }
            }
            targets.append(targets.length() == 0 ? "" : ", ").append(sql, start, end);
            if (symbol(sql, tokens, k, ",")) {
                k++;
                continue;
            }
            break;
        }
        if (!word(sql, tokens, k, "USING")) {
            return null;
        }
        Token using = tokens.get(k);
        return sql.substring(0, tokens.get(from).start()) + targets + " FROM" + sql.substring(using.end());
    }

    private static boolean word(String sql, List<Token> tokens, int k, String word) {
        return k < tokens.size() && tokens.get(k).kind() == TokenKind.WORD && tokens.get(k).text(sql).equalsIgnoreCase(word);
    }

    private static boolean symbol(String sql, List<Token> tokens, int k, String symbol) {
        if (k >= tokens.size()) {
            return false;
        }
        Token t = tokens.get(k);
        return (t.kind() == TokenKind.SYMBOL || t.kind() == TokenKind.DOT) && t.text(sql).equals(symbol);
    }
}
