package io.shardline.router.meta;

import io.shardline.router.ShardlineException;
import io.shardline.router.route.Lookup3;
import io.shardline.router.route.Shard;
import io.shardline.router.route.ShardSpace;
import java.util.List;

/**
 * A logical table as the application names it, and the DBProxy formulas that map a hint to its shard.
 * {@code hintColumn} is DBProxy's {@code hint_field} (empty when only explicit hints route it);
 * {@code fullTableScan} is the DRDS full-table-scan switch. Shards that need no per-hint text are built once here,
 * so routing a hint allocates nothing on the common path. Broadcast and single tables are not split: every hint
 * locates their first copy, and the planner chooses copies itself. Immutable; identity equality.
 */
public final class LogicalTable {
    private final String cluster;
    private final String name;
    private final String hintColumn;
    private final HintType hintType;
    private final SplitRule split;
    private final boolean fullTableScan;
    /** Hash: one per table number. Range without secondary split: two per slot (odd, even; a single slot repeats). */
    private final Shard[] fixedShards;
    /** The numbered shards of a sharded table (null for broadcast and single tables). */
    private final ShardSpace space;

    public LogicalTable(String cluster, String name, String hintColumn, HintType hintType, SplitRule split,
                        boolean fullTableScan) {
        this.cluster = cluster;
        this.name = name;
        this.hintColumn = hintColumn;
        this.hintType = hintType;
        this.split = split;
        this.fullTableScan = fullTableScan;
        this.fixedShards = fixedShards(name, split);
        this.space = isSharded() ? new ShardSpace(this) : null;
    }

    private static Shard[] fixedShards(String name, SplitRule split) {
        if (split instanceof SplitRule.Broadcast b) {
            return b.copies().stream().map(p -> new Shard(p.serverId(), p.database(), name)).toArray(Shard[]::new);
        }
        if (split instanceof SplitRule.Single single) {
            return new Shard[] {new Shard(single.placement().serverId(), single.placement().database(), name)};
        }
        if (split instanceof SplitRule.HashSplit hash) {
            List<Placement> placements = hash.placements();
            Shard[] shards = new Shard[placements.size()];
            for (int n = 0; n < shards.length; n++) {
                Placement p = placements.get(n);
                shards[n] = new Shard(p.serverId(), p.database(), hash.tableCount() > 1 ? name + "_" + n : name);
            }
            return shards;
        }
        SplitRule.RangeSplit range = (SplitRule.RangeSplit) split;
        if (range.secondarySplit()) {
            return new Shard[0];
        }
        List<RangeSlot> slots = range.category().slots();
        Shard[] shards = new Shard[slots.size() * 2];
        for (int i = 0; i < slots.size(); i++) {
            Placement odd = slots.get(i) instanceof RangeSlot.OddEven oe ? oe.odd() : ((RangeSlot.Single) slots.get(i)).placement();
            Placement even = slots.get(i) instanceof RangeSlot.OddEven oe ? oe.even() : odd;
            shards[2 * i] = new Shard(odd.serverId(), odd.database(), name);
            shards[2 * i + 1] = new Shard(even.serverId(), even.database(), name);
        }
        return shards;
    }

    /**
     * The shard of an integer hint. Hash: {@code n = hintId % tableCount}, table {@code name_n} when
     * {@code tableCount > 1}. Range: slot {@code hintId / span} (span 0: slot 0); odd ids to the odd database of an
     * odd/even slot; with a secondary split the table is {@code name + ((hintId - slot*span) / secondarySpan + base)}.
     *
     * @throws ShardlineException 100422 for a negative hint, 100404 beyond the last range slot
     */
    public Shard locate(long hintId) throws ShardlineException {
        if (!isSharded()) {
            return fixedShards[0];
        }
        if (hintId < 0) {
            throw ShardlineException.invalid("hintId " + hintId + " is negative for " + kind() + " table " + name);
        }
        if (split instanceof SplitRule.HashSplit hash) {
            return fixedShards[(int) (hintId % hash.tableCount())];
        }
        SplitRule.RangeSplit range = (SplitRule.RangeSplit) split;
        long slot = range.span() == 0 ? 0 : hintId / range.span();
        List<RangeSlot> slots = range.category().slots();
        if (slot >= slots.size()) {
            throw ShardlineException.notFound("hintId " + hintId + " is beyond the last slot of range-split table "
                    + name + ": it needs slot " + slot + " of category '" + range.category().name() + "', which has "
                    + slots.size() + " slot(s) of span " + range.span());
        }
        int parity = (int) (hintId & 1);
        if (!range.secondarySplit()) {
            return fixedShards[2 * (int) slot + (parity == 1 ? 0 : 1)];
        }
        RangeSlot s = slots.get((int) slot);
        Placement p = s instanceof RangeSlot.OddEven oe ? (parity == 1 ? oe.odd() : oe.even())
                : ((RangeSlot.Single) s).placement();
        long number = (hintId - slot * range.span()) / range.secondarySpan() + range.numberBase();
        return new Shard(p.serverId(), p.database(), name + number);
    }

    /**
     * The shard of a string hint: lookup3 {@code hashlittle} of its UTF-8 bytes, then the hash formula.
     *
     * @throws ShardlineException 100403 on a range-split table (string hints are for hash tables only)
     */
    public Shard locateString(String hint) throws ShardlineException {
        if (!isSharded()) {
            return fixedShards[0];
        }
        if (split instanceof SplitRule.RangeSplit) {
            throw ShardlineException.notAllowed("string hint '" + hint + "' given for range-split table " + name
                    + "; string hints work only on hash-split tables");
        }
        return locate(Lookup3.hashString(hint));
    }

    /**
     * Whether every key of a table number gets the same {@link Shard} object (made with the table); not with a
     * secondary range split, whose shards are made per key.
     */
    public boolean shardsAreFixed() {
        return !(split instanceof SplitRule.RangeSplit range && range.secondarySplit());
    }

    /** The table's first shard (hint 0): where statements about its structure (DESCRIBE) go. */
    public Shard firstShard() throws ShardlineException {
        return locate(0);
    }

    private String kind() {
        return splitByRange() ? "range-split" : "hash-split";
    }

    /** Split by hash or range (not broadcast, not single). */
    public boolean isSharded() {
        return split instanceof SplitRule.HashSplit || split instanceof SplitRule.RangeSplit;
    }

    public boolean isBroadcast() {
        return split instanceof SplitRule.Broadcast;
    }

    public boolean isSingle() {
        return split instanceof SplitRule.Single;
    }

    /** The numbered shards of a sharded table; null for broadcast and single tables. */
    public ShardSpace space() {
        return space;
    }

    /** Every physical copy of a broadcast table, or the one table of a single table, in server and database order. */
    public List<Shard> copies() {
        return List.of(fixedShards);
    }

    /**
     * Whether rows with the same hint value live on corresponding shards of both tables (DRDS binding tables):
     * both sharded, split by the same rule onto the same databases, hints read alike.
     */
    public boolean bindsWith(LogicalTable other) {
        return isSharded() && other.isSharded() && hintType == other.hintType && split.equals(other.split);
    }

    /** "hash-split", "range-split", "broadcast" or "single": for messages and plans. */
    public String kindName() {
        return isBroadcast() ? "broadcast" : isSingle() ? "single" : kind();
    }

    public String cluster() {
        return cluster;
    }

    public String name() {
        return name;
    }

    public String hintColumn() {
        return hintColumn;
    }

    public HintType hintType() {
        return hintType;
    }

    public SplitRule split() {
        return split;
    }

    public boolean fullTableScan() {
        return fullTableScan;
    }

    public boolean splitByRange() {
        return split instanceof SplitRule.RangeSplit;
    }

    public boolean hasHintColumn() {
        return !hintColumn.isEmpty();
    }

    @Override
    public String toString() {
        return (cluster.isEmpty() ? "" : cluster + ":") + name;
    }
}
