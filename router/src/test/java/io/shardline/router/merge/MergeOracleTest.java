package io.shardline.router.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Each merge operator against an oracle: random rows (NULLs, ties, strings differing only in case or trailing
 * spaces) split over a random number of shards, some empty; each shard answers as a MySQL server would (sorted,
 * grouped with its own partial aggregates); the merge must equal a plain computation over the union of the rows.
 * The oracle compares strings the way utf8mb4_general_ci does for ASCII: upper-cased, trailing spaces ignored.
 */
class MergeOracleTest {
    /** A row of the test table: an id (unique, a total order), a group key, a string, a decimal. */
    record Row(long id, Long g, String s, BigDecimal n) {
        Object[] values() {
            return new Object[] {id, g, s, n};
        }
    }

    private static final String[] ROW_LABELS = {"id", "g", "s", "n"};
    private static final String[] WORDS = {"apple", "Apple", "APPLE ", "banana", "Banana", "cherry", "b", "B", "_x", "z"};

    private static List<Row> rows(Random r, int count) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long g = r.nextInt(6) == 0 ? null : (long) r.nextInt(5);
            String s = r.nextInt(7) == 0 ? null : WORDS[r.nextInt(WORDS.length)];
            BigDecimal n = r.nextInt(5) == 0 ? null : BigDecimal.valueOf(r.nextInt(2000) - 500, 2);
            out.add(new Row(i, g, s, n));
        }
        return out;
    }

    /** Deals the rows to 1..6 shards at random; some shards stay empty. */
    private static List<List<Row>> split(Random r, List<Row> rows) {
        int shards = 1 + r.nextInt(6);
        List<List<Row>> out = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            out.add(new ArrayList<>());
        }
        for (Row row : rows) {
            out.get(r.nextInt(shards)).add(row);
        }
        return out;
    }

    static String ci(String s) {
        return s == null ? null : s.stripTrailing().toUpperCase(Locale.ROOT);
    }

    /** NULL first, then by {@code key}. */
    private static <T> Comparator<T> nullsFirst(Function<T, ? extends Comparable<?>> key) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<T> c = Comparator.comparing((Function) key, Comparator.nullsFirst(Comparator.naturalOrder()));
        return c;
    }

    private static List<Object[]> drain(RowStream s, int visible) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (MergedResultSet rs = new MergedResultSet(s, FakeResultSet.of(labels(s.width()), List.of()).getMetaData(),
                s.width() - visible, null, () -> { })) {
            while (rs.next()) {
                Object[] row = new Object[visible];
                for (int i = 0; i < visible; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static String[] labels(int n) {
        String[] l = new String[n];
        for (int i = 0; i < n; i++) {
            l[i] = "c" + (i + 1);
        }
        return l;
    }

    private static List<ResultSet> inputs(List<List<Object[]>> shards, String[] labels) {
        List<ResultSet> out = new ArrayList<>();
        for (List<Object[]> s : shards) {
            out.add(FakeResultSet.of(labels, s));
        }
        return out;
    }

    private static MergeSpec spec(int hidden, List<SortKey> order, MergeSpec.Grouping grouping, MergeExpr having,
                                  boolean distinct, List<SortKey> sort, long offset, long count) {
        return new MergeSpec(hidden, order, grouping, having, distinct, sort, offset, count, Collation.MYSQL_CI, false);
    }

    // ---- ORDER BY and LIMIT -------------------------------------------------------------------------------------

    @RepeatedTest(40)
    void mergeSortWithLimitEqualsSortingTheUnion(RepetitionInfo info) throws SQLException {
        Random r = new Random(info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(60));
        // ORDER BY s (ci) ASC, n DESC, id ASC: NULL smallest, so first ascending and last descending
        Comparator<Row> order = MergeOracleTest.<Row>nullsFirst(row -> ci(row.s))
                .thenComparing(MergeOracleTest.<Row>nullsFirst(Row::n).reversed())
                .thenComparing(Row::id);
        long offset = r.nextInt(5);
        long count = r.nextInt(8);
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            // each shard sorts by itself and sends LIMIT 0, offset + count, as Shardline asks it to
            shards.add(shard.stream().sorted(order).limit(offset + count).map(Row::values).collect(Collectors.toList()));
        }
        List<SortKey> keys = List.of(SortKey.of(2, false), SortKey.of(3, true), SortKey.of(0, false));
        RowStream merged = Merger.merge(spec(0, keys, null, null, false, List.of(), offset, count),
                inputs(shards, ROW_LABELS), MemoryBudget.unlimited());
        List<Object> expected = all.stream().sorted(order).skip(offset).limit(count).map(Row::id)
                .collect(Collectors.toList());
        List<Object> actual = drain(merged, 4).stream().map(row -> row[0]).collect(Collectors.toList());
        assertEquals(expected, actual);
    }

    @RepeatedTest(10)
    void concatenationKeepsEveryRowOnce(RepetitionInfo info) throws SQLException {
        Random r = new Random(100 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(40));
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            shards.add(shard.stream().map(Row::values).collect(Collectors.toList()));
        }
        RowStream merged = Merger.merge(spec(0, List.of(), null, null, false, List.of(), 0, -1),
                inputs(shards, ROW_LABELS), MemoryBudget.unlimited());
        Set<Object> ids = drain(merged, 4).stream().map(row -> row[0]).collect(Collectors.toSet());
        assertEquals(all.stream().map(Row::id).collect(Collectors.toSet()), ids);
        assertEquals(all.size(), ids.size());
    }

    /** Rows passed through unmerged come unit after unit, each unit's in its own order, then OFFSET and LIMIT cut. */
    @RepeatedTest(10)
    void concatenationKeepsUnitOrderUnderOffsetAndLimit(RepetitionInfo info) throws SQLException {
        Random r = new Random(200 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(40));
        List<List<Object[]>> shards = new ArrayList<>();
        List<Object> inUnitOrder = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            shards.add(shard.stream().map(Row::values).collect(Collectors.toList()));
            shard.forEach(row -> inUnitOrder.add(row.id()));
        }
        int offset = r.nextInt(5);
        int count = r.nextBoolean() ? -1 : r.nextInt(30);
        RowStream merged = Merger.merge(spec(0, List.of(), null, null, false, List.of(), offset, count),
                inputs(shards, ROW_LABELS), MemoryBudget.unlimited());
        List<Object> ids = drain(merged, 4).stream().map(row -> row[0]).collect(Collectors.toList());
        int from = Math.min(offset, inUnitOrder.size());
        int to = count < 0 ? inUnitOrder.size() : Math.min(inUnitOrder.size(), from + count);
        assertEquals(inUnitOrder.subList(from, to), ids);
    }

    // ---- GROUP BY with partial aggregates -------------------------------------------------------------------------

    /** The oracle's groups: by the string (ci), NULL its own group. */
    private static Map<String, List<Row>> groups(List<Row> rows) {
        Map<String, List<Row>> out = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Row row : rows) {
            out.computeIfAbsent(ci(row.s), k -> new ArrayList<>()).add(row);
        }
        return out;
    }

    /**
     * One shard's answer to {@code SELECT s, COUNT(*), SUM(n), MAX(n), SUM(n) AS avg, COUNT(n) FROM t GROUP BY s
     * ORDER BY s}: what Shardline sends for {@code SELECT s, COUNT(*), SUM(n), MAX(n), AVG(n) ... GROUP BY s}.
     */
    private static List<Object[]> partialGroups(List<Row> shard, boolean sorted) {
        List<Object[]> out = new ArrayList<>();
        Map<String, List<Row>> groups = sorted ? groups(shard) : new LinkedHashMap<>();
        if (!sorted) {
            for (Row row : shard) {
                groups.computeIfAbsent(ci(row.s), k -> new ArrayList<>()).add(row);
            }
        }
        for (List<Row> g : groups.values()) {
            BigDecimal sum = g.stream().map(Row::n).filter(Objects::nonNull).reduce(null,
                    (a, b) -> a == null ? b : a.add(b));
            BigDecimal max = g.stream().map(Row::n).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
            long counted = g.stream().map(Row::n).filter(Objects::nonNull).count();
            out.add(new Object[] {g.get(0).s, (long) g.size(), sum, max, sum, counted});
        }
        return out;
    }

    @RepeatedTest(40)
    void groupedAggregatesEqualAggregatingTheUnion(RepetitionInfo info) throws SQLException {
        Random r = new Random(200 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(60));
        boolean streaming = info.getCurrentRepetition() % 2 == 0;
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            shards.add(partialGroups(shard, streaming));
        }
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[] {0}, false, List.of(
                new ColumnMerge(0, ColumnMerge.Kind.KEY, new int[0], null),
                new ColumnMerge(1, ColumnMerge.Kind.COUNT, new int[0], null),
                new ColumnMerge(2, ColumnMerge.Kind.SUM, new int[0], null),
                new ColumnMerge(3, ColumnMerge.Kind.MAX, new int[0], null),
                new ColumnMerge(4, ColumnMerge.Kind.AVG, new int[] {4, -1}, null),
                new ColumnMerge(-1, ColumnMerge.Kind.COUNT, new int[0], null)), streaming);
        List<SortKey> order = streaming ? List.of(SortKey.of(0, false)) : List.of();
        RowStream merged = Merger.merge(spec(1, order, grouping, null, false, List.of(SortKey.of(0, false)), 0, -1),
                inputs(shards, new String[] {"s", "count", "sum", "max", "avg", "count_n"}), MemoryBudget.unlimited());
        List<Object[]> actual = drain(merged, 5);
        Map<String, List<Row>> expected = groups(all);
        assertEquals(expected.size(), actual.size(), "one row per group");
        int i = 0;
        for (var e : expected.entrySet()) {
            Object[] got = actual.get(i++);
            List<Row> g = e.getValue();
            List<BigDecimal> ns = g.stream().map(Row::n).filter(Objects::nonNull).collect(Collectors.toList());
            BigDecimal sum = ns.stream().reduce(null, (a, b) -> a == null ? b : a.add(b));
            assertEquals(e.getKey(), ci((String) got[0]), "group key");
            assertEquals((long) g.size(), got[1], "COUNT(*) of " + e.getKey());
            assertEquals(sum, got[2], "SUM(n) of " + e.getKey());
            assertEquals(ns.stream().max(Comparator.naturalOrder()).orElse(null), got[3], "MAX(n) of " + e.getKey());
            BigDecimal avg = ns.isEmpty() ? null
                    : sum.divide(BigDecimal.valueOf(ns.size()), sum.scale() + 4, RoundingMode.HALF_UP);
            assertEquals(avg, got[4], "AVG(n) as MySQL computes it, of " + e.getKey());
        }
    }

    @RepeatedTest(20)
    void countDistinctIsExactAcrossShards(RepetitionInfo info) throws SQLException {
        Random r = new Random(300 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(60));
        // SELECT g, COUNT(DISTINCT s), SUM(DISTINCT n) FROM t GROUP BY g: each shard groups by (g, s, n) and sends
        // g, a partial COUNT(DISTINCT s), a partial SUM(DISTINCT n), then s and n as hidden columns, ordered by g
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            Map<List<Object>, Row> fine = new LinkedHashMap<>();
            for (Row row : shard) {
                fine.putIfAbsent(java.util.Arrays.asList(row.g, ci(row.s), row.n), row);
            }
            shards.add(fine.values().stream().sorted(MergeOracleTest.<Row>nullsFirst(Row::g))
                    .map(row -> new Object[] {row.g, row.s == null ? 0L : 1L, row.n, row.s, row.n})
                    .collect(Collectors.toList()));
        }
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[] {0}, false, List.of(
                new ColumnMerge(0, ColumnMerge.Kind.KEY, new int[0], null),
                new ColumnMerge(1, ColumnMerge.Kind.COUNT_DISTINCT, new int[] {-1}, null),
                new ColumnMerge(2, ColumnMerge.Kind.SUM_DISTINCT, new int[] {-2}, null)), true);
        RowStream merged = Merger.merge(spec(2, List.of(SortKey.of(0, false)), grouping, null, false, List.of(), 0, -1),
                inputs(shards, new String[] {"g", "cd", "sd", "s", "n"}), MemoryBudget.unlimited());
        List<Object[]> actual = drain(merged, 3);
        Map<Long, List<Row>> byG = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (Row row : all) {
            byG.computeIfAbsent(row.g, k -> new ArrayList<>()).add(row);
        }
        assertEquals(byG.size(), actual.size());
        int i = 0;
        for (var e : byG.entrySet()) {
            Object[] got = actual.get(i++);
            assertEquals(e.getKey(), got[0]);
            long distinct = e.getValue().stream().map(Row::s).filter(Objects::nonNull).map(MergeOracleTest::ci)
                    .distinct().count();
            assertEquals(distinct, got[1], "COUNT(DISTINCT s) of g=" + e.getKey());
            Set<BigDecimal> ns = new HashSet<>();
            e.getValue().stream().map(Row::n).filter(Objects::nonNull).forEach(n -> ns.add(n.stripTrailingZeros()));
            BigDecimal sum = ns.isEmpty() ? null : ns.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(sum == null ? null : sum.stripTrailingZeros(),
                    got[2] == null ? null : ((BigDecimal) got[2]).stripTrailingZeros(), "SUM(DISTINCT n) of g=" + e.getKey());
        }
    }

    @RepeatedTest(20)
    void havingMemorySortAndLimitAfterGrouping(RepetitionInfo info) throws SQLException {
        Random r = new Random(400 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(80));
        // SELECT s, COUNT(*) FROM t GROUP BY s HAVING COUNT(*) >= 2 ORDER BY COUNT(*) DESC, s LIMIT 1, 3
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            shards.add(partialGroups(shard, true).stream().map(g -> new Object[] {g[0], g[1]})
                    .collect(Collectors.toList()));
        }
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[] {0}, false, List.of(
                new ColumnMerge(0, ColumnMerge.Kind.KEY, new int[0], null),
                new ColumnMerge(1, ColumnMerge.Kind.COUNT, new int[0], null)), true);
        MergeExpr having = new MergeExpr.Compare(">=", new MergeExpr.Col(1), new MergeExpr.Const(2L));
        RowStream merged = Merger.merge(spec(0, List.of(SortKey.of(0, false)), grouping, having, false,
                        List.of(SortKey.of(1, true), SortKey.of(0, false)), 1, 3),
                inputs(shards, new String[] {"s", "count"}), MemoryBudget.unlimited());
        List<String> actual = drain(merged, 2).stream().map(row -> ci((String) row[0]) + "=" + row[1])
                .collect(Collectors.toList());
        List<String> expected = groups(all).entrySet().stream().filter(e -> e.getValue().size() >= 2)
                .sorted(Comparator.<Map.Entry<String, List<Row>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.nullsFirst(Comparator.naturalOrder())))
                .skip(1).limit(3).map(e -> e.getKey() + "=" + (long) e.getValue().size()).collect(Collectors.toList());
        assertEquals(expected, actual);
    }

    @RepeatedTest(20)
    void distinctRowsMeetAcrossShards(RepetitionInfo info) throws SQLException {
        Random r = new Random(500 + info.getCurrentRepetition());
        List<Row> all = rows(r, r.nextInt(60));
        boolean streaming = info.getCurrentRepetition() % 2 == 0;
        // SELECT DISTINCT g, s FROM t (streaming: each shard sends its distinct rows ORDER BY g, s)
        Comparator<Row> order = MergeOracleTest.<Row>nullsFirst(Row::g).thenComparing(MergeOracleTest.<Row>nullsFirst(
                row -> ci(row.s)));
        List<List<Object[]>> shards = new ArrayList<>();
        for (List<Row> shard : split(r, all)) {
            Map<List<Object>, Object[]> distinct = new LinkedHashMap<>();
            shard.stream().sorted(streaming ? order : Comparator.comparing(Row::id))
                    .forEach(row -> distinct.putIfAbsent(java.util.Arrays.asList(row.g, ci(row.s)),
                            new Object[] {row.g, row.s}));
            shards.add(new ArrayList<>(distinct.values()));
        }
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[0], true, List.of(), streaming);
        RowStream merged = Merger.merge(spec(0, streaming ? List.of(SortKey.of(0, false), SortKey.of(1, false))
                : List.of(), grouping, null, false, List.of(), 0, -1), inputs(shards, new String[] {"g", "s"}),
                MemoryBudget.unlimited());
        Set<List<Object>> actual = new HashSet<>();
        for (Object[] row : drain(merged, 2)) {
            assertTrue(actual.add(java.util.Arrays.asList(row[0], ci((String) row[1]))), "a duplicate row");
        }
        Set<List<Object>> expected = all.stream().map(row -> java.util.Arrays.<Object>asList(row.g, ci(row.s)))
                .collect(Collectors.toSet());
        assertEquals(expected, actual);
    }

    // ---- edges ----------------------------------------------------------------------------------------------------

    @Test
    void aggregatesOverNoRowsGiveOneRowWithZeroCountsAndNulls() throws SQLException {
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[0], false, List.of(
                new ColumnMerge(0, ColumnMerge.Kind.COUNT, new int[0], null),
                new ColumnMerge(1, ColumnMerge.Kind.SUM, new int[0], null),
                new ColumnMerge(2, ColumnMerge.Kind.COUNT_DISTINCT, new int[] {-1}, null)), true);
        RowStream merged = Merger.merge(spec(1, List.of(), grouping, null, false, List.of(), 0, -1),
                inputs(List.of(List.of(), List.of()), new String[] {"c", "s", "cd", "x"}), MemoryBudget.unlimited());
        List<Object[]> rows = drain(merged, 3);
        assertEquals(1, rows.size());
        assertEquals(0L, rows.get(0)[0]);
        assertEquals(null, rows.get(0)[1]);
        assertEquals(0L, rows.get(0)[2]);
    }

    @Test
    void memoryBudgetFailsClearlyInsteadOfRunningOutOfMemory() {
        List<Object[]> many = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            many.add(new Object[] {i});
        }
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(new int[] {0}, false, List.of(
                new ColumnMerge(0, ColumnMerge.Kind.KEY, new int[0], null)), false);
        ShardlineException e = assertThrows(ShardlineException.class, () -> drain(Merger.merge(
                spec(0, List.of(), grouping, null, false, List.of(), 0, -1),
                inputs(List.of(many, many), new String[] {"k"}), new MemoryBudget(50)), 1));
        assertEquals(100403, e.getErrorCode());
        assertTrue(e.getMessage().contains("more than 50 rows"), e.getMessage());
    }

    @Test
    void collationsCompareAsTheServersDo() {
        assertEquals(0, Values.compare("apple", "APPLE  ", Collation.MYSQL_CI));
        assertTrue(Values.compare("a", "B", Collation.MYSQL_CI) < 0);
        assertTrue(Values.compare("B", "a", Collation.BINARY) < 0);
        assertEquals(0, Values.compare("café", "CAFE", Collation.MYSQL_CI));
        assertEquals(0, Values.compare("Straße", "STRASE", Collation.MYSQL_CI), "general_ci weighs ß as s");
        assertEquals(Values.key("Straße", Collation.MYSQL_CI), Values.key("strase ", Collation.MYSQL_CI));
        assertEquals(0, Values.compare(2L, new BigDecimal("2.00"), Collation.MYSQL_CI));
        assertEquals(0, Values.compare(2, 2.0, Collation.MYSQL_CI));
        assertEquals(Values.key(2L, Collation.MYSQL_CI), Values.key(new BigDecimal("2.00"), Collation.MYSQL_CI));
        assertTrue(Values.compare(java.sql.Timestamp.valueOf("2024-01-01 10:00:00"),
                java.time.LocalDateTime.of(2024, 1, 1, 10, 0, 1), Collation.MYSQL_CI) < 0);
        assertTrue(Values.compareNullable(null, "a", Collation.MYSQL_CI) < 0, "NULL is the smallest value");
        assertEquals("2024-01-01 10:00:00", Values.text(java.time.LocalDateTime.of(2024, 1, 1, 10, 0)));
    }
}
