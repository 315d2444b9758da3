package io.shardline.router.dbproxy;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.RangeSlot;
import io.shardline.router.meta.SplitRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * DBProxy's equivalent ids: for each shard of a table, the smallest hint id that reaches it (on an odd/even slot,
 * the smallest of the shard's parity). A multi-shard call runs once per equivalent id, with it as the hint, and
 * reports failures by it. 64-bit throughout (DBProxy computes slot indexes in 32 bits). Pure and thread-safe.
 */
public final class EquivalentIds {
    private EquivalentIds() {
    }

    /** The equivalent id of {@code hintId} in {@code table}, or -1 when it reaches no shard (negative, beyond the last slot). */
    public static long of(LogicalTable table, long hintId) {
        if (hintId < 0) {
            return -1;
        }
        if (!table.isSharded()) {
            return 0; // a broadcast or single table is one shard for DBProxy's purposes
        }
        if (table.split() instanceof SplitRule.HashSplit hash) {
            return hintId % hash.tableCount();
        }
        SplitRule.RangeSplit range = (SplitRule.RangeSplit) table.split();
        long slot = range.span() == 0 ? 0 : hintId / range.span();
        List<RangeSlot> slots = range.category().slots();
        if (slot >= slots.size()) {
            return -1;
        }
        long id = slot * range.span();
        if (range.secondarySplit()) {
            id += (hintId - id) / range.secondarySpan() * range.secondarySpan();
        }
        if (slots.get((int) slot).oddEven() && ((id ^ hintId) & 1) != 0) {
            id++; // the odd (or even) database of the slot: keep the hint's parity
        }
        return id;
    }

    /** DBProxy's {@code reformHintIds}: the ids grouped by the shard they reach; negative or unreachable ids are invalid. */
    public static HintPairs<Long> reform(LogicalTable table, Collection<Long> hintIds) {
        return group(table, hintIds, Long::longValue);
    }

    /**
     * The caller's ids (integers, or strings hashed with lookup3) grouped by equivalent id, both ascending and without
     * duplicates, as DBProxy groups them.
     */
    public static <I extends Comparable<? super I>> HintPairs<I> group(LogicalTable table, Collection<I> ids,
                                                                       ToLongFunction<I> hintOf) {
        Map<Long, SortedSet<I>> groups = new TreeMap<>();
        SortedSet<I> invalid = new TreeSet<>();
        for (I id : ids) {
            long equivalent = of(table, hintOf.applyAsLong(id));
            if (equivalent < 0) {
                invalid.add(id);
            } else {
                groups.computeIfAbsent(equivalent, k -> new TreeSet<>()).add(id);
            }
        }
        List<HintPair<I>> pairs = new ArrayList<>(groups.size());
        groups.forEach((equivalent, members) -> pairs.add(new HintPair<>(equivalent, List.copyOf(members))));
        return new HintPairs<>(pairs, List.copyOf(invalid));
    }

    /**
     * DBProxy's {@code allSplitHintIds}: one equivalent id per shard, ascending. Hash: {@code 0..tableCount-1}. Range:
     * per slot and secondary table the first id, and on odd/even slots the first odd id too.
     *
     * @throws ShardlineException 100403 for a range table with span 0 and a secondary split, whose shards are unbounded
     */
    public static List<Long> all(LogicalTable table) throws ShardlineException {
        if (!table.isSharded()) {
            return List.of(0L);
        }
        if (table.split() instanceof SplitRule.HashSplit hash) {
            List<Long> ids = new ArrayList<>(hash.tableCount());
            for (long n = 0; n < hash.tableCount(); n++) {
                ids.add(n);
            }
            return List.copyOf(ids);
        }
        SplitRule.RangeSplit range = (SplitRule.RangeSplit) table.split();
        if (range.span() == 0 && range.secondarySplit()) {
            throw ShardlineException.notAllowed("table " + table.name() + " has range_span 0 and a secondary split, so"
                    + " its secondary tables are unbounded and cannot be listed");
        }
        List<RangeSlot> slots = range.category().slots();
        long width = range.span() == 0 ? 2 : range.span(); // span 0: everything is slot 0
        long step = range.secondarySplit() ? range.secondarySpan() : width;
        SortedSet<Long> ids = new TreeSet<>();
        for (int slot = 0; slot < slots.size(); slot++) {
            long first = slot * width;
            for (long id = first; id < first + width; id += step) {
                ids.add(id);
                if (slots.get(slot).oddEven() && id + 1 < first + width) {
                    ids.add(id + 1);
                }
            }
            if (range.span() == 0) {
                break;
            }
        }
        return List.copyOf(ids);
    }
}
