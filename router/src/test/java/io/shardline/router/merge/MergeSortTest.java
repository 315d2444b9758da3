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

    private static void merged(Random r, int units, int keys, int maxRows, boolean grouped) throws SQLException {
        List<List<Object[]>> shards = new ArrayList<>();
        List<Object[]> all = new ArrayList<>();
        long id = 0;
        for (int u = 0; u < units; u++) {
            List<Object[]> rows = new ArrayList<>();
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(maxRows);
            for (int i = 0; i < n; i++) {
                rows.add(new Object[] {(long) r.nextInt(keys), 0L});
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
        try (MergeSort merged = new MergeSort(sources, order, grouped)) {
            while (merged.next()) {
                if (merged.tiedWithPrevious()) {
                    assertEquals(previousKey, merged.get(0), "a row said tied with the previous one");
                }
                previousKey = merged.get(0);
                actual.add(merged.get(1));
            }
        }
        assertEquals(all.stream().map(row -> row[1]).toList(), actual);
    }
}
