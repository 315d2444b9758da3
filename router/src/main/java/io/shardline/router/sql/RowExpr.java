package io.shardline.router.sql;

import java.util.List;

/**
 * An expression over merged rows: a HAVING clause, kept in a form Shardline evaluates after combining the shards'
 * groups. Column references name a select item, alias or group expression; aggregates name their call.
 */
public sealed interface RowExpr {
    record Literal(Object value) implements RowExpr {
    }

    record Param(int index) implements RowExpr {
    }

    record Column(SqlExpr expr) implements RowExpr {
    }

    record Aggregate(AggregateCall call) implements RowExpr {
    }

    /** {@code =, <>, <, <=, >, >=, <=>}. */
    record Compare(String op, RowExpr left, RowExpr right) implements RowExpr {
    }

    /** {@code AND} / {@code OR} over two or more operands. */
    record Logic(boolean and, List<RowExpr> operands) implements RowExpr {
        public Logic {
            operands = List.copyOf(operands);
        }
    }

    record Not(RowExpr operand) implements RowExpr {
    }

    record IsNull(RowExpr operand, boolean not) implements RowExpr {
    }

    record Between(RowExpr operand, RowExpr low, RowExpr high, boolean not) implements RowExpr {
    }

    record In(RowExpr operand, List<RowExpr> items, boolean not) implements RowExpr {
        public In {
            items = List.copyOf(items);
        }
    }

    /** {@code + - * /}. */
    record Arithmetic(char op, RowExpr left, RowExpr right) implements RowExpr {
    }
}
