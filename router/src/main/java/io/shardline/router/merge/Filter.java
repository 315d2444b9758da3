package io.shardline.router.merge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;

/** HAVING over merged groups: rows for which the condition is true (not false, not NULL) pass. */
final class Filter implements RowStream {
    private final RowStream input;
    private final MergeExpr condition;
    private final int hidden;
    private final Collation collation;

    Filter(RowStream input, MergeExpr condition, int hidden, Collation collation) {
        this.input = input;
        this.condition = condition;
        this.hidden = hidden;
        this.collation = collation;
    }

    @Override
    public boolean next() throws SQLException {
        while (input.next()) {
            if (Boolean.TRUE.equals(truth(eval(condition)))) {
                return true;
            }
        }
        return false;
    }

    /** SQL's three values: TRUE, FALSE, NULL (null). */
    private static Boolean truth(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return Values.decimal(n).signum() != 0;
        }
        BigDecimal d = Values.parse(v.toString());
        return d != null && d.signum() != 0;
    }

    Object eval(MergeExpr e) throws SQLException {
        if (e instanceof MergeExpr.Const c) {
            return c.value();
        }
        if (e instanceof MergeExpr.Col c) {
            return input.get(Columns.index(c.column(), input.width(), hidden));
        }
        if (e instanceof MergeExpr.Compare c) {
            Object l = eval(c.left());
            Object r = eval(c.right());
            if (l == null || r == null) {
                return null;
            }
            int cmp = Values.compare(l, r, collation);
            return switch (c.op()) {
                case "=" -> cmp == 0;
                case "<>" -> cmp != 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
        }
        if (e instanceof MergeExpr.Logic l) {
            boolean sawNull = false;
            for (MergeExpr o : l.operands()) {
                Boolean t = truth(eval(o));
                if (t == null) {
                    sawNull = true;
                } else if (t != l.and()) {
                    return t; // FALSE decides an AND, TRUE an OR
                }
            }
            return sawNull ? null : l.and();
        }
        if (e instanceof MergeExpr.Not n) {
            Boolean t = truth(eval(n.operand()));
            return t == null ? null : !t;
        }
        if (e instanceof MergeExpr.IsNull n) {
            return (eval(n.operand()) == null) != n.not();
        }
        if (e instanceof MergeExpr.Between b) {
            Object v = eval(b.operand());
            Object lo = eval(b.low());
            Object hi = eval(b.high());
            if (v == null || lo == null || hi == null) {
                return null;
            }
            boolean in = Values.compare(v, lo, collation) >= 0 && Values.compare(v, hi, collation) <= 0;
            return in != b.not();
        }
        if (e instanceof MergeExpr.In in) {
            Object v = eval(in.operand());
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (MergeExpr item : in.items()) {
                Object x = eval(item);
                if (x == null) {
                    sawNull = true;
                } else if (Values.compare(v, x, collation) == 0) {
                    return !in.not();
                }
            }
            return sawNull ? null : in.not();
        }
        return arithmetic((MergeExpr.Arithmetic) e);
    }

    private Object arithmetic(MergeExpr.Arithmetic a) throws SQLException {
        Object l = eval(a.left());
        Object r = eval(a.right());
        if (l == null || r == null) {
            return null;
        }
        if (l instanceof String s) {
            l = Values.parse(s) == null ? BigDecimal.ZERO : Values.parse(s);
        }
        if (r instanceof String s) {
            r = Values.parse(s) == null ? BigDecimal.ZERO : Values.parse(s);
        }
        if (l instanceof Double || l instanceof Float || r instanceof Double || r instanceof Float) {
            double x = ((Number) l).doubleValue();
            double y = ((Number) r).doubleValue();
            return switch (a.op()) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> y == 0 ? null : x / y;
            };
        }
        BigDecimal x = Values.decimal(l);
        BigDecimal y = Values.decimal(r);
        return switch (a.op()) {
            case '+' -> x.add(y);
            case '-' -> x.subtract(y);
            case '*' -> x.multiply(y);
            default -> y.signum() == 0 ? null : x.divide(y, Math.max(0, x.scale()) + 4, RoundingMode.HALF_UP);
        };
    }

    @Override
    public Object get(int column) throws SQLException {
        return input.get(column);
    }

    @Override
    public ResultSet current() {
        return input.current();
    }

    @Override
    public int width() {
        return input.width();
    }

    @Override
    public void close() throws SQLException {
        input.close();
    }
}
