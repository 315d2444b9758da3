package io.shardline.router.meta;

import java.util.List;

/**
 * Where a logical table's rows live: split by hash (table count) or by range (span over a database category), or
 * not split at all: a broadcast table (a full copy in every shard database of its cluster) or a single table (one
 * copy on one named server and database).
 */
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

    /**
     * {@code table_kind 'broadcast'}: the same rows in every shard database of the cluster (every database that
     * {@code split_table_info} or {@code split_range_info} names), in server and database order. Reads use one
     * copy; writes go to all of them in one statement.
     */
    record Broadcast(List<Placement> copies) implements SplitRule {
        public Broadcast {
            copies = List.copyOf(copies);
        }
    }

    /** {@code table_kind 'single'}: an unsplit table in one database of one master. */
    record Single(Placement placement) implements SplitRule {
    }
}
