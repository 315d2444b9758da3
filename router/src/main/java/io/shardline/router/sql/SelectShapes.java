package io.shardline.router.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Builds the {@link SelectShape} of a statement's outermost SELECT from JSqlParser's tree (items, aggregates, HAVING)
 * and the lexer's tokens (where the clauses start, skipping what nests in parentheses). Single use.
 */
final class SelectShapes {
    /** The aggregates whose partial results Shardline combines exactly. */
    private static final Set<String> MERGED = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG");
    /** Every MySQL aggregate: the others cannot be combined from per-shard results. */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "MIN", "MAX", "AVG", "BIT_AND", "BIT_OR",
            "BIT_XOR", "GROUP_CONCAT", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP",
            "VAR_POP", "VAR_SAMP", "VARIANCE", "ANY_VALUE", "LISTAGG", "ARRAY_AGG", "MEDIAN");

    private final String sql;
    private final List<Token> tokens;
    private final StatementExtractor extractor;

    private SelectShapes(String sql, List<Token> tokens, StatementExtractor extractor) {
        this.sql = sql;
        this.tokens = tokens;
        this.extractor = extractor;
    }

    static SelectShape of(Select select, String sql, List<Token> tokens, StatementExtractor extractor) {
        if (select instanceof SetOperationList) {
            return SelectShape.refused("UNION, INTERSECT and EXCEPT are not merged across shards; run each branch as"
                    + " its own statement");
        }
        if (!(select instanceof PlainSelect ps)) {
            return SelectShape.refused("a parenthesised or VALUES query is not merged across shards");
        }
        try {
            return new SelectShapes(sql, tokens, extractor).build(ps);
        } catch (Refusal r) {
            return SelectShape.refused(r.getMessage());
        }
    }

    /** Why the outermost SELECT cannot be merged; thrown while building, kept as the shape's refusal. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private SelectShape build(PlainSelect ps) {
        if (ps.getIntoTables() != null || ps.getMySqlSelectIntoClause() != null) {
            throw new Refusal("SELECT ... INTO is not run over several shards");
        }
        if (ps.getMySqlSqlCalcFoundRows()) {
            throw new Refusal("SQL_CALC_FOUND_ROWS is not merged across shards; run a COUNT(*) instead");
        }
        if (ps.getWindowDefinitions() != null || ps.getQualify() != null) {
            throw new Refusal("window functions are not merged across shards");
        }
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            throw new Refusal("DISTINCT ON is not MySQL");
        }
        if (ps.getGroupBy() != null && (ps.getGroupBy().isMysqlWithRollup() || ps.getGroupBy().getGroupingSets() != null
                && !ps.getGroupBy().getGroupingSets().isEmpty())) {
            throw new Refusal("GROUP BY ... WITH ROLLUP and grouping sets are not merged across shards");
        }
        if (ps.getFetch() != null || ps.getTop() != null || ps.getFirst() != null || ps.getSkip() != null) {
            throw new Refusal("FETCH, TOP, FIRST and SKIP are not MySQL; use LIMIT");
        }
        Clauses clauses = clauses();
        List<SelectShape.SelectColumn> columns = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            columns.add(column(item));
        }
        int[] first = StatementExtractor.span(ps.getSelectItems().get(0));
        int[] last = StatementExtractor.span(ps.getSelectItems().get(ps.getSelectItems().size() - 1));
        if (first == null || last == null) {
            throw new Refusal("cannot locate the select list in the SQL text");
        }
        if (ps.getDistinct() != null || ps.getGroupBy() != null || ps.getOrderByElements() != null
                || columns.stream().anyMatch(c -> c.aggregate() != null)) { // the merge compares the items
            requireCollationFree(new int[] {first[0], last[1]}, "the select list", false);
        }
        List<SqlExpr> groupBy = new ArrayList<>();
        if (ps.getGroupBy() != null) {
            for (Expression e : ps.getGroupBy().getGroupByExpressionList()) {
                requireNoAggregate(e, "GROUP BY");
                requireCollationFree(span(e), "GROUP BY", false);
                groupBy.add(expr(e));
            }
        }
        if (ps.getHaving() != null) {
            requireCollationFree(span(ps.getHaving()), "HAVING", true);
        }
        RowExpr having = ps.getHaving() == null ? null : rowExpr(ps.getHaving());
        List<SelectShape.OrderKey> orderBy = new ArrayList<>();
        if (ps.getOrderByElements() != null) {
            for (OrderByElement o : ps.getOrderByElements()) {
                Expression e = o.getExpression();
                requireNoWindow(e);
                requireCollationFree(span(e), "ORDER BY", false);
                AggregateCall aggregate = aggregate(e);
                if (aggregate == null) {
                    requireNoAggregate(e, "ORDER BY");
                }
                Boolean nullsFirst = o.getNullOrdering() == null ? null
                        : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
                orderBy.add(new SelectShape.OrderKey(expr(e), !o.isAsc(), nullsFirst, aggregate));
            }
        }
        ValueRef offset = null;
        ValueRef count = null;
        Limit limit = ps.getLimit();
        if (limit != null) {
            if (limit.isLimitAll() || limit.isLimitNull()) {
                throw new Refusal("LIMIT ALL and LIMIT NULL are not MySQL");
            }
            count = limitValue(limit.getRowCount());
            offset = limit.getOffset() == null ? null : limitValue(limit.getOffset());
        }
        if (ps.getOffset() != null) {
            offset = limitValue(ps.getOffset().getOffset());
        }
        return new SelectShape(null, clauses.selectEnd, clauses.distinct, columns, first[0], last[1],
                clauses.bodyEnd(), groupBy, having, orderBy, offset, count, clauses.limitStart,
                clauses.limitEnd(), clauses.tailStart);
    }

    private ValueRef limitValue(Expression e) {
        ValueRef v = e == null ? null : extractor.value(StatementExtractor.unwrap(e));
        if (v == null || v instanceof ValueRef.Literal l && !(l.value() instanceof Long)) {
            throw new Refusal("LIMIT takes integer literals or ? placeholders; " + e + " is neither");
        }
        return v;
    }

    // ---- select items --------------------------------------------------------------------------------------

    private SelectShape.SelectColumn column(SelectItem<?> item) {
        Expression e = item.getExpression();
        boolean star = e instanceof AllColumns; // AllTableColumns (t.*) extends AllColumns
        requireNoWindow(e);
        int[] itemSpan = span(item);
        String alias = item.getAlias() == null ? null : aliasName(itemSpan);
        SqlExpr expr = star || StatementExtractor.span(e) == null
                ? text(itemSpan[0], alias == null ? itemSpan[1] : beforeAlias(itemSpan), e) : expr(e);
        AggregateCall aggregate = star ? null : aggregate(e);
        if (aggregate == null && !star) {
            requireNoAggregate(e, "the select item " + sql.substring(expr.start(), expr.end()));
        }
        String label = alias != null ? alias : expr.column() != null ? expr.column()
                : sql.substring(expr.start(), expr.end());
        return new SelectShape.SelectColumn(expr, span(item)[1], alias, label, star, aggregate);
    }

    /** The aggregate call when {@code e} is exactly one, refusing the aggregates Shardline does not merge. */
    private AggregateCall aggregate(Expression e) {
        e = StatementExtractor.unwrap(e);
        if (!(e instanceof Function f) || !AGGREGATES.contains(f.getName().toUpperCase(Locale.ROOT))) {
            return null;
        }
        String name = f.getName().toUpperCase(Locale.ROOT);
        if (!MERGED.contains(name)) {
            throw new Refusal(name + " is not merged across shards; Shardline merges COUNT, SUM, MIN, MAX and AVG");
        }
        if (f.getKeep() != null || f.getOrderByElements() != null || f.getHavingClause() != null || f.isUnique()) {
            throw new Refusal("the aggregate " + written(e) + " uses options Shardline does not merge");
        }
        List<SqlExpr> args = new ArrayList<>();
        ExpressionList<?> params = f.getParameters();
        if (params != null) {
            for (Expression p : params) {
                requireNoAggregate(p, "the aggregate " + written(e));
                args.add(expr(p));
            }
        }
        boolean star = f.isAllColumns() || args.size() == 1 && args.get(0).normalized().equals("*");
        if (!star && args.isEmpty() || args.size() > 1 && !(name.equals("COUNT") && f.isDistinct())) {
            throw new Refusal("the aggregate " + written(e) + " takes one argument");
        }
        int[] sp = span(e);
        return new AggregateCall(name, f.isDistinct(), star, star ? List.of() : args, normalize(sp[0], sp[1]), sp[0], sp[1]);
    }

    private void requireNoAggregate(Expression e, String where) {
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Function f, S context) {
                if (AGGREGATES.contains(f.getName().toUpperCase(Locale.ROOT))) {
                    throw new Refusal(where + " computes on an aggregate; across shards Shardline merges plain"
                            + " aggregate calls only (compute the rest in the application)");
                }
                return super.visit(f, context);
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null; // a subquery's aggregates run inside each shard's statement
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
    }

    private void requireNoWindow(Expression e) {
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(AnalyticExpression a, S context) {
                throw new Refusal("window functions (" + a + ") are not merged across shards");
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
    }

    // ---- HAVING ---------------------------------------------------------------------------------------------

    private RowExpr rowExpr(Expression e) {
        e = StatementExtractor.unwrap(e);
        if (e instanceof AndExpression || e instanceof OrExpression) {
            boolean and = e instanceof AndExpression;
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            return new RowExpr.Logic(and, List.of(rowExpr(b.getLeftExpression()), rowExpr(b.getRightExpression())));
        }
        if (e instanceof NotExpression n) {
            return new RowExpr.Not(rowExpr(n.getExpression()));
        }
        String op = e instanceof EqualsTo ? "=" : e instanceof NotEqualsTo ? "<>" : e instanceof GreaterThan ? ">"
                : e instanceof GreaterThanEquals ? ">=" : e instanceof MinorThan ? "<" : e instanceof MinorThanEquals ? "<="
                : null;
        if (op != null) {
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            return new RowExpr.Compare(op, rowExpr(b.getLeftExpression()), rowExpr(b.getRightExpression()));
        }
        if (e instanceof IsNullExpression n) {
            return new RowExpr.IsNull(rowExpr(n.getLeftExpression()), n.isNot());
        }
        if (e instanceof Between b) {
            return new RowExpr.Between(rowExpr(b.getLeftExpression()), rowExpr(b.getBetweenExpressionStart()),
                    rowExpr(b.getBetweenExpressionEnd()), b.isNot());
        }
        if (e instanceof InExpression in && in.getRightExpression() instanceof ExpressionList<?> list
                && !(in.getRightExpression() instanceof Select)) {
            List<RowExpr> items = new ArrayList<>();
            for (Expression item : list) {
                items.add(rowExpr(item));
            }
            return new RowExpr.In(rowExpr(in.getLeftExpression()), items, in.isNot());
        }
        char arithmetic = e instanceof Addition ? '+' : e instanceof Subtraction ? '-' : e instanceof Multiplication ? '*'
                : e instanceof Division ? '/' : 0;
        if (arithmetic != 0) {
            net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
            return new RowExpr.Arithmetic(arithmetic, rowExpr(b.getLeftExpression()), rowExpr(b.getRightExpression()));
        }
        if (e instanceof JdbcParameter p) {
            return new RowExpr.Param(extractor.parameterIndex(p));
        }
        Object literal = extractor.literal(e);
        if (literal != StatementExtractor.NOT_A_LITERAL) {
            return new RowExpr.Literal(literal);
        }
        AggregateCall aggregate = aggregate(e);
        if (aggregate != null) {
            return new RowExpr.Aggregate(aggregate);
        }
        if (e instanceof Select) {
            throw new Refusal("HAVING with a subquery is not evaluated after merging shards");
        }
        requireNoAggregate(e, "HAVING " + written(e));
        return new RowExpr.Column(expr(e));
    }

    /**
     * Merges compare strings by the dialect's collation (bytes as bytes); {@code COLLATE} makes the server compare a
     * string by another one. In HAVING, which the merge evaluates itself, {@code BINARY x}, {@code CAST(x AS BINARY)}
     * and {@code _binary'..'} compare bytes with a string, which the merge would compare by the collation.
     */
    private void requireCollationFree(int[] sp, String where, boolean binaryToo) {
        for (Token t : tokens) {
            String word = t.kind() == TokenKind.WORD && t.start() >= sp[0] && t.end() <= sp[1] ? t.text(sql) : "";
            if (word.equalsIgnoreCase("COLLATE")
                    || binaryToo && (word.equalsIgnoreCase("BINARY") || word.equalsIgnoreCase("_binary"))) {
                throw new Refusal(where + " with " + word + " compares as the server does, not as the merge does");
            }
        }
    }

    // ---- text -----------------------------------------------------------------------------------------------

    /**
     * The alias as the server reads it, from the item's last token: an identifier, or a string ({@code AS 'x'},
     * {@code AS "x"}: JSqlParser saw the latter single-quoted, with other characters inside).
     */
    private String aliasName(int[] itemSpan) {
        Token last = null;
        for (Token t : tokens) {
            if (!t.isComment() && t.start() >= itemSpan[0] && t.end() <= itemSpan[1]) {
                last = t;
            }
        }
        Object literal = last == null ? StatementExtractor.NOT_A_LITERAL : Literals.value(sql, last);
        if (literal instanceof String s) {
            return s;
        }
        return last == null ? null : MySqlText.unquoteIdentifier(last.text(sql));
    }

    /** The end of a select item's expression: before its alias and the AS keyword. */
    private int beforeAlias(int[] itemSpan) {
        List<Token> inside = new ArrayList<>();
        for (Token t : tokens) {
            if (!t.isComment() && t.start() >= itemSpan[0] && t.end() <= itemSpan[1]) {
                inside.add(t);
            }
        }
        int last = inside.size() - 2; // the alias is the last token
        if (last >= 0 && inside.get(last).kind() == TokenKind.WORD
                && inside.get(last).text(sql).equalsIgnoreCase("AS")) {
            last--;
        }
        return last >= 0 ? inside.get(last).end() : itemSpan[1];
    }

    private SqlExpr text(int start, int end, Expression e) {
        return new SqlExpr(start, end, normalize(start, end), column(e), null);
    }

    private static String column(Expression e) {
        Expression inner = StatementExtractor.unwrap(e);
        return inner instanceof Column c && !c.getColumnName().startsWith("\"")
                ? MySqlText.unquoteIdentifier(c.getColumnName()) : null;
    }

    private SqlExpr expr(Expression e) {
        int[] sp = span(e);
        String column = null;
        Expression inner = StatementExtractor.unwrap(e);
        if (inner instanceof Column c && !c.getColumnName().startsWith("\"")) {
            column = MySqlText.unquoteIdentifier(c.getColumnName());
        }
        Integer position = null;
        if (inner instanceof net.sf.jsqlparser.expression.LongValue lv && lv.getValue() > 0
                && lv.getValue() <= Integer.MAX_VALUE) {
            position = (int) lv.getValue();
        }
        return new SqlExpr(sp[0], sp[1], normalize(sp[0], sp[1]), column, position);
    }

    /** A node as the user wrote it (JSqlParser's own printing shows the parser's copy: {@code ~x} for BINARY x). */
    private String written(Object node) {
        int[] sp = StatementExtractor.span(node);
        return sp == null ? String.valueOf(node) : sql.substring(sp[0], sp[1]);
    }

    /** The text span of a node, or of a binary expression's operands when JSqlParser kept no tokens for it. */
    private int[] span(Object node) {
        int[] sp = StatementExtractor.span(node);
        if (sp == null && node instanceof net.sf.jsqlparser.expression.BinaryExpression b) {
            int[] l = span(b.getLeftExpression());
            int[] r = span(b.getRightExpression());
            sp = new int[] {l[0], r[1]};
        }
        if (sp == null) {
            throw new Refusal("cannot locate " + node + " in the SQL text");
        }
        return sp;
    }

    /** The tokens of {@code [start, end)} without case, quotes or spacing: equal for equal expressions. */
    private String normalize(int start, int end) {
        StringBuilder out = new StringBuilder();
        boolean wordBefore = false;
        for (Token t : tokens) {
            if (t.start() < start || t.end() > end || t.isComment()) {
                continue;
            }
            String text = t.text(sql);
            boolean word = t.kind() == TokenKind.WORD || t.kind() == TokenKind.QUOTED_IDENTIFIER
                    || t.kind() == TokenKind.NUMBER;
            if (word && wordBefore) {
                out.append(' ');
            }
            switch (t.kind()) {
                case WORD -> out.append(text.toLowerCase(Locale.ROOT));
                case QUOTED_IDENTIFIER -> out.append(MySqlText.unquoteIdentifier(text).toLowerCase(Locale.ROOT));
                default -> out.append(text);
            }
            wordBefore = word;
        }
        return out.toString();
    }

    /** Where the outermost SELECT's clauses start: keywords at parenthesis depth 0. */
    private static final class Clauses {
        int selectEnd = -1;
        int[] distinct;
        int from = -1;
        int afterList = -1;
        int limitStart = -1;
        int tailStart = -1;
        /** The end of the last non-comment token before each clause keyword, by keyword start. */
        final java.util.TreeMap<Integer, Integer> endBefore = new java.util.TreeMap<>();
        int lastEnd;

        int bodyEnd() {
            return afterList < 0 ? lastEnd : endBefore.get(afterList);
        }

        int limitEnd() {
            return limitStart < 0 ? -1 : tailStart < 0 ? lastEnd : endBefore.get(tailStart);
        }
    }

    private Clauses clauses() {
        Clauses c = new Clauses();
        int depth = 0;
        int previousEnd = 0;
        for (Token t : tokens) {
            if (t.isComment()) {
                continue;
            }
            String text = t.text(sql);
            if (t.kind() == TokenKind.SYMBOL && text.equals("(")) {
                depth++;
            } else if (t.kind() == TokenKind.SYMBOL && text.equals(")")) {
                depth--;
            } else if (depth == 0 && t.kind() == TokenKind.WORD) {
                String word = text.toUpperCase(Locale.ROOT);
                if (c.selectEnd < 0) {
                    if (word.equals("SELECT")) {
                        c.selectEnd = t.end();
                    }
                } else if (c.from < 0) {
                    if (word.equals("FROM")) {
                        c.from = t.start();
                    } else if ((word.equals("DISTINCT") || word.equals("DISTINCTROW")) && c.distinct == null) {
                        c.distinct = new int[] {t.start(), t.end()};
                    }
                } else {
                    switch (word) {
                        case "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FOR", "LOCK", "INTO" -> {
                            c.endBefore.put(t.start(), previousEnd);
                            if (c.afterList < 0) {
                                c.afterList = t.start();
                            }
                            if ((word.equals("LIMIT") || word.equals("OFFSET")) && c.limitStart < 0) {
                                c.limitStart = t.start();
                            }
                            if ((word.equals("FOR") || word.equals("LOCK")) && c.tailStart < 0) {
                                c.tailStart = t.start();
                            }
                        }
                        default -> { }
                    }
                }
            }
            previousEnd = t.end();
        }
        c.lastEnd = previousEnd;
        if (c.selectEnd < 0) {
            throw new Refusal("cannot find the SELECT keyword");
        }
        return c;
    }
}
