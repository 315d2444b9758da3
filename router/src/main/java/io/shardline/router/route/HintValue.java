package io.shardline.router.route;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.HintType;
import io.shardline.router.meta.LogicalTable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * A hint: DBProxy's integer {@code hintId} ({@code query}/{@code iQuery}) or a string hint ({@code sQuery},
 * hashed with lookup3, hash tables only); or a multi-shard hint: several of them ({@code iQuery}'s {@code hintIds}),
 * or every shard ({@code iQuery} with empty {@code hintIds}).
 */
public sealed interface HintValue {

    /** The shard of {@code table} for this hint, by DBProxy's rules for this kind of hint. */
    Shard locate(LogicalTable table) throws ShardlineException;

    record Int(long id) implements HintValue {
        @Override
        public Shard locate(LogicalTable table) throws ShardlineException {
            return table.locate(id);
        }

        @Override
        public String toString() {
            return Long.toString(id);
        }
    }

    record Str(String text) implements HintValue {
        @Override
        public Shard locate(LogicalTable table) throws ShardlineException {
            return table.locateString(text);
        }

        @Override
        public String toString() {
            return "'" + text + "'";
        }
    }

    /** Several hints: the statement runs on each of their shards (once per shard) and the results are merged. */
    record Several(List<HintValue> values) implements HintValue {
        public Several {
            values = List.copyOf(values);
            if (values.isEmpty() || values.stream().anyMatch(v -> v instanceof Several || v instanceof Every)) {
                throw new IllegalArgumentException("a multi-shard hint lists one or more single hints");
            }
        }

        @Override
        public Shard locate(LogicalTable table) throws ShardlineException {
            throw ShardlineException.notAllowed("the hint " + this + " names several shards; a statement without a"
                    + " sharded table runs on one");
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < values.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(values.get(i));
            }
            return b.append(')').toString();
        }
    }

    /** Every shard, asked for explicitly: a deliberate full scan, allowed whatever the full-table-scan switch says. */
    record Every() implements HintValue {
        @Override
        public Shard locate(LogicalTable table) throws ShardlineException {
            throw ShardlineException.notAllowed("the hint * names every shard; a statement without a sharded table runs"
                    + " on one");
        }

        @Override
        public String toString() {
            return "*";
        }
    }

    /**
     * The hint that a value of {@code table}'s hint column (a SQL literal or a bound parameter) gives.
     * On an integer hint column, integral numbers and numeric strings ({@code id = '123'}) are integer hints.
     * On a string hint column ({@code hint_type 'string'}) every value is hashed by its text, numbers included.
     *
     * @throws ShardlineException 100422 for NULL, fractions, or a non-numeric string on an integer column
     */
    static HintValue ofValue(Object value, LogicalTable table) throws ShardlineException {
        if (value == null) {
            throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                    + " is NULL; every statement needs a hint value for it");
        }
        if (table.hintType() == HintType.STRING) {
            if (value instanceof String || value instanceof Character || value instanceof Number) {
                return new Str(value instanceof BigDecimal dec ? dec.toPlainString() : value.toString());
            }
            throw unsupported(value, table);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new Int(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return new Int(exactLong(big, table));
        }
        if (value instanceof BigDecimal dec) {
            return new Int(integral(dec, dec.toPlainString(), table));
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                return new Int(integral(BigDecimal.valueOf(d), Double.toString(d), table));
            }
            throw notInteger(Double.toString(d), table);
        }
        if (value instanceof String s) {
            try {
                return new Int(integral(new BigDecimal(s.trim()), "'" + s + "'", table));
            } catch (NumberFormatException e) {
                throw notInteger("'" + s + "'", table);
            }
        }
        throw unsupported(value, table);
    }

    private static long integral(BigDecimal dec, String shown, LogicalTable table) throws ShardlineException {
        try {
            return exactLong(dec.toBigIntegerExact(), table);
        } catch (ArithmeticException e) {
            throw notInteger(shown, table);
        }
    }

    private static long exactLong(BigInteger big, LogicalTable table) throws ShardlineException {
        if (big.bitLength() > 63) {
            throw ShardlineException.invalid("hint " + big + " for table " + table.name() + " does not fit in 64 bits");
        }
        return big.longValue();
    }

    private static ShardlineException notInteger(String shown, LogicalTable table) {
        return ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                + " takes integer hints; " + shown + " is not an integer");
    }

    private static ShardlineException unsupported(Object value, LogicalTable table) {
        return ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                + " got a " + value.getClass().getSimpleName() + "; hints are integers or strings");
    }
}
