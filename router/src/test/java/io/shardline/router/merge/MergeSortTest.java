package io.shardline.router.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The k-way merge against a stable sort of every unit's rows taken in unit order: any number of units (1 to 40, not
 * only powers of two), empty ones, many equal keys. Equal keys must come out in unit order, then in each unit's own
 * order, since the group merge adds partial groups in that order (a double SUM depends on it). The same for a grouped
 * merge, which scans for ties and turns into the tree when keys are held by few units: few keys (it keeps scanning)
 * and many (it turns), checked through its ties too (a row said tied must equal the previous one).
 */
class MergeSortTest {
    @RepeatedTest(60)
    void mergeEqualsAStableSortOfTheUnitsInUnitOrder(RepetitionInfo info) throws SQLException {
        Random r = new Random(info.getCurrentRepetition());
        int units = 1 + r.nextInt(40);
        int keys = 1 + r.nextInt(6); // few distinct keys: most comparisons are ties
        merged(r, units, keys, 8, false);
    }

    @RepeatedTest(60)
    void groupedMergeEqualsAStableSortWhetherKeysAreOnManyUnitsOrFew(RepetitionInfo info) throws SQLException {
        Random r = new Random(info.getCurrentRepetition());
        int units = 1 + r.nextInt(40);
        int keys = info.getCurrentRepetition() % 2 == 0 ? 1 + r.nextInt(6) : 50 + r.nextInt(500);
        merged(r, units, keys, info.getCurrentRepetition() % 3 == 0 ? 40 : 8, true);
    }

    @RepeatedTest(40)
    void groupedMergeOfKeysOncePerUnitEqualsAStableSort(RepetitionInfo info) throws SQLException {
        // the shards grouped by exactly the merge's keys: each holds a key at most once, and the merge skips checking
        Random r = new Random(info.getCurrentRepetition());
        int units = 1 + r.nextInt(40);
        int keys = info.getCurrentRepetition() % 2 == 0 ? 1 + r.nextInt(6) : 50 + r.nextInt(500);
        merged(r, units, keys, 8, true, Declared.ONCE_PER_UNIT);
    }

    @RepeatedTest(40)
    void keysOncePerUnitDeclaredWronglyStillComeOutInKeyOrderWithTheSameRows(RepetitionInfo info) throws SQLException {
        // a server grouping finer than the merge compares: a unit holds a key twice though the merge was told not
        Random r = new Random(info.getCurrentRepetition());
        merged(r, 1 + r.nextInt(40), 1 + r.nextInt(6), 8, true, Declared.ONCE_PER_UNIT_WRONGLY);
    }

    private enum Declared { NOTHING, ONCE_PER_UNIT, ONCE_PER_UNIT_WRONGLY }

    private static void merged(Random r, int units, int keys, int maxRows, boolean grouped) throws SQLException {
        merged(r, units, keys, maxRows, grouped, Declared.NOTHING);
    }

    private static void merged(Random r, int units, int keys, int maxRows, boolean grouped, Declared declared)
            throws SQLException {
        List<List<Object[]>> shards = new ArrayList<>();
        List<Object[]> all = new ArrayList<>();
        long id = 0;
        for (int u = 0; u < units; u++) {
            List<Object[]> rows = new ArrayList<>();
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(maxRows);
            java.util.Set<Long> held = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                long key = r.nextInt(keys);
                if (declared != Declared.ONCE_PER_UNIT || held.add(key)) {
                    rows.add(new Object[] {key, 0L});
                }
            }
            rows.sort(Comparator.comparingLong(row -> (Long) row[0]));
            for (Object[] row : rows) {
                row[1] = id++; // after the sort: ids follow unit order, then each unit's order
                all.add(row);
            }
            shards.add(rows);
        }
        all.sort(Comparator.comparingLong(row -> (Long) row[0])); // stable
        List<java.sql.ResultSet> inputs = new ArrayList<>();
        for (List<Object[]> s : shards) {
            inputs.add(FakeResultSet.of(new String[] {"k", "id"}, s));
        }
        List<Source> sources = new ArrayList<>();
        for (java.sql.ResultSet rs : inputs) {
            sources.add(new Source(rs, 2));
        }
        RowOrder order = new RowOrder(List.of(SortKey.of(0, false)), 2, 0, Collation.BINARY);
        List<Object> actual = new ArrayList<>();
        Object previousKey = null;
        List<Object> keysOut = new ArrayList<>();
        try (MergeSort merged = new MergeSort(sources, order, grouped)) {
            if (declared != Declared.NOTHING) {
                merged.keysOncePerUnit();
            }
            while (merged.next()) {
                keysOut.add(merged.get(0));
                if (merged.tiedWithPrevious()) {
                    assertEquals(previousKey, merged.get(0), "a row said tied with the previous one");
                }
                previousKey = merged.get(0);
                actual.add(merged.get(1));
            }
        }
        if (declared == Declared.ONCE_PER_UNIT_WRONGLY) { // same rows, keys in order; ties among a key's rows may move
            assertEquals(all.stream().map(row -> row[0]).toList(), keysOut);
            assertEquals(all.stream().map(row -> row[1]).sorted().toList(),
                    actual.stream().map(Long.class::cast).sorted().toList());
            return;
        }
        assertEquals(all.stream().map(row -> row[1]).toList(), actual);
    }
}
