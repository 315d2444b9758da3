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
     * The hint that a value compared with {@code table}'s hint column gives ({@code col = v}, {@code IN}), or
     * 100422 when the server might find the row elsewhere. Integer columns: integers; integral decimals
     * ({@code 12.0}); integral doubles below 2^53 (the server compares them as doubles); numeric strings
     * ({@code '12'}, {@code ' 12 '}, {@code '1e2'}) below 2^53 (MySQL compares a string with a number as doubles).
     * Refused: fractions ({@code 12.5} finds no integer id), NULL, and strings the server reads by their numeric
     * prefix ({@code '12abc'} is 12, {@code 'abc'} is 0). String columns ({@code hint_type 'string'}) hash the text of
     * a string; a number is refused, since the server compares it numerically ({@code '5'}, {@code '05'},
     * {@code '5.0'} all equal 5).
     *
     * @throws ShardlineException 100422 for a value Shardline cannot place exactly
     */
    static HintValue ofValue(Object value, LogicalTable table) throws ShardlineException {
        return of(value, table, false);
    }

    /**
     * The hint that a value stored into {@code table}'s hint column gives (an inserted row, {@code SET col = v}): as
     * {@link #ofValue}, except that a string becomes an integer exactly (no double on the way), a double its exact
     * value when integral, and on string columns an exact number its decimal text (what the server stores).
     */
    static HintValue ofStored(Object value, LogicalTable table) throws ShardlineException {
        return of(value, table, true);
    }

    /**
     * The shard of {@code value} compared with ({@code stored}: stored into) {@code table}'s hint column, as
     * {@link #ofValue} or {@link #ofStored} and then {@link #locate}; an integer on an integer column skips the hint.
     */
    static Shard shardOf(Object value, LogicalTable table, boolean stored) throws ShardlineException {
        if ((value instanceof Long || value instanceof Integer) && table.hintType() != HintType.STRING) {
            return table.locate(((Number) value).longValue());
        }
        return of(value, table, stored).locate(table);
    }

    private static HintValue of(Object value, LogicalTable table, boolean stored) throws ShardlineException {
        if (value == null) {
            throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                    + " is NULL; every statement needs a hint value for it");
        }
        if (table.hintType() == HintType.STRING) {
            if (value instanceof String || value instanceof Character) {
                return new Str(value.toString());
            }
            boolean exact = value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal;
            if (stored && exact) {
                return new Str(value instanceof BigDecimal dec ? dec.toPlainString() : value.toString());
            }
            if (value instanceof Number && stored) {
                throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                        + " holds strings; the server would store the approximate number " + value + " as text in its"
                        + " own format; give the value as a string");
            }
            if (value instanceof Number) {
                throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                        + " holds strings, and the server compares it with the number " + value + " as numbers ('5',"
                        + " '05' and '5.0' all match 5), on every shard; give the value as a string");
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
            String shown = Double.toString(d);
            if (!Double.isFinite(d)) {
                throw notInteger(shown, table);
            }
            long id = integral(new BigDecimal(d), shown, table);
            if (!stored && Math.abs(d) >= MySqlNumbers.DOUBLE_EXACT) {
                throw tooLargeForDouble(shown, table);
            }
            return new Int(id);
        }
        if (value instanceof String s) {
            BigDecimal number = MySqlNumbers.parse(s);
            if (number == null) {
                throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                        + " takes integer hints; '" + s + "' is not an integer (not a number as a whole: the server would"
                        + " read only its numeric prefix, or 0)");
            }
            long id = integral(number, "'" + s + "'", table);
            if (!stored && Math.abs(id) >= MySqlNumbers.DOUBLE_EXACT) {
                throw tooLargeForDouble("'" + s + "'", table);
            }
            return new Int(id);
        }
        throw unsupported(value, table);
    }

    private static ShardlineException tooLargeForDouble(String shown, LogicalTable table) {
        return ShardlineException.invalid("hint " + shown + " for table " + table.name() + " is compared as a double by"
                + " MySQL, which cannot tell integers apart from 2^53 up, so rows of other shards could match; give"
                + " it as an integer");
    }

    private static long integral(BigDecimal dec, String shown, LogicalTable table) throws ShardlineException {
        try {
            return exactLong(dec.toBigIntegerExact(), table);
        } catch (ArithmeticException e) {
            throw ShardlineException.invalid("hint column " + table.hintColumn() + " of table " + table.name()
                    + " takes integer hints; " + shown + " is not an integer (compared, it matches no id; stored,"
                    + " the server would round it)");
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
