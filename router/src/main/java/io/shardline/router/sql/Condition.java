package io.shardline.router.sql;

import java.util.List;

/**
 * {@code column = value} (one value) or {@code column IN (values)} from an AND-chain of a WHERE or an ON.
 * {@code onlyTable} is the table reference index it may constrain ({@code -1}: any), set for outer-join ON clauses,
 * which filter only the joined (nullable) side.
 */
public record Condition(ColumnRef column, List<ValueRef> values, int onlyTable) {
    public Condition {
        values = List.copyOf(values);
    }
}
