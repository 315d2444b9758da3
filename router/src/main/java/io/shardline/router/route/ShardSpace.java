package io.shardline.router.route;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.RangeSlot;
import io.shardline.router.meta.SplitRule;
import java.util.BitSet;
import java.util.List;

/**
 * The shards of one sharded table, numbered: the units of multi-shard plans. Tables that split alike (binding tables)
 * number their shards alike, so ordinal k of each holds the same hint values. Hash: ordinal n is table number n.
 * Range: ordinal {@code (slot * 2 + side) * perSlot + number}, side 0 for a single slot or the odd database and 1 for
 * the even one, number the secondary table inside the slot. Ordinals that can hold no id (the even side of a single
 * slot) are holes and never produced. A shard is found through a representative hint, so it always agrees with
 * {@link LogicalTable#locate}. Immutable.
 */
public final class ShardSpace {
    /** More shards than this are not enumerated one by one: a cover that large is the whole table. */
    private static final long ENUMERATION_LIMIT = 1_000_000;

    private final LogicalTable table;
    private final SplitRule.HashSplit hash;
    private final SplitRule.RangeSplit range;
    /** Range: secondary tables per slot; 0 when a span of 0 makes them unbounded. */
    private final long perSlot;

    public ShardSpace(LogicalTable table) {
        this.table = table;
        this.hash = table.split() instanceof SplitRule.HashSplit h ? h : null;
        this.range = table.split() instanceof SplitRule.RangeSplit r ? r : null;
        if (hash == null && range == null) {
            throw new IllegalArgumentException(table.name() + " is not sharded");
        }
        if (range == null || !range.secondarySplit()) {
            perSlot = 1;
        } else if (range.span() == 0) {
            perSlot = 0;
        } else {
            perSlot = (range.span() + range.secondarySpan() - 1) / range.secondarySpan();
        }
    }

    public LogicalTable table() {
        return table;
    }

    /** The ordinal of an integer hint, with {@link LogicalTable#locate}'s errors (negative, beyond the last slot). */
    public int ordinalOf(long hint) throws ShardlineException {
        table.locate(hint); // the same validation and messages as single-shard routing
        if (hash != null) {
            return (int) (hint % hash.tableCount());
        }
        long slot = range.span() == 0 ? 0 : hint / range.span();
        int side = range.category().slots().get((int) slot).oddEven() && (hint & 1) == 0 ? 1 : 0;
        long number = range.secondarySplit() ? (hint - slot * range.span()) / range.secondarySpan() : 0;
        return ordinal(slot, side, number);
    }

    /** The ordinal of a string hint (lookup3), hash tables only. */
    public int ordinalOf(String hint) throws ShardlineException {
        table.locateString(hint);
        return (int) (Lookup3.hashString(hint) % hash.tableCount());
    }

    private int ordinal(long slot, int side, long number) throws ShardlineException {
        long o = perSlot == 0 ? number * 2 + side : (slot * 2 + side) * perSlot + number;
        if (o > Integer.MAX_VALUE) {
            throw ShardlineException.notAllowed("table " + table.name() + " has too many shards to plan a statement"
                    + " over several of them; give a key or a hint");
        }
        return (int) o;
    }

    /** An id whose shard is {@code ordinal}, or -1 for a hole. */
    public long representative(int ordinal) {
        if (hash != null) {
            return ordinal < hash.tableCount() ? ordinal : -1;
        }
        long slot;
        int side;
        long number;
        if (perSlot == 0) {
            slot = 0;
            side = ordinal % 2;
            number = ordinal / 2;
        } else {
            number = ordinal % perSlot;
            side = (int) ((ordinal / perSlot) % 2);
            slot = ordinal / perSlot / 2;
        }
        List<RangeSlot> slots = range.category().slots();
        if (slot >= slots.size()) {
            return -1;
        }
        boolean oddEven = slots.get((int) slot).oddEven();
        if (!oddEven && side == 1) {
            return -1;
        }
        long slotStart = slot * range.span();
        long first = slotStart + number * Math.max(1, range.secondarySpan());
        long last = range.secondarySplit() ? first + range.secondarySpan() - 1 : first + Math.max(1, range.span()) - 1;
        if (range.span() > 0) {
            last = Math.min(last, slotStart + range.span() - 1);
        }
        long id = first;
        if (oddEven && (id & 1) != (side == 0 ? 1 : 0)) {
            id++;
        }
        return id <= last ? id : -1;
    }

    /** The shard at {@code ordinal}, which must not be a hole. */
    public Shard shard(int ordinal) throws ShardlineException {
        long id = representative(ordinal);
        if (id < 0) {
            throw new IllegalArgumentException("ordinal " + ordinal + " of " + table.name() + " holds no shard");
        }
        return table.locate(id);
    }

    /** Every shard of the table. */
    public BitSet all() throws ShardlineException {
        if (hash != null) {
            BitSet all = new BitSet(hash.tableCount());
            all.set(0, hash.tableCount());
            return all;
        }
        if (perSlot == 0) {
            throw ShardlineException.notAllowed("range-split table " + table.name() + " has range_span 0 and a secondary"
                    + " split, so its tables cannot be enumerated; give a key or a hint that names its shard");
        }
        return cover(0, maxId());
    }

    /** The shards holding ids in {@code [low, high]} (clamped to the ids the table can hold); hash tables: all. */
    public BitSet cover(long low, long high) throws ShardlineException {
        if (hash != null) {
            return all();
        }
        BitSet out = new BitSet();
        long lo = Math.max(0, low);
        long hi = Math.min(high, maxId());
        if (lo > hi) {
            return out;
        }
        if (range.secondarySplit() && range.secondarySpan() > 0
                && (hi - lo) / range.secondarySpan() > ENUMERATION_LIMIT) {
            if (hi == Long.MAX_VALUE) {
                return all(); // throws: unbounded
            }
            throw ShardlineException.notAllowed("the range of " + table.name() + "." + table.hintColumn() + " covers more"
                    + " than " + ENUMERATION_LIMIT + " physical tables; narrow it");
        }
        long span = range.span();
        long firstSlot = span == 0 ? 0 : lo / span;
        long lastSlot = span == 0 ? 0 : hi / span;
        for (long s = firstSlot; s <= lastSlot; s++) {
            long a = span == 0 ? lo : Math.max(lo, s * span);
            long b = span == 0 ? hi : Math.min(hi, s * span + span - 1);
            boolean oddEven = range.category().slots().get((int) s).oddEven();
            if (!range.secondarySplit()) {
                sides(out, s, 0, oddEven, a, b);
                continue;
            }
            long ss = range.secondarySpan();
            long slotStart = s * span;
            for (long j = (a - slotStart) / ss; j <= (b - slotStart) / ss; j++) {
                sides(out, s, j, oddEven, Math.max(a, slotStart + j * ss), Math.min(b, slotStart + j * ss + ss - 1));
            }
        }
        return out;
    }

    private void sides(BitSet out, long slot, long number, boolean oddEven, long a, long b) throws ShardlineException {
        if (!oddEven) {
            out.set(ordinal(slot, 0, number));
        } else if (a == b) {
            out.set(ordinal(slot, (a & 1) == 1 ? 0 : 1, number));
        } else {
            out.set(ordinal(slot, 0, number));
            out.set(ordinal(slot, 1, number));
        }
    }

    /** The largest id a range table can hold; {@code Long.MAX_VALUE} when unbounded (span 0). */
    private long maxId() {
        if (range.span() == 0) {
            return Long.MAX_VALUE;
        }
        long slots = range.category().slots().size();
        return slots == 0 ? -1 : Math.multiplyHigh(slots, range.span()) != 0 ? Long.MAX_VALUE : slots * range.span() - 1;
    }
}
