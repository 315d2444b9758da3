package io.shardline.router.sql;

import io.shardline.router.route.Shard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A statement's text cut into fixed pieces and holes. Rewriting is splicing into the original text: what the user
 * wrote stays as written (formatting, comments, literals), and a table name is never replaced inside another word.
 * Holes are filled per shard: table names ({@code `database`.`table`}), IN lists cut to one shard's values, the rows
 * of an INSERT that go to one shard, generated ids. Each fixed piece knows the {@code ?} placeholders it carries, so a
 * rendering also says which logical parameter each physical placeholder takes. Immutable and thread-safe.
 */
public final class SqlTemplate {
    /** One part of the template. */
    sealed interface Piece {
    }

    /** Fixed text and the logical parameters (1-based) of the placeholders in it, in order. */
    record Text(String text, int[] params) implements Piece {
    }

    /** The physical name of table reference {@code ref}. */
    record Table(int ref) implements Piece {
    }

    /** IN list number {@code list}: {@code (item, item)} with only the items the shard keeps. */
    record InList(int list, String[] items, int[] params) implements Piece {
    }

    /** The rows of an INSERT: each row's template, rendered for the rows the shard takes. */
    record Rows(SqlTemplate[] rows, String separator) implements Piece {
    }

    /** The generated id of the current row, or {@code fallback} when the row keeps its own value. */
    record Id(SqlTemplate fallback) implements Piece {
    }

    /** A template inside a template: several pieces standing for one edit. */
    record Nested(SqlTemplate template) implements Piece {
    }

    /** Text decided per execution (a LIMIT computed from bound values). */
    record Slot(int slot) implements Piece {
    }

    /** Everything a rendering needs beyond the text: the shards of the tables and the per-shard selections. */
    public interface Fill {
        Shard shard(int ref);

        /** Whether IN list {@code list} keeps item {@code item}. */
        default boolean keep(int list, int item) {
            return true;
        }

        /** The INSERT rows this rendering takes, in order. */
        default int[] rows() {
            return null;
        }

        /** The id literal for INSERT row {@code row}, or null to keep the row's own value. */
        default String id(int row) {
            return null;
        }

        /** The text of slot {@code slot}. */
        default String slot(int slot) {
            return "";
        }
    }

    /** A rendered statement: the SQL and, per physical placeholder, the logical parameter it binds (1-based). */
    public record Rendered(String sql, int[] params) {
        /** Whether the placeholders are the logical ones, in order (no parameter was dropped, repeated or moved). */
        public boolean identity(int parameterCount) {
            if (params.length != parameterCount) {
                return false;
            }
            for (int i = 0; i < params.length; i++) {
                if (params[i] != i + 1) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Piece[] pieces;
    private final int length;

    private SqlTemplate(List<Piece> pieces) {
        this.pieces = pieces.toArray(Piece[]::new);
        int n = 0;
        for (Piece p : pieces) {
            n += p instanceof Text t ? t.text.length() : 24;
        }
        this.length = n;
    }

    /** The physical SQL with every table hole filled from {@code shards}: the single-shard path. */
    public String render(Shard[] shards) {
        if (pieces.length == 1 && pieces[0] instanceof Text t) {
            return t.text;
        }
        StringBuilder out = new StringBuilder(length);
        for (Piece p : pieces) {
            if (p instanceof Text t) {
                out.append(t.text);
            } else {
                appendTable(out, shards[((Table) p).ref]);
            }
        }
        return out.toString();
    }

    /** Renders every hole from {@code fill}. */
    public Rendered render(Fill fill) {
        StringBuilder out = new StringBuilder(length);
        IntList params = new IntList();
        render(fill, out, params, 0);
        return new Rendered(out.toString(), params.toArray());
    }

    private void render(Fill fill, StringBuilder out, IntList params, int row) {
        for (Piece p : pieces) {
            if (p instanceof Text t) {
                out.append(t.text);
                params.addAll(t.params);
            } else if (p instanceof Table t) {
                appendTable(out, fill.shard(t.ref));
            } else if (p instanceof InList l) {
                renderList(l, fill, out, params);
            } else if (p instanceof Rows r) {
                int[] rows = fill.rows();
                if (rows == null) {
                    rows = new int[r.rows.length];
                    Arrays.setAll(rows, i -> i);
                }
                for (int i = 0; i < rows.length; i++) {
                    out.append(i == 0 ? "" : r.separator);
                    r.rows[rows[i]].render(fill, out, params, rows[i]);
                }
            } else if (p instanceof Slot slot) {
                out.append(fill.slot(slot.slot));
            } else if (p instanceof Nested n) {
                n.template.render(fill, out, params, row);
            } else {
                Id id = (Id) p;
                String value = fill.id(row);
                if (value != null) {
                    out.append(value);
                } else {
                    id.fallback.render(fill, out, params, row);
                }
            }
        }
    }

    private static void renderList(InList l, Fill fill, StringBuilder out, IntList params) {
        boolean any = false;
        for (int i = 0; i < l.items.length && !any; i++) {
            any = fill.keep(l.list, i);
        }
        out.append('(');
        boolean first = true;
        for (int i = 0; i < l.items.length; i++) {
            if (!any || fill.keep(l.list, i)) { // no item kept: the whole list, never an empty one
                out.append(first ? "" : ", ").append(l.items[i]);
                if (l.params[i] > 0) {
                    params.add(l.params[i]);
                }
                first = false;
            }
        }
        out.append(')');
    }

    private static void appendTable(StringBuilder out, Shard s) {
        out.append(MySqlText.quoteIdentifier(s.database())).append('.').append(MySqlText.quoteIdentifier(s.table()));
    }

    /** A growable int array: no boxing on the rendering path. */
    private static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    // ---- building -----------------------------------------------------------------------------------------

    /**
     * Builds the plain template of {@code parsed} for {@code dialect}: the whole text with {@code tableHoles} (text
     * span start to {@code {end, table reference}}) filled per shard.
     */
    public static SqlTemplate build(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> tableHoles) {
        Builder b = new Builder(parsed, dialect, tableHoles);
        b.copy(0, parsed.sql().length());
        return b.build();
    }

    public static Builder builder(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> tableHoles) {
        return new Builder(parsed, dialect, tableHoles);
    }

    /**
     * Assembles a template from spans of the original text and new text. Spans are copied with their table names,
     * hint comment, dialect spellings and registered replacements applied, so any part of the statement can be
     * rearranged (a select list rebuilt, rows split) without losing a table name inside it. Single use.
     */
    public static final class Builder {
        private final String sql;
        private final TreeMap<Integer, Edit> edits = new TreeMap<>();
        private final int[] paramStarts;
        private final List<Piece> pieces = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final List<Integer> textParams = new ArrayList<>();
        private final Map<Integer, int[]> tableHoles;
        private final ParsedSql parsed;
        private final Dialect dialect;

        /** A change at a span of the original text: a table hole, a replacement text, or a piece. */
        private record Edit(int end, int table, String replacement, Piece piece) {
        }

        private Builder(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> tableHoles) {
            this.parsed = parsed;
            this.dialect = dialect;
            this.tableHoles = tableHoles;
            this.sql = parsed.sql();
            tableHoles.forEach((start, endAndRef) -> edits.put(start, new Edit(endAndRef[0], endAndRef[1], null, null)));
            int[] hint = parsed.hintCommentSpan();
            if (hint != null) {
                // a comment separates tokens: removing it must not join the text on its two sides into one token
                boolean gap = hint[0] > 0 && !SqlLexer.isSpace(sql.charAt(hint[0] - 1)) && hint[1] < sql.length()
                        && !SqlLexer.isSpace(sql.charAt(hint[1]));
                edits.put(hint[0], new Edit(hint[1], -1, gap ? " " : "", null));
            }
            List<Integer> params = new ArrayList<>();
            for (Token t : parsed.tokens()) {
                if (t.kind() == TokenKind.PARAMETER) {
                    params.add(t.start());
                }
            }
            this.paramStarts = params.stream().mapToInt(Integer::intValue).toArray();
            if (dialect == Dialect.H2) {
                for (Token t : parsed.tokens()) {
                    String tokenText = t.text(sql);
                    switch (t.kind()) {
                        case HASH_COMMENT -> edits.put(t.start(), new Edit(t.end(), -1, "", null));
                        case STRING, NATIONAL_STRING -> {
                            if (tokenText.indexOf('\\') >= 0) {
                                int body = t.kind() == TokenKind.STRING ? 1 : 2;
                                edits.put(t.start(), new Edit(t.end(), -1, MySqlText.standardLiteral(
                                        MySqlText.unescape(tokenText.substring(body, tokenText.length() - 1), '\'')), null));
                            }
                        }
                        case DOUBLE_QUOTED -> edits.put(t.start(), new Edit(t.end(), -1, MySqlText.standardLiteral(
                                MySqlText.unescape(tokenText.substring(1, tokenText.length() - 1), '"')), null));
                        default -> { }
                    }
                }
                int[] describe = parsed.describeKeywordSpan();
                if (describe != null) {
                    edits.put(describe[0], new Edit(describe[1], -1, "SHOW COLUMNS FROM", null));
                }
            }
        }

        /**
         * A builder over the same text and edits, for a part (one INSERT row) rendered on its own. It shares the
         * placeholder positions instead of lexing them again: an INSERT of 10,000 rows asks for 10,000 children.
         */
        private Builder child() {
            return new Builder(this);
        }

        private Builder(Builder parent) {
            this.parsed = parent.parsed;
            this.dialect = parent.dialect;
            this.tableHoles = parent.tableHoles;
            this.sql = parent.sql;
            this.paramStarts = parent.paramStarts;
            this.edits.putAll(parent.edits);
        }

        /** Replaces the IN list at {@code span} with a list cut per shard. */
        public Builder inList(int list, Condition.Span span) {
            String[] items = new String[span.itemStarts().length];
            int[] params = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                items[i] = sql.substring(span.itemStarts()[i], span.itemEnds()[i]);
                int p = paramIndexAt(span.itemStarts()[i]);
                params[i] = p;
                if (dialect == Dialect.H2 && p == 0) {
                    items[i] = h2Literal(span.itemStarts()[i], span.itemEnds()[i], items[i]);
                }
            }
            edits.put(span.start(), new Edit(span.end(), -1, null, new InList(list, items, params)));
            return this;
        }

        private String h2Literal(int start, int end, String text) {
            Edit e = edits.get(start);
            return e != null && e.end == end && e.replacement != null ? e.replacement : text;
        }

        /** Replaces {@code [start, end)} with {@code replacement} wherever a copy covers it. */
        public Builder replace(int start, int end, String replacement) {
            edits.put(start, new Edit(end, -1, replacement, null));
            return this;
        }

        /**
         * Replaces the INSERT rows spanning {@code [start, end)} with per-shard rows: each row's {@code [start, end)}
         * copied, its value {@code idValue} (or none when -1) becoming an id hole, or an id added first when
         * {@code addId}.
         */
        public Builder rows(int start, int end, List<InsertRows.RowText> rows, int idValue, boolean addId) {
            SqlTemplate[] templates = new SqlTemplate[rows.size()];
            for (int r = 0; r < templates.length; r++) {
                InsertRows.RowText row = rows.get(r);
                Builder b = child();
                if (addId) {
                    int inner = row.valueStarts()[0];
                    b.copy(row.start(), inner);
                    b.piece(new Id(null));
                    b.text(", ");
                    b.copy(inner, row.end());
                } else if (idValue >= 0) {
                    Builder fallback = child();
                    fallback.copy(row.valueStarts()[idValue], row.valueEnds()[idValue]);
                    b.edits.put(row.valueStarts()[idValue], new Edit(row.valueEnds()[idValue], -1, null,
                            new Id(fallback.build())));
                    b.copy(row.start(), row.end());
                } else {
                    b.copy(row.start(), row.end());
                }
                templates[r] = b.build();
            }
            String separator = rows.size() < 2 ? ", " : sql.substring(rows.get(0).end(), rows.get(1).start());
            edits.put(start, new Edit(end, -1, null, new Rows(templates, separator)));
            return this;
        }

        /** Appends text decided per execution. */
        public Builder slot(int slot) {
            piece(new Slot(slot));
            return this;
        }

        /**
         * Makes {@code [start, end)} the generated id of the statement's one row ({@code INSERT ... SET}), keeping the
         * text there when no id is generated; {@code start == end} inserts the id there, after {@code prefix}.
         */
        public Builder id(int start, int end, String prefix) {
            SqlTemplate fallback = null;
            if (end > start) {
                Builder f = child();
                f.copy(start, end);
                fallback = f.build();
            }
            Builder p = child();
            p.text(prefix);
            p.piece(new Id(fallback));
            edits.put(start, new Edit(end, -1, null, new Nested(p.build())));
            return this;
        }

        /** Appends new text. */
        public Builder text(String s) {
            text.append(s);
            return this;
        }

        private void piece(Piece p) {
            flush();
            pieces.add(p);
        }

        /** Appends {@code [from, to)} of the original text with every edit inside it applied. */
        public Builder copy(int from, int to) {
            int pos = from;
            for (var e : edits.subMap(from, true, to, true).entrySet()) {
                int start = e.getKey();
                Edit edit = e.getValue();
                if (start == to && edit.end > start) {
                    break; // starts where this copy ends: belongs to the next one (only insertions apply here)
                }
                if (start < pos) {
                    continue; // nested in an edit already applied
                }
                original(pos, start);
                if (edit.table >= 0) {
                    piece(new Table(edit.table));
                } else if (edit.piece != null) {
                    piece(edit.piece);
                } else {
                    text.append(edit.replacement);
                }
                pos = edit.end;
            }
            if (pos < to) {
                original(pos, to);
            }
            return this;
        }

        private void original(int from, int to) {
            text.append(sql, from, to);
            for (int p = 0; p < paramStarts.length; p++) {
                if (paramStarts[p] >= from && paramStarts[p] < to) {
                    textParams.add(p + 1);
                }
            }
        }

        private int paramIndexAt(int offset) {
            int at = Arrays.binarySearch(paramStarts, offset);
            return at >= 0 ? at + 1 : 0;
        }

        private void flush() {
            if (text.length() > 0 || !textParams.isEmpty()) {
                pieces.add(new Text(text.toString(), textParams.stream().mapToInt(Integer::intValue).toArray()));
                text.setLength(0);
                textParams.clear();
            }
        }

        public SqlTemplate build() {
            flush();
            if (pieces.isEmpty()) {
                pieces.add(new Text("", new int[0]));
            }
            return new SqlTemplate(pieces);
        }
    }
}
