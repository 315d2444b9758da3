package io.shardline.router.merge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the operator pipeline a {@link MergeSpec} describes over the units' result sets, in the spec's order:
 * MergeSort or Concat, Group, Filter, Distinct, MemorySort, Limit. The hidden columns stay until the caller's
 * {@link MergedResultSet} hides them.
 */
public final class Merger {
    private Merger() {
    }

    /** The merged rows; closing the stream closes every input. {@code inputs} must hold at least one result set. */
    public static RowStream merge(MergeSpec spec, List<ResultSet> inputs, MemoryBudget budget) throws SQLException {
        return merge(spec, inputs, inputs.get(0).getMetaData().getColumnCount(), budget);
    }

    /** As {@link #merge(MergeSpec, List, MemoryBudget)}, for a caller that has read the units' column count already. */
    public static RowStream merge(MergeSpec spec, List<ResultSet> inputs, int width, MemoryBudget budget)
            throws SQLException {
        return merge(spec, inputs, width, budget.limit());
    }

    /**
     * As {@link #merge(MergeSpec, List, int, MemoryBudget)}, with a budget of {@code maxRows} made only when the merge
     * holds rows (a merge that passes them through needs none: one object less per execution).
     */
    public static RowStream merge(MergeSpec spec, List<ResultSet> inputs, int width, long maxRows)
            throws SQLException {
        if (passesThrough(spec)) {
            RowStream s = new ConcatUnits(inputs, width);
            return spec.count() >= 0 || spec.offset() > 0 ? new Limit(s, spec.offset(), spec.count()) : s;
        }
        MemoryBudget budget = new MemoryBudget(maxRows);
        List<Source> sources = new ArrayList<>(inputs.size());
        for (ResultSet rs : inputs) {
            sources.add(new Source(rs, width));
        }
        RowStream s = spec.order().isEmpty() ? new Concat(sources)
                : new MergeSort(sources, new RowOrder(spec.order(), width, spec.hiddenColumns(), spec.collation()),
                        spec.grouping() != null && spec.grouping().streaming());
        if (spec.grouping() != null) {
            s = new Group(s, spec.grouping(), spec.hiddenColumns(), spec.collation(), spec.h2Arithmetic(), budget);
        }
        if (spec.having() != null) {
            s = new Filter(s, spec.having(), spec.hiddenColumns(), spec.collation());
        }
        if (spec.distinct()) {
            s = distinct(s, width - spec.hiddenColumns(), spec.collation(), budget);
        }
        if (!spec.sort().isEmpty()) {
            s = sort(s, new RowOrder(spec.sort(), width, spec.hiddenColumns(), spec.collation()), budget);
        }
        if (spec.count() >= 0 || spec.offset() > 0) {
            s = new Limit(s, spec.offset(), spec.count());
        }
        return s;
    }

    /** Whether the merge only passes the units' rows through, one unit after another (at most LIMIT/OFFSET). */
    private static boolean passesThrough(MergeSpec spec) {
        return spec.order().isEmpty() && spec.grouping() == null && spec.having() == null && !spec.distinct()
                && spec.sort().isEmpty();
    }

    /** At most {@code count} rows of {@code input} (JDBC's maxRows over a merged result). */
    public static RowStream limit(RowStream input, long count) {
        return new Limit(input, 0, count);
    }

    private static RowStream distinct(RowStream input, int visible, Collation collation, MemoryBudget budget)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        while (input.next()) {
            List<Object> key = new ArrayList<>(visible);
            for (int i = 0; i < visible; i++) {
                key.add(Values.key(input.get(i), collation));
            }
            if (seen.add(key)) {
                budget.take(1, "DISTINCT rows");
                rows.add(Streams.copy(input));
            }
        }
        return new Rows(rows, input.width(), input);
    }

    private static RowStream sort(RowStream input, RowOrder order, MemoryBudget budget) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        while (input.next()) {
            budget.take(1, "rows sorted in memory");
            rows.add(Streams.copy(input));
        }
        rows.sort(order::compare); // stable: equal keys keep their merged order
        return new Rows(rows, input.width(), input);
    }
}
