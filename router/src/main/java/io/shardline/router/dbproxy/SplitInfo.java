package io.shardline.router.dbproxy;

import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.SplitRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of {@code splitInfo}: how a table is split, with the spec's field names. */
public sealed interface SplitInfo {
    boolean splitByRange();

    /** The hint column (DBProxy's {@code hint_field}); empty when only explicit hints route the table. */
    String splitHint();

    /** The spec's dictionary, keys in the spec's order. */
    Map<String, Object> toMap();

    /**
     * A range-split table. {@code span} is the effective span (the default one when the table says -1); {@code count}
     * is the number of slots, odd/even pairs and secondary tables not counted; {@code secondarySplitSpan} is 0 when
     * there is no secondary split.
     */
    record Range(long span, int count, String databaseCategory, String splitHint, boolean secondarySplit,
                 long secondarySplitSpan) implements SplitInfo {
        @Override
        public boolean splitByRange() {
            return true;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("splitByRange", true);
            m.put("span", span);
            m.put("count", count);
            m.put("databaseCategory", databaseCategory);
            m.put("splitHint", splitHint);
            m.put("secondarySplit", secondarySplit);
            m.put("secondarySplitSpan", secondarySplitSpan);
            return m;
        }
    }

    /** A hash-split table. */
    record Hash(int tableCount, String splitHint) implements SplitInfo {
        @Override
        public boolean splitByRange() {
            return false;
        }

        @Override
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("splitByRange", false);
            m.put("tableCount", tableCount);
            m.put("splitHint", splitHint);
            return m;
        }
    }

    static SplitInfo of(LogicalTable table) {
        if (!table.isSharded()) {
            return new Hash(1, table.hintColumn()); // broadcast and single tables: DBProxy's unsplit table
        }
        if (table.split() instanceof SplitRule.HashSplit hash) {
            return new Hash(hash.tableCount(), table.hintColumn());
        }
        SplitRule.RangeSplit range = (SplitRule.RangeSplit) table.split();
        return new Range(range.span(), range.category().slots().size(), range.category().name(), table.hintColumn(),
                range.secondarySplit(), range.secondarySpan());
    }
}
