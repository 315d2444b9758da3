package io.shardline.router.sql;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Expressions that evaluate the same on any server holding the same rows: columns, literals, {@code ?}, comparisons,
 * logic, arithmetic and a list of deterministic functions that read no session state (no time of day, randomness,
 * user or system variables, connection ids, locks, character-set conversion of numbers to text). A whitelist: an
 * operator or function not named here makes the expression impure, so a new construct is never pushed by accident.
 */
final class PureExpressions {
    /** Deterministic, session-free functions (MySQL and H2 spell them alike). */
    private static final Set<String> FUNCTIONS = Set.of("ABS", "CEIL", "CEILING", "FLOOR", "ROUND", "TRUNCATE", "MOD",
            "SIGN", "GREATEST", "LEAST", "COALESCE", "IFNULL", "NULLIF", "IF", "ISNULL", "LOWER", "UPPER", "LCASE",
            "UCASE", "LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH", "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "TRIM",
            "LTRIM", "RTRIM", "REPLACE", "LOCATE", "INSTR", "LPAD", "RPAD", "REVERSE", "YEAR", "MONTH", "DAY",
            "DAYOFMONTH", "HOUR", "MINUTE", "SECOND", "DATE", "QUARTER", "DAYOFWEEK", "DAYOFYEAR", "WEEKDAY",
            "DATE_ADD", "DATE_SUB", "ADDDATE", "SUBDATE", "DATEDIFF", "TO_DAYS");
    /** Words JSqlParser may read as a bare column but that the server evaluates from the session or the clock. */
    private static final Set<String> KEYWORDS = Set.of("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
            "LOCALTIME", "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP", "CURRENT_USER", "USER",
            "SYSDATE", "NOW", "CURDATE", "CURTIME", "UNIX_TIMESTAMP", "CURRENT_ROLE", "DATABASE", "SCHEMA",
            "TRUE", "FALSE", "UNKNOWN", "NULL", "DEFAULT");

    private PureExpressions() {
    }

    /** Whether a bare name is a keyword that the server would not read as a column. */
    static boolean isKeyword(String name) {
        return name != null && !name.startsWith("`") && KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
    }

    /** Whether {@code root} is pure; adds its columns to {@code columns}. Iterative over long AND/OR chains. */
    static boolean pure(Expression root, List<Column> columns) {
        return pure(root, columns, null);
    }

    /** As {@link #pure(Expression, List)}, adding every node visited to {@code nodes} when it is not null. */
    static boolean pure(Expression root, List<Column> columns, List<Expression> nodes) {
        ArrayDeque<Expression> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Expression e = pending.pop();
            if (e == null) {
                return false;
            }
            if (nodes != null) {
                nodes.add(e);
            }
            if (e instanceof Column c) {
                if (c.getTable() == null && isKeyword(c.getColumnName())) {
                    return false;
                }
                columns.add(c);
            } else if (e instanceof LongValue || e instanceof DoubleValue || e instanceof StringValue
                    || e instanceof NullValue || e instanceof HexValue || e instanceof DateValue
                    || e instanceof TimeValue || e instanceof TimestampValue) {
                continue;
            } else if (e instanceof JdbcParameter p) {
                if (p.isUseFixedIndex()) {
                    return false; // ?1 is not MySQL
                }
            } else if (e instanceof Select) {
                return false; // a subquery reads other rows
            } else if (e instanceof Parenthesis p) {
                pending.push(p.getExpression());
            } else if (e instanceof ExpressionList<?> list) {
                for (Expression x : list) {
                    pending.push(x);
                }
            } else if (e instanceof SignedExpression s) {
                pending.push(s.getExpression());
            } else if (e instanceof NotExpression n) {
                pending.push(n.getExpression());
            } else if (e instanceof AndExpression || e instanceof OrExpression || e instanceof XorExpression
                    || e instanceof EqualsTo || e instanceof NotEqualsTo || e instanceof GreaterThan
                    || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals
                    || e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
                    || e instanceof Division || e instanceof IntegerDivision || e instanceof Modulo
                    || e instanceof BitwiseAnd || e instanceof BitwiseOr || e instanceof BitwiseXor) {
                BinaryExpression b = (BinaryExpression) e;
                if (e instanceof EqualsTo eq && eq.getOldOracleJoinSyntax() != 0) {
                    return false;
                }
                pending.push(b.getLeftExpression());
                pending.push(b.getRightExpression());
            } else if (e instanceof LikeExpression like) {
                if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE
                        && like.getLikeKeyWord() != LikeExpression.KeyWord.REGEXP
                        && like.getLikeKeyWord() != LikeExpression.KeyWord.RLIKE) {
                    return false;
                }
                pending.push(like.getLeftExpression());
                pending.push(like.getRightExpression());
                if (like.getEscape() != null) {
                    pending.push(like.getEscape());
                }
            } else if (e instanceof InExpression in) {
                if (!(in.getRightExpression() instanceof ExpressionList<?>) || in.getRightExpression() instanceof Select) {
                    return false;
                }
                pending.push(in.getLeftExpression());
                pending.push(in.getRightExpression());
            } else if (e instanceof Between b) {
                pending.push(b.getLeftExpression());
                pending.push(b.getBetweenExpressionStart());
                pending.push(b.getBetweenExpressionEnd());
            } else if (e instanceof IsNullExpression n) {
                pending.push(n.getLeftExpression());
            } else if (e instanceof IsBooleanExpression b) {
                pending.push(b.getLeftExpression());
            } else if (e instanceof CaseExpression c) {
                if (c.getSwitchExpression() != null) {
                    pending.push(c.getSwitchExpression());
                }
                if (c.getElseExpression() != null) {
                    pending.push(c.getElseExpression());
                }
                for (WhenClause w : c.getWhenClauses()) {
                    pending.push(w.getWhenExpression());
                    pending.push(w.getThenExpression());
                }
            } else if (e instanceof IntervalExpression i) {
                if (i.getExpression() != null) {
                    pending.push(i.getExpression());
                }
            } else if (e instanceof ExtractExpression x) {
                pending.push(x.getExpression());
            } else if (e instanceof Function f) {
                if (f.getName() == null || !FUNCTIONS.contains(f.getName().toUpperCase(Locale.ROOT))
                        || f.isAllColumns() || f.isDistinct() || f.getKeep() != null
                        || f.getNamedParameters() != null || f.getOrderByElements() != null
                        || f.getAttribute() != null || f.getChainedParameters() != null) {
                    return false;
                }
                if (f.getParameters() != null) {
                    pending.push(f.getParameters());
                }
            } else {
                return false;
            }
        }
        return true;
    }
}
