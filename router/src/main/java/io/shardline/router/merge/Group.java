package io.shardline.router.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the shards' partial groups into whole ones: counts add up, sums add up, MIN/MAX compare, AVG divides the
 * summed SUM by the summed COUNT the way the server divides, DISTINCT aggregates count each distinct argument once.
 * Streaming when the input arrives ordered by the keys (one group held at a time), else in memory (every group held,
 * counted against the budget). Without keys there is exactly one group, even over no rows, as in SQL.
 */
final class Group implements RowStream {
    private final RowStream input;
    private final int width;
    private final int[] keys;
    private final ColumnMerge.Kind[] kinds;
    private final int[][] inputs;
    /** Per AVG column, the selected SUM column whose combined sum it divides, else -1 (it adds its own). */
    private final int[] sharedSum;
    /** Per AVG column, the COUNT column whose combined count it divides by (its hidden COUNT, merged as a COUNT), else -1. */
    private final int[] sharedCount;
    /** The columns a group takes from its first row (keys, any-value and unmerged columns), and the aggregates. */
    private final int[] copied;
    private final int[] aggregated;
    private final boolean streaming;
    /** The input when it is merged in the order of exactly the group keys: its ties say "same group" uncompared. */
    private final MergeSort sortedByKeys;
    private final Collation collation;
    private final boolean h2;
    private final MemoryBudget budget;
    private Object[] current;
    /** Streaming: whether the input is exhausted (else it waits on the first row of the next group). */
    private boolean inputDone;
    private boolean started;
    private Iterator<Acc> memory;

    Group(RowStream input, MergeSpec.Grouping grouping, int hidden, Collation collation, boolean h2,
          MemoryBudget budget) {
        this.input = input;
        this.width = input.width();
        if (grouping.allVisibleKeys()) {
            keys = new int[width - hidden];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = i;
            }
        } else {
            keys = new int[grouping.keys().length];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Columns.index(grouping.keys()[i], width, hidden);
            }
        }
        this.kinds = new ColumnMerge.Kind[width];
        this.inputs = new int[width][];
        for (ColumnMerge m : grouping.columns()) {
            int c = Columns.index(m.column(), width, hidden);
            kinds[c] = m.kind();
            inputs[c] = new int[m.inputs().length];
            for (int k = 0; k < m.inputs().length; k++) {
                inputs[c][k] = Columns.index(m.inputs()[k], width, hidden);
            }
        }
        this.sharedSum = new int[width];
        this.sharedCount = new int[width];
        for (int c = 0; c < width; c++) {
            boolean avg = kinds[c] == ColumnMerge.Kind.AVG;
            int sum = avg ? inputs[c][0] : c;
            sharedSum[c] = sum != c && kinds[sum] == ColumnMerge.Kind.SUM ? sum : -1;
            sharedCount[c] = avg && kinds[inputs[c][1]] == ColumnMerge.Kind.COUNT ? inputs[c][1] : -1;
        }
        int nCopied = 0;
        for (ColumnMerge.Kind kind : kinds) {
            nCopied += kind == null || kind == ColumnMerge.Kind.KEY || kind == ColumnMerge.Kind.ANY ? 1 : 0;
        }
        this.copied = new int[nCopied];
        this.aggregated = new int[width - nCopied];
        for (int c = 0, i = 0, j = 0; c < width; c++) {
            ColumnMerge.Kind kind = kinds[c];
            if (kind == null || kind == ColumnMerge.Kind.KEY || kind == ColumnMerge.Kind.ANY) {
                copied[i++] = c;
            } else {
                aggregated[j++] = c;
            }
        }
        this.streaming = grouping.streaming();
        this.sortedByKeys = input instanceof MergeSort m && m.ordersBy(keys) ? m : null;
        if (sortedByKeys != null && streaming && !hasDistinct(kinds)) {
            sortedByKeys.keysOncePerUnit(); // the shards grouped by exactly these keys (no DISTINCT argument added)
        }
        this.collation = collation;
        this.h2 = h2;
        this.budget = budget;
    }

    private static boolean hasDistinct(ColumnMerge.Kind[] kinds) {
        for (ColumnMerge.Kind k : kinds) {
            if (k == ColumnMerge.Kind.COUNT_DISTINCT || k == ColumnMerge.Kind.SUM_DISTINCT
                    || k == ColumnMerge.Kind.AVG_DISTINCT) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean next() throws SQLException {
        if (streaming) {
            return nextStreaming();
        }
        if (memory == null) {
            memory = readAll().iterator();
        }
        if (!memory.hasNext()) {
            current = null;
            return false;
        }
        current = memory.next().result();
        return true;
    }

    private boolean nextStreaming() throws SQLException {
        if (!started) {
            started = true;
            inputDone = !input.next();
            if (inputDone) {
                if (keys.length == 0) { // one group over no rows: COUNT 0, the rest NULL
                    current = new Acc().result();
                    return true;
                }
                return false;
            }
        }
        if (inputDone) {
            current = null;
            return false;
        }
        Acc group = new Acc();
        group.add(input);
        Object[] groupKey = keyValues(input);
        while (true) {
            if (!input.next()) {
                inputDone = true;
                break;
            }
            if (!(sortedByKeys != null && sortedByKeys.tiedWithPrevious()) && !sameKey(groupKey, input)) {
                break;
            }
            group.add(input);
        }
        current = group.result();
        return true;
    }

    private List<Acc> readAll() throws SQLException {
        Map<List<Object>, Acc> groups = new LinkedHashMap<>();
        while (input.next()) {
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(Values.key(input.get(k), collation));
            }
            Acc acc = groups.get(key);
            if (acc == null) {
                budget.take(1, "groups");
                acc = new Acc();
                groups.put(key, acc);
            }
            acc.add(input);
        }
        if (groups.isEmpty() && keys.length == 0) {
            groups.put(List.of(), new Acc());
        }
        return new ArrayList<>(groups.values());
    }

    private Object[] keyValues(RowStream s) throws SQLException {
        Object[] out = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = s.get(keys[i]);
        }
        return out;
    }

    private boolean sameKey(Object[] key, RowStream s) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            if (Values.compareNullable(key[i], s.get(keys[i]), collation) != 0) {
                return false;
            }
        }
        return true;
    }

    /** One group: the first row's values, and per aggregate column its running state. */
    private final class Acc {
        private Object[] first;
        private final Object[] state = new Object[width];
        private final long[] counts = new long[width];

        void add(RowStream row) throws SQLException {
            if (first == null) {
                first = firstRow(row);
            }
            for (int c : aggregated) {
                ColumnMerge.Kind kind = kinds[c];
                switch (kind) {
                    case COUNT -> counts[c] += row.getCount(c);
                    case SUM -> state[c] = plus(state[c], row.get(c));
                    case MIN, MAX -> {
                        Object v = row.get(c);
                        if (v != null && (state[c] == null || better(v, state[c], kind))) {
                            state[c] = v;
                        }
                    }
                    case AVG -> {
                        if (sharedSum[c] < 0) {
                            state[c] = plus(state[c], row.get(c));
                        }
                        if (sharedCount[c] < 0) { // else that column's COUNT adds the same cells
                            counts[c] += row.getCount(inputs[c][1]);
                        }
                    }
                    default -> distinct(c, row);
                }
            }
        }

        /** The columns an aggregate does not overwrite in {@link #result()}: aggregate cells are read once, by add. */
        private Object[] firstRow(RowStream row) throws SQLException {
            Object[] out = new Object[width];
            for (int c : copied) {
                out[c] = row.get(c);
            }
            return out;
        }

        private boolean better(Object v, Object best, ColumnMerge.Kind kind) {
            int cmp = Values.compare(v, best, collation);
            return kind == ColumnMerge.Kind.MIN ? cmp < 0 : cmp > 0;
        }

        @SuppressWarnings("unchecked")
        private void distinct(int c, RowStream row) throws SQLException {
            Map<Object, Object> seen = (Map<Object, Object>) state[c];
            if (seen == null) {
                seen = new HashMap<>();
                state[c] = seen;
            }
            int[] args = inputs[c];
            Object value = row.get(args[0]);
            Object key;
            if (args.length == 1) {
                if (value == null) {
                    return;
                }
                key = Values.key(value, collation);
            } else {
                List<Object> tuple = new ArrayList<>(args.length);
                for (int a : args) {
                    Object v = row.get(a);
                    if (v == null) {
                        return; // COUNT(DISTINCT a, b) skips tuples with a NULL
                    }
                    tuple.add(Values.key(v, collation));
                }
                key = tuple;
            }
            if (!seen.containsKey(key)) {
                budget.take(1, "DISTINCT values");
                seen.put(key, value);
            }
        }

        @SuppressWarnings("unchecked")
        Object[] result() {
            Object[] out = first == null ? new Object[width] : first.clone();
            for (int c : aggregated) {
                ColumnMerge.Kind kind = kinds[c];
                out[c] = switch (kind) {
                    case COUNT -> counts[c];
                    case SUM, MIN, MAX -> state[c];
                    case AVG -> average(state[sharedSum[c] < 0 ? c : sharedSum[c]],
                            counts[sharedCount[c] < 0 ? c : sharedCount[c]]);
                    case COUNT_DISTINCT -> state[c] == null ? 0L : (long) ((Map<Object, Object>) state[c]).size();
                    case SUM_DISTINCT -> distinctSum((Map<Object, Object>) state[c]);
                    case AVG_DISTINCT -> {
                        Map<Object, Object> seen = (Map<Object, Object>) state[c];
                        yield seen == null || seen.isEmpty() ? null : average(distinctSum(seen), seen.size());
                    }
                    default -> out[c];
                };
            }
            return out;
        }
    }

    /** Adds a partial sum, keeping its kind: exact decimals, integers (widened on overflow) or doubles. */
    static Object plus(Object sum, Object v) {
        if (v == null) {
            return sum;
        }
        if (sum instanceof BigDecimal a && v instanceof BigDecimal b) {
            return a.add(b); // DECIMAL columns: what the last line does, without the type tests on the way
        }
        if (sum == null) {
            return v instanceof Integer || v instanceof Short || v instanceof Byte ? ((Number) v).longValue() : v;
        }
        if (sum instanceof Double || sum instanceof Float || v instanceof Double || v instanceof Float) {
            return ((Number) sum).doubleValue() + ((Number) v).doubleValue();
        }
        if (sum instanceof Long a && (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            long b = ((Number) v).longValue();
            long r = a + b;
            if (((a ^ r) & (b ^ r)) < 0) {
                return BigDecimal.valueOf(a).add(BigDecimal.valueOf(b));
            }
            return r;
        }
        return Values.decimal(sum).add(Values.decimal(v));
    }

    private Object distinctSum(Map<Object, Object> seen) {
        if (seen == null || seen.isEmpty()) {
            return null;
        }
        Object sum = null;
        for (Object v : seen.values()) {
            sum = plus(sum, v);
        }
        // MySQL sums integers as DECIMAL; H2 keeps them BIGINT
        return !h2 && sum instanceof Long l ? BigDecimal.valueOf(l) : sum;
    }

    /**
     * SUM / COUNT as the server computes AVG: MySQL gives exact values 4 more decimals (div_precision_increment), H2
     * 10 more, and H2 averages integers as doubles; approximate values divide as doubles.
     */
    private Object average(Object sum, long count) {
        if (sum == null || count == 0) {
            return null;
        }
        if (sum instanceof Double || sum instanceof Float) {
            return ((Number) sum).doubleValue() / count;
        }
        if (h2 && sum instanceof Long l) {
            return (double) l / count;
        }
        BigDecimal s = Values.decimal(sum);
        int scale = Math.max(0, s.scale()) + (h2 ? 10 : 4);
        return s.divide(BigDecimal.valueOf(count), scale, RoundingMode.HALF_UP);
    }

    @Override
    public Object get(int column) {
        return current[column];
    }

    @Override
    public ResultSet current() {
        return null;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void close() throws SQLException {
        input.close();
    }
}
