package io.shardline.router.sql;

import io.shardline.router.route.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A statement's text cut into fixed pieces and holes, each hole a table name to fill with a shard's
 * {@code `database`.`table`}. Rewriting is splicing tokens into the original text: what the user wrote stays
 * as written (formatting, comments, literals), and a table name is never replaced inside another word.
 * Immutable and thread-safe.
 */
public final class SqlTemplate {
    private final String[] pieces;
    /** {@code holes[i]} follows {@code pieces[i]}: the index of the shard that fills it. */
    private final int[] holes;
    private final int length;

    private SqlTemplate(String[] pieces, int[] holes) {
        this.pieces = pieces;
        this.holes = holes;
        int n = 0;
        for (String p : pieces) {
            n += p.length();
        }
        this.length = n;
    }

    /**
     * Builds the template of {@code parsed} for {@code dialect}. {@code tableHoles} maps a text span start to
     * {@code {end, shard index}}: every table reference and every qualifier that names a logical table.
     */
    public static SqlTemplate build(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> tableHoles) {
        String sql = parsed.sql();
        TreeMap<Integer, Edit> edits = new TreeMap<>();
        tableHoles.forEach((start, endAndShard) -> edits.put(start, new Edit(endAndShard[0], null, endAndShard[1])));
        int[] hint = parsed.hintCommentSpan();
        if (hint != null) {
            edits.put(hint[0], new Edit(hint[1], "", -1));
        }
        if (dialect == Dialect.H2) {
            for (Token t : parsed.tokens()) {
                String text = t.text(sql);
                switch (t.kind()) {
                    case HASH_COMMENT -> edits.put(t.start(), new Edit(t.end(), "", -1));
                    case STRING -> {
                        if (text.indexOf('\\') >= 0) {
                            edits.put(t.start(), new Edit(t.end(), MySqlText.standardLiteral(
                                    MySqlText.unescape(text.substring(1, text.length() - 1), '\'')), -1));
                        }
                    }
                    case DOUBLE_QUOTED -> edits.put(t.start(), new Edit(t.end(), MySqlText.standardLiteral(
                            MySqlText.unescape(text.substring(1, text.length() - 1), '"')), -1));
                    default -> { }
                }
            }
            int[] describe = parsed.describeKeywordSpan();
            if (describe != null) {
                edits.put(describe[0], new Edit(describe[1], "SHOW COLUMNS FROM", -1));
            }
        }
        List<String> pieces = new ArrayList<>();
        List<Integer> holes = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int pos = 0;
        for (var e : edits.entrySet()) {
            int start = e.getKey();
            Edit edit = e.getValue();
            if (start < pos) {
                continue; // nested in an edit already applied
            }
            current.append(sql, pos, start);
            if (edit.shard >= 0) {
                pieces.add(current.toString());
                holes.add(edit.shard);
                current.setLength(0);
            } else {
                current.append(edit.replacement);
            }
            pos = edit.end;
        }
        current.append(sql, pos, sql.length());
        pieces.add(current.toString());
        return new SqlTemplate(pieces.toArray(String[]::new), holes.stream().mapToInt(Integer::intValue).toArray());
    }

    private record Edit(int end, String replacement, int shard) {
    }

    /** The physical SQL with every hole filled from {@code shards}. */
    public String render(Shard[] shards) {
        if (holes.length == 0) {
            return pieces[0];
        }
        StringBuilder out = new StringBuilder(length + holes.length * 24);
        for (int i = 0; i < holes.length; i++) {
            out.append(pieces[i]);
            Shard s = shards[holes[i]];
            out.append(MySqlText.quoteIdentifier(s.database())).append('.').append(MySqlText.quoteIdentifier(s.table()));
        }
        return out.append(pieces[holes.length]).toString();
    }

    public int holeCount() {
        return holes.length;
    }
}
