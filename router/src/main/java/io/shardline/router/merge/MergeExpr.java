package io.shardline.router.merge;

import java.util.List;

/** A HAVING condition over merged rows, its column references resolved to column numbers (as in {@link SortKey}). */
public sealed interface MergeExpr {
    record Const(Object value) implements MergeExpr {
        @Override
        public String toString() {
            return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        }
    }

    record Col(int column) implements MergeExpr {
        @Override
        public String toString() {
            return "#" + Columns.name(column);
        }
    }

    record Compare(String op, MergeExpr left, MergeExpr right) implements MergeExpr {
        @Override
        public String toString() {
            return left + " " + op + " " + right;
        }
    }

    record Logic(boolean and, List<MergeExpr> operands) implements MergeExpr {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < operands.size(); i++) {
                b.append(i == 0 ? "" : and ? " AND " : " OR ").append(operands.get(i));
            }
            return b.append(')').toString();
        }
    }

    record Not(MergeExpr operand) implements MergeExpr {
        @Override
        public String toString() {
            return "NOT " + operand;
        }
    }

    record IsNull(MergeExpr operand, boolean not) implements MergeExpr {
        @Override
        public String toString() {
            return operand + (not ? " IS NOT NULL" : " IS NULL");
        }
    }

    record Between(MergeExpr operand, MergeExpr low, MergeExpr high, boolean not) implements MergeExpr {
        @Override
        public String toString() {
            return operand + (not ? " NOT" : "") + " BETWEEN " + low + " AND " + high;
        }
    }

    record In(MergeExpr operand, List<MergeExpr> items, boolean not) implements MergeExpr {
        @Override
        public String toString() {
            return operand + (not ? " NOT IN " : " IN ") + items;
        }
    }

    record Arithmetic(char op, MergeExpr left, MergeExpr right) implements MergeExpr {
        @Override
        public String toString() {
            return "(" + left + " " + op + " " + right + ")";
        }
    }
}
