package io.shardline.router.merge;

/**
 * How one column of grouped rows combines the shards' partial rows: a group key, any value of the group, or an
 * aggregate rebuilt from partial results. {@code inputs} are the columns it reads (AVG: the SUM it divides, its own
 * column or a selected SUM of the same column, and the hidden COUNT; the DISTINCT forms: the hidden argument columns). Column numbers as in {@link SortKey}.
 */
public record ColumnMerge(int column, Kind kind, int[] inputs, String label) {
    public enum Kind {
        /** A group key. */
        KEY,
        /** Any value of the group (a column MySQL lets a query select without grouping by it). */
        ANY,
        /** COUNT: the sum of the shards' counts. */
        COUNT,
        SUM,
        MIN,
        MAX,
        /** AVG, sent as SUM and COUNT: their sums divided as the server divides. */
        AVG,
        /** COUNT(DISTINCT ...): the distinct argument tuples of every shard, counted once. */
        COUNT_DISTINCT,
        SUM_DISTINCT,
        AVG_DISTINCT
    }

    @Override
    public String toString() {
        String c = Columns.name(column);
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < inputs.length; i++) {
            in.append(i == 0 ? "(" : ", ").append(Columns.name(inputs[i])).append(i == inputs.length - 1 ? ")" : "");
        }
        return c + "=" + kind + in;
    }
}
