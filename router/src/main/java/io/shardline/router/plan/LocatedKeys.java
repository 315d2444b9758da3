package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.sql.ValueRef;
import java.util.List;

/**
 * The shard ordinals of the IN lists one planning of one execution has located, by list (identity) and table: the
 * fast path, the shard sets and the IN lists cut per shard each located an IN of three keys' items again (eight
 * locations where three answer). Bound values do not change within a planning, so one location serves all three.
 * Used by one thread, for one planning.
 */
final class LocatedKeys {
    /** The first list located, in fields: most statements have one IN list, and its arrays would be three objects. */
    private List<?> firstList;
    private LogicalTable firstTable;
    private int[] firstOrdinals;
    /** The lists located after the first (null until a second). */
    private List<?>[] lists;
    private LogicalTable[] tables;
    private int[][] ordinals;
    private int size;

    /**
     * The ordinal of each of {@code values} in {@code t}'s shard space ({@link KeySets#ordinal}), located on the first
     * call; callers only read the array.
     */
    int[] of(LogicalTable t, List<ValueRef> values, ParamSource params) throws ShardlineException {
        if (firstList == values && firstTable == t) {
            return firstOrdinals;
        }
        for (int i = 0; i < size; i++) {
            if (lists[i] == values && tables[i] == t) {
                return ordinals[i];
            }
        }
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = KeySets.ordinal(t, values.get(i), params);
        }
        if (firstList == null) {
            firstList = values;
            firstTable = t;
            firstOrdinals = out;
            return out;
        }
        if (lists == null) {
            lists = new List<?>[2];
            tables = new LogicalTable[2];
            ordinals = new int[2][];
        } else if (size == lists.length) {
            lists = java.util.Arrays.copyOf(lists, size * 2);
            tables = java.util.Arrays.copyOf(tables, size * 2);
            ordinals = java.util.Arrays.copyOf(ordinals, size * 2);
        }
        lists[size] = values;
        tables[size] = t;
        ordinals[size++] = out;
        return out;
    }
}
