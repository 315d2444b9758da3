package io.shardline.driver;

import io.shardline.router.ShardlineException;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of an UPDATE or DELETE (comments left out) with their parenthesis depth, and the top-level cuts
 * {@link JoinedWrite} makes in its text: clause keywords, list commas, spans as written. Refuses (100403) the clause
 * a write by key cannot keep: RETURNING.
 */
final class WriteClauses {
    final String sql;
    final List<Token> tokens;
    final int[] depth;

    WriteClauses(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        this.depth = new int[tokens.size()];
        int d = 0;
        for (int k = 0; k < tokens.size(); k++) {
            if (symbol(k, ")")) {
                d--;
            }
            depth[k] = d;
            if (symbol(k, "(")) {
                d++;
            }
        }
    }

    boolean word(int k, String word) {
        return k < tokens.size() && tokens.get(k).kind() == TokenKind.WORD
                && tokens.get(k).text(sql).equalsIgnoreCase(word);
    }

    boolean symbol(int k, String symbol) {
        Token t = tokens.get(k);
        return t.kind() == TokenKind.SYMBOL && t.text(sql).equals(symbol);
    }

    boolean topLevelComma(int k) {
        return depth[k] == 0 && symbol(k, ",");
    }

    /** The first top-level {@code word} from token {@code from}, or -1. */
    int find(int from, String word) {
        for (int k = from; k < tokens.size(); k++) {
            if (depth[k] == 0 && word(k, word)) {
                return k;
            }
        }
        return -1;
    }

    /** The token after the modifiers LOW_PRIORITY, QUICK and IGNORE that follow token {@code k - 1}. */
    int skipModifiers(int k) {
        while (word(k, "LOW_PRIORITY") || word(k, "QUICK") || word(k, "IGNORE")) {
            k++;
        }
        return k;
    }

    /** Whether IGNORE is among the modifiers of tokens {@code [from, to)}: each write by key then keeps it. */
    boolean ignore(int from, int to) {
        for (int k = from; k < to; k++) {
            if (word(k, "IGNORE")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where the WHERE clause ends: at a top-level ORDER BY or LIMIT (kept for {@link #tail}), or at the statement's
     * end; RETURNING is refused (its rows would be the write's, which is split in two steps).
     */
    int endOfWhere(int from) throws ShardlineException {
        for (int k = from; k < tokens.size(); k++) {
            if (depth[k] == 0 && word(k, "RETURNING")) {
                throw JoinedWrite.refuse("RETURNING is not evaluated in two steps");
            }
            if (depth[k] == 0 && (word(k, "ORDER") || word(k, "LIMIT")) || symbol(k, ";")) {
                return k;
            }
        }
        return tokens.size();
    }

    /** The statement's last token (exclusive): before a closing {@code ;}. */
    int end() {
        for (int k = 0; k < tokens.size(); k++) {
            if (symbol(k, ";")) {
                return k;
            }
        }
        return tokens.size();
    }

    /** The text from token {@code from} to before token {@code to}. */
    String text(int from, int to) {
        if (from >= to) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    }

    String whereText(int where, int end) {
        return where < 0 ? "" : " WHERE " + text(where + 1, end);
    }

    /** Whether tokens {@code [from, to)} hold the identifier {@code column}, with any qualifier: conservative. */
    boolean mentions(int from, int to, String column) {
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (t.isIdentifier() && MySqlText.unquoteIdentifier(t.text(sql)).equalsIgnoreCase(column)) {
                return true;
            }
        }
        return false;
    }

    /** The 1-based statement indexes of the {@code ?} placeholders among tokens {@code [from, to)}, in order. */
    int[] parameterIndexes(int from, int to) {
        int before = parameters(0, from);
        int[] out = new int[parameters(from, to)];
        for (int i = 0; i < out.length; i++) {
            out[i] = before + i + 1;
        }
        return out;
    }

    int parameters(int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            n += tokens.get(k).kind() == TokenKind.PARAMETER ? 1 : 0;
        }
        return n;
    }

    /** A comma-separated list of names between two tokens, each as written. */
    List<String> list(int from, int to) {
        List<String> out = new ArrayList<>();
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || topLevelComma(k)) {
                out.add(text(start, k).replace(" ", ""));
                start = k + 1;
            }
        }
        return out;
    }
}
