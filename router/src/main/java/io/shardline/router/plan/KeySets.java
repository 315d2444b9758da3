package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.HintType;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.HintValue;
import io.shardline.router.route.MySqlNumbers;
import io.shardline.router.route.ShardSpace;
import io.shardline.router.sql.Condition;
import io.shardline.router.sql.KeyOr;
import io.shardline.router.sql.KeyRange;
import io.shardline.router.sql.KeyTerms;
import io.shardline.router.sql.ValueRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.BitSet;
import java.util.List;

/**
 * The shards a sharded table reference can reach, as a set of {@link ShardSpace} ordinals: the intersection of what
 * its key predicates allow (equalities and IN lists, ranges on range-split tables, ORs whose every branch constrains
 * the key). {@code null} means unconstrained. Evaluated per execution, since bound values decide it.
 */
final class KeySets {
    private final BoundStatement bound;

    KeySets(BoundStatement bound) {
        this.bound = bound;
    }

    /**
     * The shards reference {@code ref} may reach, or null when its keys do not constrain it. {@code located}: the IN
     * lists this planning located already (null: none kept).
     */
    BitSet of(int ref, ParamSource params, LocatedKeys located) throws ShardlineException {
        LogicalTable t = bound.table(ref);
        if (!t.hasHintColumn()) {
            return null;
        }
        Acc acc = new Acc();
        for (List<ValueRef> values : bound.keyLists(ref)) {
            acc.and(located != null && values.size() > 1 ? set(located.of(t, values, params)) : values(t, values, params));
        }
        for (KeyRange r : bound.rangeKeys(ref)) {
            acc.and(range(t, r, params));
        }
        for (KeyOr or : bound.parsed().ors()) {
            acc.and(or(or, ref, params));
        }
        return acc.result(t);
    }

    /** An intersection that remembers a shard to fall back on when it comes out empty. */
    private static final class Acc {
        BitSet set;
        int fallback = -1;

        void and(BitSet s) {
            if (s == null) {
                return;
            }
            if (fallback < 0 && !s.isEmpty()) {
                fallback = s.nextSetBit(0);
            }
            if (set == null) {
                set = s; // every set given here was made for this call: no copy needed
            } else {
                set.and(s);
            }
        }

        /**
         * The set; when the predicates contradict each other (no shard can hold a matching row) one shard still
         * runs the statement, which then finds nothing, as one database would.
         */
        BitSet result(LogicalTable t) throws ShardlineException {
            if (set != null && set.isEmpty()) {
                set.set(fallback >= 0 ? fallback : t.space().ordinalOf(0));
            }
            return set;
        }
    }

    /** The ordinals of a list of key values: {@code =} (one value) or {@code IN}. */
    static BitSet values(LogicalTable t, List<ValueRef> values, ParamSource params) throws ShardlineException {
        BitSet out = new BitSet();
        for (ValueRef v : values) {
            out.set(ordinal(t, v, params));
        }
        return out;
    }

    private static BitSet set(int[] ordinals) {
        BitSet out = new BitSet();
        for (int o : ordinals) {
            out.set(o);
        }
        return out;
    }

    static int ordinal(LogicalTable t, ValueRef v, ParamSource params) throws ShardlineException {
        Object value = BoundStatement.valueOf(v, params);
        if ((value instanceof Long || value instanceof Integer) && t.hintType() != HintType.STRING) {
            // as HintValue.shardOf: an integer on an integer column needs no hint made first
            return t.space().ordinalOf(((Number) value).longValue());
        }
        return ordinal(t, HintValue.ofValue(value, t));
    }

    /** The ordinal of a value stored into the hint column (an inserted row): the server's conversion on store. */
    static int storedOrdinal(LogicalTable t, ValueRef v, ParamSource params) throws ShardlineException {
        return ordinal(t, HintValue.ofStored(BoundStatement.valueOf(v, params), t));
    }

    static int ordinal(LogicalTable t, HintValue h) throws ShardlineException {
        if (h instanceof HintValue.Str s) {
            return t.space().ordinalOf(s.text());
        }
        return t.space().ordinalOf(((HintValue.Int) h).id());
    }

    /** The shards of an explicit hint: one value, several, or every shard. */
    static BitSet hint(LogicalTable t, HintValue h) throws ShardlineException {
        if (h instanceof HintValue.Every) {
            return t.space().all();
        }
        BitSet out = new BitSet();
        if (h instanceof HintValue.Several several) {
            for (HintValue one : several.values()) {
                out.set(ordinal(t, one));
            }
        } else {
            out.set(ordinal(t, h));
        }
        return out;
    }

    /** A range constrains a range-split table only; bounds Shardline cannot read as numbers constrain nothing. */
    private static BitSet range(LogicalTable t, KeyRange r, ParamSource params) throws ShardlineException {
        if (!t.splitByRange()) {
            return null;
        }
        Long low = Long.MIN_VALUE;
        Long high = Long.MAX_VALUE;
        if (r.low() != null) {
            low = bound(r.low(), params, true, r.lowInclusive());
        }
        if (r.high() != null) {
            high = bound(r.high(), params, false, r.highInclusive());
        }
        if (low == null || high == null) {
            return null;
        }
        return t.space().cover(low, high);
    }

    /** The smallest (lower bound) or largest (upper bound) integer id the bound admits, or null when unreadable. */
    private static Long bound(ValueRef v, ParamSource params, boolean lower, boolean inclusive)
            throws ShardlineException {
        if (v instanceof ValueRef.Expression) {
            return null;
        }
        Object value = BoundStatement.valueOf(v, params);
        BigDecimal d;
        try {
            if (value instanceof BigDecimal b) {
                d = b;
            } else if (value instanceof Number n) {
                d = value instanceof Double || value instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                        : new BigDecimal(value.toString());
            } else if (value instanceof String s) {
                d = MySqlNumbers.parse(s);
            } else {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        boolean approximate = value instanceof Double || value instanceof Float || value instanceof String;
        if (d == null || (approximate && d.abs().compareTo(BigDecimal.valueOf(MySqlNumbers.DOUBLE_EXACT)) >= 0)) {
            return null; // MySQL compares these as doubles: near and beyond 2^53 a bound is not exact
        }
        BigDecimal id;
        if (lower) {
            id = inclusive ? d.setScale(0, RoundingMode.CEILING) : d.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE);
        } else {
            id = inclusive ? d.setScale(0, RoundingMode.FLOOR) : d.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
        }
        if (id.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (id.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return id.longValue();
    }

    /** The union of the branches' shards, or null when a branch does not constrain {@code ref}. */
    private BitSet or(KeyOr or, int ref, ParamSource params) throws ShardlineException {
        if (or.onlyTable() >= 0 && or.onlyTable() != ref) {
            return null;
        }
        BitSet union = new BitSet();
        for (KeyTerms branch : or.branches()) {
            BitSet b = terms(branch, ref, params);
            if (b == null) {
                return null;
            }
            union.or(b);
        }
        return union;
    }

    private BitSet terms(KeyTerms terms, int ref, ParamSource params) throws ShardlineException {
        LogicalTable t = bound.table(ref);
        BitSet set = null;
        for (Condition c : terms.conditions()) {
            if (bound.constrains(c.column(), ref)) {
                set = and(set, values(t, c.values(), params));
            }
        }
        for (KeyRange r : terms.ranges()) {
            if (bound.constrains(r.column(), ref)) {
                set = and(set, range(t, r, params));
            }
        }
        for (KeyOr inner : terms.ors()) {
            set = and(set, or(inner, ref, params));
        }
        return set;
    }

    private static BitSet and(BitSet set, BitSet s) {
        if (s == null) {
            return set;
        }
        if (set == null) {
            return (BitSet) s.clone();
        }
        set.and(s);
        return set;
    }
}
