package io.shardline.router.meta;

import java.util.List;

/** How a logical table is split: by hash (table count) or by range (span over a database category). */
public sealed interface SplitRule {

    /**
     * Hash split: table number {@code n = hint % tableCount}; {@code placements.get(n)} says where it lives.
     * A table count of 1 means unsplit: the physical table keeps the logical name.
     */
    record HashSplit(int tableCount, List<Placement> placements) implements SplitRule {
        public HashSplit {
            placements = List.copyOf(placements);
        }
    }

    /**
     * Range split: slot {@code hint / span} of the category (span 0: always slot 0). With a secondary split
     * ({@code secondarySpan > 0}) the table inside the slot is {@code name + ((hint - slot*span)/secondarySpan + numberBase)}.
     */
    record RangeSplit(long span, RangeCategory category, long secondarySpan, int numberBase) implements SplitRule {
        public boolean secondarySplit() {
            return secondarySpan > 0;
        }
    }
}
