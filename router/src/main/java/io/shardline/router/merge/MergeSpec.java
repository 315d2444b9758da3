package io.shardline.router.merge;

import java.util.List;

/**
 * How the rows of several shards combine into what one database would return, in the order operators apply:
 * each shard sends its rows in {@code order} (k-way merged; concatenated when empty), {@code grouping} combines
 * partial groups, {@code having} filters them, {@code distinct} removes duplicate rows, {@code sort} reorders in
 * memory, {@code offset}/{@code count} cut the result ({@code count} -1: no limit), and the last
 * {@code hiddenColumns} (sort keys, aggregate helpers Shardline added) are dropped. Pure data; immutable.
 */
public record MergeSpec(int hiddenColumns, List<SortKey> order, Grouping grouping, MergeExpr having, boolean distinct,
                        List<SortKey> sort, long offset, long count, Collation collation, boolean h2Arithmetic) {

    public MergeSpec {
        order = List.copyOf(order);
        sort = List.copyOf(sort);
    }

    /**
     * Combining partial groups: {@code keys} identify a group (all visible columns when {@code allVisibleKeys}), each
     * column combines as {@code columns} says (unlisted columns: any value). {@code streaming} when the shards send
     * their rows ordered by the keys, so one group at a time is held.
     */
    public record Grouping(int[] keys, boolean allVisibleKeys, List<ColumnMerge> columns, boolean streaming) {
        public Grouping {
            columns = List.copyOf(columns);
        }
    }

    /**
     * Per physical column, the column whose type the caller's metadata reports for it, or null when each reports its
     * own: an AVG that divides a selected SUM of the same column is sent as a constant (its label only), and reports
     * that SUM's type, as it did when the shards sent the same SUM in its place.
     */
    public int[] typedAs(int width) {
        int[] typedAs = null;
        if (grouping != null) {
            for (ColumnMerge m : grouping.columns()) {
                int column = Columns.index(m.column(), width, hiddenColumns);
                int sum = m.kind() == ColumnMerge.Kind.AVG ? Columns.index(m.inputs()[0], width, hiddenColumns) : column;
                if (sum != column) {
                    if (typedAs == null) {
                        typedAs = new int[width];
                        for (int i = 0; i < width; i++) {
                            typedAs[i] = i;
                        }
                    }
                    typedAs[column] = sum;
                }
            }
        }
        return typedAs;
    }

    /** The operator tree, one operator per line, innermost (the shards) last, indented by {@code indent}. */
    public String describe(String indent, String units) {
        StringBuilder out = new StringBuilder();
        String pad = indent;
        if (hiddenColumns > 0) {
            out.append(pad).append("Project(drop ").append(hiddenColumns).append(" hidden column")
                    .append(hiddenColumns == 1 ? "" : "s").append(")\n");
            pad += "  ";
        }
        if (count >= 0 || offset > 0) {
            out.append(pad).append("Limit(offset=").append(offset).append(", count=")
                    .append(count < 0 ? "all" : Long.toString(count)).append(")\n");
            pad += "  ";
        }
        if (!sort.isEmpty()) {
            out.append(pad).append("MemorySort").append(sort).append('\n');
            pad += "  ";
        }
        if (distinct) {
            out.append(pad).append("Distinct(memory)\n");
            pad += "  ";
        }
        if (having != null) {
            out.append(pad).append("Filter(").append(having).append(")\n");
            pad += "  ";
        }
        if (grouping != null) {
            out.append(pad).append(grouping.streaming() ? "StreamGroup" : "MemoryGroup").append("(keys=")
                    .append(grouping.allVisibleKeys() ? "all columns" : keyList(grouping.keys())).append(", ")
                    .append(grouping.columns()).append(")\n");
            pad += "  ";
        }
        out.append(pad).append(order.isEmpty() ? "Concat" : "MergeSort" + order).append(collationNote()).append('\n');
        out.append(units.indent(pad.length() + 2));
        return out.toString();
    }

    private String collationNote() {
        return order.isEmpty() ? "" : "(" + collation + ")";
    }

    private static String keyList(int[] keys) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < keys.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Columns.name(keys[i]));
        }
        return b.append(']').toString();
    }
}
