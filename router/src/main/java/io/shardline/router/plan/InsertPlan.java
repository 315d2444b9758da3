package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.ValueRef;
import java.util.BitSet;

/**
 * The rows of one INSERT execution: the ids a global sequence gives them (where the table takes ids from one and the
 * row leaves its AUTO_INCREMENT column out, NULL or 0, as MySQL would generate one), and the shard each row goes to.
 * A sequence column that is also the hint column routes by the generated id.
 */
final class InsertPlan {
    private final LogicalTable table;
    private final InsertRows rows;
    private final String sequenceColumn;
    /** The sequence column's position in the column list, or -1 when the statement leaves it out. */
    private final int idColumn;
    /** Per row: the generated id, or null when the row keeps its own value. */
    private final Long[] ids;
    /** Per row: its shard's ordinal (sharded targets routed by their rows), else null. */
    private final int[] ordinals;

    private InsertPlan(LogicalTable table, InsertRows rows, String sequenceColumn, int idColumn, Long[] ids,
                       int[] ordinals) {
        this.table = table;
        this.rows = rows;
        this.sequenceColumn = sequenceColumn;
        this.idColumn = idColumn;
        this.ids = ids;
        this.ordinals = ordinals;
    }

    /**
     * Plans the rows of the INSERT into table reference {@code ref}. {@code keys} are the rows' hint values when the
     * rows decide the shard (null when a hint does, or when the rows cannot: see {@code insertProblem}).
     */
    static InsertPlan of(BoundStatement bound, int ref, ValueRef[] keys, ParamSource params, PlanContext context,
                         boolean route) throws ShardlineException {
        LogicalTable t = bound.table(ref);
        InsertRows insert = bound.parsed().insert();
        String sequence = insert.fromSelect() || t.isSingle() ? null : context.sequenceColumn(t);
        int idColumn = -1;
        Long[] ids = new Long[insert.rows().size()];
        if (sequence != null) {
            if (insert.columns() == null) {
                throw ShardlineException.notAllowed("INSERT into " + t.name() + " names no columns, but its column "
                        + sequence + " takes ids from a global sequence; list the columns");
            }
            idColumn = BoundStatement.indexOfIgnoreCase(insert.columns(), sequence);
            int wanted = 0;
            boolean[] generate = new boolean[ids.length];
            for (int r = 0; r < ids.length; r++) {
                generate[r] = idColumn < 0 || generates(insert.rows().get(r).get(idColumn), params);
                wanted += generate[r] ? 1 : 0;
            }
            if (wanted > 0) {
                long[] next = context.nextIds(t, wanted);
                for (int r = 0, k = 0; r < ids.length; r++) {
                    if (generate[r]) {
                        ids[r] = next[k++];
                    }
                }
            }
        }
        int[] ordinals = null;
        if (route && t.isSharded() && insert.fromSelect()) {
            throw ShardlineException.notAllowed(bound.insertProblem() + ", or give a hint (/*+ shardline(hint=...) */)");
        }
        if (route && t.isSharded()) {
            boolean routedById = sequence != null && sequence.equalsIgnoreCase(t.hintColumn());
            ordinals = new int[ids.length];
            for (int r = 0; r < ids.length; r++) {
                if (routedById && ids[r] != null) {
                    ordinals[r] = t.space().ordinalOf(ids[r]);
                    continue;
                }
                if (keys == null) {
                    throw ShardlineException.notAllowed(bound.insertProblem() + ", or give a hint (/*+ shardline(hint=...) */)");
                }
                if (keys[r] instanceof ValueRef.Expression e) {
                    throw ShardlineException.notAllowed("row " + (r + 1) + " sets hint column " + t.hintColumn() + " of "
                            + t.name() + " to the expression " + e.text() + ", which Shardline does not evaluate; give a decimal number, a"
                            + " string or ? (hexadecimal and bit-value literals and charset introducers are read"
                            + " differently by context and server)");
                }
                ordinals[r] = KeySets.storedOrdinal(t, keys[r], params);
            }
        }
        return new InsertPlan(t, insert, sequence, idColumn, ids, ordinals);
    }

    /** MySQL generates an AUTO_INCREMENT value for NULL and 0 (unless NO_AUTO_VALUE_ON_ZERO). */
    private static boolean generates(ValueRef v, ParamSource params) throws ShardlineException {
        if (v instanceof ValueRef.Expression) {
            return false;
        }
        Object value = BoundStatement.valueOf(v, params);
        return value == null || value instanceof Number n && n.doubleValue() == 0 || "0".equals(value);
    }

    /** The shards the rows reach. */
    BitSet ordinals() {
        BitSet out = new BitSet();
        for (int o : ordinals) {
            out.set(o);
        }
        return out;
    }

    int ordinal(int row) {
        return ordinals[row];
    }

    int rowCount() {
        return ids.length;
    }

    /** Whether any row takes a generated id. */
    boolean generates() {
        for (Long id : ids) {
            if (id != null) {
                return true;
            }
        }
        return false;
    }

    String sequenceColumn() {
        return sequenceColumn;
    }

    /** Whether the id column is added to the column list (the statement leaves it out). */
    boolean addsColumn() {
        return sequenceColumn != null && idColumn < 0;
    }

    int idColumn() {
        return idColumn;
    }

    InsertRows rows() {
        return rows;
    }

    LogicalTable table() {
        return table;
    }

    /** What distinguishes templates: where the id goes. */
    String templateKey() {
        return sequenceColumn == null ? "" : sequenceColumn + (idColumn < 0 ? "+" : "@" + idColumn);
    }

    /** A fill of the rows {@code only} (all when null) with their ids, the tables at {@code shards}. */
    SqlTemplate.Fill fill(Shard[] shards, int[] only) {
        return new SqlTemplate.Fill() {
            @Override
            public Shard shard(int ref) {
                return shards[ref];
            }

            @Override
            public int[] rows() {
                return only;
            }

            @Override
            public String id(int row) {
                return row < ids.length && ids[row] != null ? Long.toString(ids[row]) : null;
            }
        };
    }
}
