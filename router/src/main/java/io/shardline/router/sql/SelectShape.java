package io.shardline.router.sql;

import java.util.List;

/**
 * The outermost SELECT as a multi-shard merge needs it: its items, DISTINCT, GROUP BY, HAVING, ORDER BY and LIMIT, and
 * where each clause sits in the text so the per-shard SQL can be rebuilt around them. {@code refusal} says why the
 * statement cannot be merged exactly across shards (a window function, UNION, SELECT ... INTO, an expression over an
 * aggregate); single-shard statements run as written and never look at it. Offsets are {@code -1} when absent.
 */
public record SelectShape(
        String refusal,
        int selectEnd,
        int[] distinctSpan,
        List<SelectColumn> columns,
        int listStart,
        int listEnd,
        int bodyEnd,
        List<SqlExpr> groupBy,
        RowExpr having,
        List<OrderKey> orderBy,
        ValueRef limitOffset,
        ValueRef limitCount,
        int limitStart,
        int limitEnd,
        int tailStart) {

    public SelectShape {
        columns = columns == null ? List.of() : List.copyOf(columns);
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    static SelectShape refused(String why) {
        return new SelectShape(why, -1, null, null, -1, -1, -1, null, null, null, null, null, -1, -1, -1);
    }

    public boolean distinct() {
        return distinctSpan != null;
    }

    public boolean hasAggregates() {
        for (SelectColumn c : columns) {
            if (c.aggregate() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * One select item: {@code expr} its expression, {@code end} the end of the item (its alias included),
     * {@code alias} as written (null without one), {@code label} the column label MySQL gives it, {@code aggregate}
     * when the item is exactly an aggregate call.
     */
    public record SelectColumn(SqlExpr expr, int end, String alias, String label, boolean star, AggregateCall aggregate) {
    }

    /** One ORDER BY key; {@code nullsFirst} null for the engine's default (NULL is smallest in MySQL). */
    public record OrderKey(SqlExpr expr, boolean descending, Boolean nullsFirst, AggregateCall aggregate) {
    }
}
