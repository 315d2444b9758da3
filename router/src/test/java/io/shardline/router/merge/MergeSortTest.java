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
 * order, since the group merge adds partial groups in that order (a double SUM depends on it).
 */
class MergeSortTest {
    @RepeatedTest(60)
    void mergeEqualsAStableSortOfTheUnitsInUnitOrder(RepetitionInfo info) throws SQLException {
        Random r = new Random(info.getCurrentRepetition());
        int units = 1 + r.nextInt(40);
        int keys = 1 + r.nextInt(6); // few distinct keys: most comparisons are ties
        List<List<Object[]>> shards = new ArrayList<>();
        List<Object[]> all = new ArrayList<>();
        long id = 0;
        for (int u = 0; u < units; u++) {
            List<Object[]> rows = new ArrayList<>();
            int n = r.nextInt(4) == 0 ? 0 : r.nextInt(8);
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
        MergeSpec spec = new MergeSpec(0, List.of(SortKey.of(0, false)), null, null, false, List.of(), 0, -1,
                Collation.BINARY, false);
        List<Object> actual = new ArrayList<>();
        try (RowStream merged = Merger.merge(spec, inputs, MemoryBudget.unlimited())) {
            while (merged.next()) {
                actual.add(merged.get(1));
            }
        }
        assertEquals(all.stream().map(row -> row[1]).toList(), actual);
    }
}
