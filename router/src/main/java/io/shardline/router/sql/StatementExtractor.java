package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Walks a JSqlParser tree once and records what routing needs: table references with their text positions and
 * SELECT scopes, equality and IN conditions of AND-chains, column-to-column links, inserted rows, assignments.
 * Single use, not thread-safe. Failures travel as {@link Failure} through JSqlParser's visitors and are unwrapped
 * by {@link SqlAnalyzer}.
 */
final class StatementExtractor {
    /** A checked failure carried through visitor methods that cannot declare it. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(ShardlineException cause) {
            super(cause);
        }

        ShardlineException exception() {
            return (ShardlineException) getCause();
        }
    }

    private final int[] paramStarts;
    final List<TableRef> tables = new ArrayList<>();
    final List<QualifierRef> deleteTargets = new ArrayList<>();
    final List<Integer> scopeParents = new ArrayList<>();
    final List<Condition> conditions = new ArrayList<>();
    final List<ColumnLink> links = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    final Set<Integer> tableStarts = new HashSet<>();
    private final Set<String> cteNames = new HashSet<>();
    InsertRows insert;
    StatementKind kind;
    boolean lockingRead;

    StatementExtractor(int[] paramStarts) {
        this.paramStarts = paramStarts;
    }

    static ShardlineException fail(String message) {
        return ShardlineException.notAllowed(message);
    }

    void statement(Statement st) {
        statement(st, newScope(-1));
    }

    private void statement(Statement st, int root) {
        if (st instanceof Select s) {
            kind = StatementKind.SELECT;
            select(s, root);
        } else if (st instanceof Insert i) {
            kind = StatementKind.INSERT;
            insert(i, root);
        } else if (st instanceof Upsert u) {
            if (!u.getUpsertType().name().startsWith("REPLACE")) {
                throw new Failure(fail(u.getUpsertType() + " statements are not MySQL; use INSERT or REPLACE"));
            }
            kind = StatementKind.REPLACE;
            replace(u, root);
        } else if (st instanceof Update u) {
            kind = StatementKind.UPDATE;
            update(u, root);
        } else if (st instanceof Delete d) {
            kind = StatementKind.DELETE;
            delete(d, root);
        } else if (st instanceof DescribeStatement d) {
            kind = StatementKind.DESCRIBE;
            addTable(d.getTable(), root);
        } else if (st instanceof ExplainStatement e) {
            if (e.getStatement() != null) {
                statement(e.getStatement(), root);
                kind = StatementKind.EXPLAIN;
                lockingRead = false;
            } else {
                kind = StatementKind.DESCRIBE;
                addTable(e.getTable(), root);
            }
        } else {
            throw new Failure(fail("only SELECT, INSERT, REPLACE, UPDATE, DELETE, DESC, DESCRIBE and EXPLAIN"
                    + " statements are allowed; this is " + describe(st)));
        }
    }

    private static String describe(Statement st) {
        String name = st.getClass().getSimpleName().replace("Statement", "");
        return name.isEmpty() ? "an unsupported statement" : "a " + name.toUpperCase() + " statement";
    }

    private int newScope(int parent) {
        scopeParents.add(parent);
        return scopeParents.size() - 1;
    }

    // ---- SELECT ------------------------------------------------------------------------------------------

    private void withItems(List<WithItem<?>> items, int scope) {
        if (items == null) {
            return;
        }
        for (WithItem<?> w : items) {
            cteNames.add(MySqlText.unquoteIdentifier(w.getAliasName()));
            if (w.getSelect() != null) {
                select(w.getSelect(), scope);
            } else {
                throw new Failure(fail("WITH items other than SELECT are not supported"));
            }
        }
    }

    private void select(Select s, int scope) {
        withItems(s.getWithItemsList(), scope);
        if (s.getForMode() != null) {
            lockingRead = true;
        }
        if (s instanceof PlainSelect ps) {
            plainSelect(ps, scope);
        } else if (s instanceof SetOperationList sol) {
            for (Select branch : sol.getSelects()) {
                select(branch, newScope(scope));
            }
            orderBy(sol.getOrderByElements(), scope);
        } else if (s instanceof ParenthesedSelect p) {
            select(p.getSelect(), newScope(scope));
        } else if (s instanceof Values v) {
            scan(v.getExpressions(), scope);
        } else {
            throw new Failure(fail("unsupported query form " + s.getClass().getSimpleName()));
        }
    }

    private void plainSelect(PlainSelect ps, int scope) {
        fromItem(ps.getFromItem(), scope);
        if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
                join(j, scope);
            }
        }
        if (ps.getWhere() != null) {
            conditions(ps.getWhere(), scope, -1);
        }
        if (ps.getSelectItems() != null) {
            for (SelectItem<?> item : ps.getSelectItems()) {
                scan(item.getExpression(), scope);
            }
        }
        GroupByElement groupBy = ps.getGroupBy();
        if (groupBy != null) {
            scan(groupBy.getGroupByExpressionList(), scope);
        }
        scan(ps.getHaving(), scope);
        orderBy(ps.getOrderByElements(), scope);
    }

    private void orderBy(List<OrderByElement> elements, int scope) {
        if (elements != null) {
            for (OrderByElement o : elements) {
                scan(o.getExpression(), scope);
            }
        }
    }

    private void fromItem(FromItem item, int scope) {
        if (item == null) {
            return;
        }
        if (item instanceof Table t) {
            addTable(t, scope);
        } else if (item instanceof ParenthesedFromItem p) {
            fromItem(p.getFromItem(), scope);
            if (p.getJoins() != null) {
                for (Join j : p.getJoins()) {
                    join(j, scope);
                }
            }
        } else if (item instanceof Select s) {
            select(s, scope);
        }
        // table functions and the like hold no tables of ours
    }

    private void join(Join j, int scope) {
        int before = tables.size();
        FromItem right = j.getRightItem();
        fromItem(right, scope);
        int rightTable = right instanceof Table && tables.size() == before + 1 ? before : -2;
        int onlyTable;
        if (j.isRight() || j.isFull()) {
            onlyTable = -2; // the preserved side is unknown to us: learn nothing from ON
        } else if (j.isLeft()) {
            onlyTable = rightTable;
        } else {
            onlyTable = -1;
        }
        if (j.getOnExpressions() != null) {
            for (Expression on : j.getOnExpressions()) {
                if (onlyTable == -2) {
                    scan(on, scope);
                } else {
                    conditions(on, scope, onlyTable);
                }
            }
        }
        if (j.getUsingColumns() != null && rightTable >= 0 && onlyTable != -2) {
            TableRef r = tables.get(rightTable);
            for (Column c : j.getUsingColumns()) {
                String column = MySqlText.unquoteIdentifier(c.getColumnName());
                for (int t = 0; t < rightTable; t++) {
                    TableRef other = tables.get(t);
                    if (other.scope() == scope) {
                        links.add(new ColumnLink(new ColumnRef(null, other.exposedName(), column, scope),
                                new ColumnRef(null, r.exposedName(), column, scope), onlyTable));
                    }
                }
            }
        }
    }

    // ---- writes ------------------------------------------------------------------------------------------

    private void insert(Insert i, int root) {
        withItems(i.getWithItemsList(), root);
        int target = addTable(i.getTable(), root);
        List<String> columns = columnNames(i.getColumns());
        if (i.getSetUpdateSets() != null && !i.getSetUpdateSets().isEmpty()) {
            setForm(target, i.getSetUpdateSets(), root);
        } else if (i.getSelect() instanceof Values values) {
            insert = new InsertRows(target, columns, rows(values, columns, root), false);
        } else {
            if (i.getSelect() != null) {
                select(i.getSelect(), newScope(root));
            }
            insert = new InsertRows(target, columns, List.of(), true);
        }
        if (i.getDuplicateUpdateSets() != null) {
            updateSets(i.getDuplicateUpdateSets(), root, true);
        }
    }

    private void replace(Upsert u, int root) {
        int target = addTable(u.getTable(), root);
        List<String> columns = columnNames(u.getColumns());
        if (u.getUpdateSets() != null && !u.getUpdateSets().isEmpty()) {
            setForm(target, u.getUpdateSets(), root);
        } else if (u.getSelect() instanceof Values values) {
            insert = new InsertRows(target, columns, rows(values, columns, root), false);
        } else {
            if (u.getSelect() != null) {
                select(u.getSelect(), newScope(root));
            }
            insert = new InsertRows(target, columns, List.of(), true);
        }
    }

    /** {@code INSERT INTO t SET a = 1, b = 2}: one row whose columns are the assigned ones. */
    private void setForm(int target, List<UpdateSet> sets, int root) {
        List<String> columns = new ArrayList<>();
        List<ValueRef> row = new ArrayList<>();
        for (UpdateSet set : sets) {
            for (int k = 0; k < set.getColumns().size(); k++) {
                columns.add(MySqlText.unquoteIdentifier(set.getColumn(k).getColumnName()));
                Expression value = set.getValue(k);
                row.add(valueOrExpression(value));
                scan(value, root);
            }
        }
        insert = new InsertRows(target, columns, List.of(row), false);
    }

    /** JSqlParser gives {@code VALUES (1,'a'),(2,'b')} as a list of rows, but a single row as its bare values. */
    private List<List<ValueRef>> rows(Values values, List<String> columns, int scope) {
        ExpressionList<?> list = values.getExpressions();
        List<List<ValueRef>> rows = new ArrayList<>();
        if (!list.isEmpty() && list.stream().allMatch(e -> e instanceof ExpressionList<?>)) {
            for (Expression e : list) {
                rows.add(row((ExpressionList<?>) e, scope));
            }
        } else if (columns != null && columns.size() == 1) {
            for (Expression e : list) {
                rows.add(row(new ExpressionList<>(e), scope));
            }
        } else {
            rows.add(row(list, scope));
        }
        return rows;
    }

    private List<ValueRef> row(ExpressionList<?> list, int scope) {
        List<ValueRef> row = new ArrayList<>(list.size());
        for (Expression e : list) {
            row.add(valueOrExpression(e));
            scan(e, scope);
        }
        return row;
    }

    private void update(Update u, int root) {
        withItems(u.getWithItemsList(), root);
        addTable(u.getTable(), root);
        if (u.getStartJoins() != null) {
            for (Join j : u.getStartJoins()) {
                join(j, root);
            }
        }
        fromItem(u.getFromItem(), root);
        if (u.getJoins() != null) {
            for (Join j : u.getJoins()) {
                join(j, root);
            }
        }
        updateSets(u.getUpdateSets(), root, false);
        if (u.getWhere() != null) {
            conditions(u.getWhere(), root, -1);
        }
        orderBy(u.getOrderByElements(), root);
    }

    private void updateSets(List<UpdateSet> sets, int scope, boolean onDuplicate) {
        for (UpdateSet set : sets) {
            for (int k = 0; k < set.getColumns().size(); k++) {
                ColumnRef column = column(set.getColumn(k), scope);
                Expression value = set.getValue(k);
                if (column != null) {
                    assignments.add(new Assignment(column, valueOrExpression(value), onDuplicate));
                }
                scan(value, scope);
            }
        }
    }

    private void delete(Delete d, int root) {
        withItems(d.getWithItemsList(), root);
        if (d.getTables() != null) {
            for (Table target : d.getTables()) {
                int[] span = nameSpan(target);
                deleteTargets.add(new QualifierRef(schemaOf(target), MySqlText.unquoteIdentifier(target.getName()),
                        span[0], span[1]));
            }
        }
        addTable(d.getTable(), root);
        if (d.getUsingList() != null) {
            for (Table t : d.getUsingList()) {
                addTable(t, root);
            }
        }
        if (d.getJoins() != null) {
            for (Join j : d.getJoins()) {
                join(j, root);
            }
        }
        if (d.getWhere() != null) {
            conditions(d.getWhere(), root, -1);
        }
        orderBy(d.getOrderByElements(), root);
    }

    // ---- tables ------------------------------------------------------------------------------------------

    /** Registers the table reference and returns its index, or -1 for {@code DUAL} and WITH names. */
    private int addTable(Table t, int scope) {
        if (t == null) {
            return -1;
        }
        String name = MySqlText.unquoteIdentifier(t.getName());
        String schema = schemaOf(t);
        if (t.getNameParts() != null && t.getNameParts().size() > 2) {
            throw new Failure(fail("table name " + t.getFullyQualifiedName() + " has more than two parts"));
        }
        if (schema == null && (cteNames.contains(name) || name.equalsIgnoreCase("dual"))) {
            return -1;
        }
        int[] span = nameSpan(t);
        if (!tableStarts.add(span[0])) {
            for (int i = 0; i < tables.size(); i++) {
                if (tables.get(i).start() == span[0]) {
                    return i;
                }
            }
        }
        String alias = t.getAlias() == null ? null : MySqlText.unquoteIdentifier(t.getAlias().getName());
        tables.add(new TableRef(schema, name, alias, span[0], span[1], scope));
        return tables.size() - 1;
    }

    /** Registers a table found only by JSqlParser's own finder, outside any scope we walked. */
    void addUnscopedTable(Table t) {
        String name = MySqlText.unquoteIdentifier(t.getName());
        if (schemaOf(t) == null && (cteNames.contains(name) || name.equalsIgnoreCase("dual"))) {
            return;
        }
        int[] span = nameSpan(t);
        if (tableStarts.contains(span[0]) || deleteTargets.stream().anyMatch(d -> d.start() == span[0])) {
            return;
        }
        addTable(t, newScope(-1));
    }

    private static String schemaOf(Table t) {
        return t.getSchemaName() == null ? null : MySqlText.unquoteIdentifier(t.getSchemaName());
    }

    /** {@code [start, end)} of {@code [schema.]name} in the SQL text: the node's first token and its dotted parts. */
    static int[] nameSpan(ASTNodeAccess node) {
        Node ast = node.getASTNode();
        if (ast == null) {
            throw new Failure(fail("cannot locate " + node + " in the SQL text"));
        }
        net.sf.jsqlparser.parser.Token first = ast.jjtGetFirstToken();
        net.sf.jsqlparser.parser.Token last = first;
        while (last.next != null && ".".equals(last.next.image) && last.next.next != null
                && last.next.next.kind != 0) {
            last = last.next.next;
        }
        return new int[] {first.absoluteBegin - 1, last.absoluteEnd - 1};
    }

    // ---- conditions and values ---------------------------------------------------------------------------

    private void conditions(Expression e, int scope, int onlyTable) {
        e = unwrap(e);
        if (e instanceof AndExpression and) {
            conditions(and.getLeftExpression(), scope, onlyTable);
            conditions(and.getRightExpression(), scope, onlyTable);
            return;
        }
        if (e instanceof EqualsTo eq) {
            Expression l = unwrap(eq.getLeftExpression());
            Expression r = unwrap(eq.getRightExpression());
            ColumnRef lc = column(l, scope);
            ColumnRef rc = column(r, scope);
            if (lc != null && rc != null) {
                links.add(new ColumnLink(lc, rc, onlyTable));
            } else if (lc != null && value(r) != null) {
                conditions.add(new Condition(lc, List.of(value(r)), onlyTable));
            } else if (rc != null && value(l) != null) {
                conditions.add(new Condition(rc, List.of(value(l)), onlyTable));
            }
            scan(l, scope);
            scan(r, scope);
            return;
        }
        if (e instanceof InExpression in && !in.isNot()) {
            ColumnRef c = column(unwrap(in.getLeftExpression()), scope);
            if (c != null && in.getRightExpression() instanceof ExpressionList<?> list && !list.isEmpty()) {
                List<ValueRef> values = new ArrayList<>(list.size());
                for (Expression item : list) {
                    ValueRef v = value(unwrap(item));
                    if (v == null) {
                        values = null;
                        break;
                    }
                    values.add(v);
                }
                if (values != null) {
                    conditions.add(new Condition(c, values, onlyTable));
                }
            }
            scan(in.getLeftExpression(), scope);
            scan(in.getRightExpression(), scope);
            return;
        }
        scan(e, scope);
    }

    private static Expression unwrap(Expression e) {
        while (true) {
            if (e instanceof Parenthesis p) {
                e = p.getExpression();
            } else if (e instanceof ExpressionList<?> list && list.size() == 1 && !(e instanceof Select)
                    && e.getClass() != ExpressionList.class) {
                e = list.get(0);
            } else {
                return e;
            }
        }
    }

    /** The column, or null when the expression is not one. A double-quoted name is a string in MySQL, not a column. */
    private static ColumnRef column(Expression e, int scope) {
        if (!(e instanceof Column c) || isDoubleQuotedString(c)) {
            return null;
        }
        Table t = c.getTable();
        String qualifier = t == null || t.getName() == null ? null : MySqlText.unquoteIdentifier(t.getName());
        String schema = t == null ? null : schemaOf(t);
        return new ColumnRef(schema, qualifier, MySqlText.unquoteIdentifier(c.getColumnName()), scope);
    }

    private static boolean isDoubleQuotedString(Column c) {
        return (c.getTable() == null || c.getTable().getName() == null) && c.getColumnName().startsWith("\"");
    }

    private ValueRef valueOrExpression(Expression e) {
        ValueRef v = value(unwrap(e));
        return v != null ? v : new ValueRef.Expression(e.toString());
    }

    /** The literal or placeholder, or null for anything Shardline does not evaluate. */
    private ValueRef value(Expression e) {
        if (e instanceof JdbcParameter p) {
            return new ValueRef.Param(parameterIndex(p));
        }
        Object literal = literal(e);
        if (literal != NOT_A_LITERAL) {
            return new ValueRef.Literal(literal);
        }
        return null;
    }

    private static final Object NOT_A_LITERAL = new Object();

    private static Object literal(Expression e) {
        if (e instanceof LongValue lv) {
            BigInteger big = lv.getBigIntegerValue();
            return big.bitLength() <= 63 ? (Object) big.longValue() : big;
        }
        if (e instanceof DoubleValue) {
            return new BigDecimal(e.toString());
        }
        if (e instanceof StringValue sv) {
            return MySqlText.unescape(sv.getValue(), '\'');
        }
        if (e instanceof Column c && isDoubleQuotedString(c)) {
            String text = c.getColumnName();
            return MySqlText.unescape(text.substring(1, text.length() - 1), '"');
        }
        if (e instanceof NullValue) {
            return null;
        }
        if (e instanceof HexValue hv) {
            String text = hv.getValue();
            String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2)
                    : text.substring(2, text.length() - 1);
            return digits.isEmpty() ? NOT_A_LITERAL : new BigInteger(digits, 16);
        }
        if (e instanceof SignedExpression se && (se.getSign() == '-' || se.getSign() == '+')) {
            Object inner = literal(unwrap(se.getExpression()));
            if (se.getSign() == '+' && inner instanceof Number) {
                return inner;
            }
            if (inner instanceof Long l) {
                return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
            }
            if (inner instanceof BigInteger b) {
                BigInteger neg = b.negate();
                return neg.bitLength() <= 63 ? (Object) neg.longValue() : neg;
            }
            if (inner instanceof BigDecimal d) {
                return d.negate();
            }
        }
        return NOT_A_LITERAL;
    }

    private int parameterIndex(JdbcParameter p) {
        Node node = p.getASTNode();
        if (node != null) {
            int at = Arrays.binarySearch(paramStarts, node.jjtGetFirstToken().absoluteBegin - 1);
            if (at >= 0) {
                return at + 1;
            }
        }
        throw new Failure(fail("cannot locate placeholder " + p + " in the SQL text"));
    }

    private static List<String> columnNames(ExpressionList<Column> columns) {
        if (columns == null || columns.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            names.add(MySqlText.unquoteIdentifier(c.getColumnName()));
        }
        return names;
    }

    /** Finds subqueries anywhere inside an expression and walks each as a scope of its own. */
    private void scan(Expression e, int scope) {
        if (e == null) {
            return;
        }
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                StatementExtractor.this.select(select, newScope(scope));
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                StatementExtractor.this.select(select, newScope(scope));
                return null;
            }
        }, null);
    }
}
