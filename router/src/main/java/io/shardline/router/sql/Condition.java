package io.shardline.router.sql;

import java.util.List;

/**
 * {@code column = value} (one value) or {@code column IN (values)} from an AND-chain of a WHERE or an ON.
 * {@code onlyTable} is the table reference index it may constrain ({@code -1}: any), set for outer-join ON clauses,
 * which filter only the joined (nullable) side. {@code list} locates an IN list in the text (null for {@code =}), so a
 * multi-shard plan can send each shard only its own values.
 */
public record Condition(ColumnRef column, List<ValueRef> values, int onlyTable, Span list) {
    public Condition {
        values = List.copyOf(values);
    }

    /** Where an IN list and its items are: {@code [start, end)} spans the parentheses, items one span each. */
    public record Span(int start, int end, int[] itemStarts, int[] itemEnds) {
    }
}
