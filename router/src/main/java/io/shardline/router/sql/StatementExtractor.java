package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
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
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Walks a JSqlParser tree once and records what routing needs: table references with their text positions, SELECT
 * scopes (derived ones: FROM subqueries, WITH items, UNION branches) and outer-join sides, equality, IN, range and OR
 * predicates of AND-chains, column-to-column links, inserted rows with their text, assignments.
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

    private final String sql;
    private final int[] paramStarts;
    private final List<Token> tokens;
    final List<TableRef> tables = new ArrayList<>();
    final List<QualifierRef> deleteTargets = new ArrayList<>();
    final List<Integer> scopeParents = new ArrayList<>();
    final List<Boolean> derivedScopes = new ArrayList<>();
    final Set<Integer> nullableTables = new HashSet<>();
    final List<Condition> conditions = new ArrayList<>();
    final List<KeyRange> ranges = new ArrayList<>();
    final List<KeyOr> ors = new ArrayList<>();
    final List<ColumnLink> links = new ArrayList<>();
    final List<Assignment> assignments = new ArrayList<>();
    final Set<Integer> tableStarts = new HashSet<>();
    private final Set<String> cteNames = new HashSet<>();
    InsertRows insert;
    StatementKind kind;
    boolean lockingRead;
    /** An UPDATE or DELETE with ORDER BY or LIMIT: its rows depend on an order no single shard knows. */
    boolean orderedWrite;

    StatementExtractor(String sql, int[] paramStarts, List<Token> tokens) {
        this.sql = sql;
        this.paramStarts = paramStarts;
        this.tokens = tokens;
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
        } else if (!ddl(st, root)) {
            throw new Failure(fail("only SELECT, INSERT, REPLACE, UPDATE, DELETE, DESC, DESCRIBE, EXPLAIN and DDL on one"
                    + " table (CREATE/ALTER/DROP/TRUNCATE TABLE, CREATE INDEX) are allowed; this is " + describe(st)));
        }
    }

    /** DDL on one logical table, run on each of its physical tables; false for other statements. */
    private boolean ddl(Statement st, int root) {
        Table table;
        if (st instanceof CreateTable c) {
            if (c.getLikeTable() != null || c.getSelect() != null) {
                throw new Failure(fail("CREATE TABLE ... LIKE and CREATE TABLE ... AS SELECT are refused; write the"
                        + " columns out, so every shard gets the same definition"));
            }
            table = c.getTable();
        } else if (st instanceof Alter a) {
            for (AlterExpression e : a.getAlterExpressions()) {
                if (e.getOperation() == AlterOperation.RENAME_TABLE || e.getOperation() == AlterOperation.RENAME) {
                    throw new Failure(fail("ALTER TABLE ... RENAME is refused: the logical table's name lives in the"
                            + " split metadata; rename there and in the physical tables together"));
                }
            }
            table = a.getTable();
        } else if (st instanceof Drop d) {
            if (!"TABLE".equalsIgnoreCase(d.getType())) {
                throw new Failure(fail("DROP " + d.getType() + " is refused; drop an index with ALTER TABLE t DROP INDEX i"));
            }
            if (d.getNames() != null && d.getNames().size() > 1) {
                throw new Failure(fail("DROP TABLE names one table per statement here, so a failure part-way is clear"));
            }
            table = d.getName();
        } else if (st instanceof Truncate t) {
            if (t.getTables() != null && t.getTables().size() > 1) {
                throw new Failure(fail("TRUNCATE names one table per statement here"));
            }
            table = t.getTable();
        } else if (st instanceof CreateIndex ci) {
            table = ci.getTable();
        } else {
            return false;
        }
        kind = StatementKind.DDL;
        addTable(table, root);
        return true;
    }

    private static String describe(Statement st) {
        String name = st.getClass().getSimpleName().replace("Statement", "");
        return name.isEmpty() ? "an unsupported statement" : "a " + name.toUpperCase() + " statement";
    }

    private int newScope(int parent) {
        scopeParents.add(parent);
        derivedScopes.add(false);
        return scopeParents.size() - 1;
    }

    /** A scope whose rows feed another query as a table: a FROM subquery, a WITH item, a UNION branch. */
    private int newDerivedScope(int parent) {
        int scope = newScope(parent);
        derivedScopes.set(scope, true);
        return scope;
    }

    // ---- SELECT ------------------------------------------------------------------------------------------

    private void withItems(List<WithItem<?>> items, int scope) {
        if (items == null) {
            return;
        }
        for (WithItem<?> w : items) {
            cteNames.add(MySqlText.unquoteIdentifier(w.getAliasName()));
            if (w.getSelect() != null) {
                select(w.getSelect(), newDerivedScope(scope));
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
                select(branch, newDerivedScope(scope));
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
            select(s, newDerivedScope(scope));
        }
        // table functions and the like hold no tables of ours
    }

    private void join(Join j, int scope) {
        int before = tables.size();
        FromItem right = j.getRightItem();
        fromItem(right, scope);
        int rightTable = right instanceof Table && tables.size() == before + 1 ? before : -2;
        if (j.isLeft() || j.isFull()) {
            for (int t = before; t < tables.size(); t++) {
                nullableTables.add(t);
            }
        }
        if (j.isRight() || j.isFull()) {
            for (int t = 0; t < before; t++) {
                if (tables.get(t).scope() == scope) {
                    nullableTables.add(t);
                }
            }
        }
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
            insertValues(target, columns, i.getColumns(), values, root);
        } else {
            if (i.getSelect() != null) {
                select(i.getSelect(), newDerivedScope(root));
            }
            insert = new InsertRows(target, columns, List.of(), true, null, List.of());
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
            insertValues(target, columns, u.getColumns(), values, root);
        } else {
            if (u.getSelect() != null) {
                select(u.getSelect(), newDerivedScope(root));
            }
            insert = new InsertRows(target, columns, List.of(), true, null, List.of());
        }
    }

    /** {@code INSERT INTO t SET a = 1, b = 2}: one row whose columns are the assigned ones. */
    private void setForm(int target, List<UpdateSet> sets, int root) {
        List<String> columns = new ArrayList<>();
        List<ValueRef> row = new ArrayList<>();
        List<Expression> values = new ArrayList<>();
        for (UpdateSet set : sets) {
            for (int k = 0; k < set.getColumns().size(); k++) {
                columns.add(MySqlText.unquoteIdentifier(set.getColumn(k).getColumnName()));
                Expression value = set.getValue(k);
                row.add(valueOrExpression(value));
                values.add(value);
                scan(value, root);
            }
        }
        insert = new InsertRows(target, columns, List.of(row), false, null, List.of(rowText(values, false)));
    }

    private void insertValues(int target, List<String> columns, ExpressionList<Column> columnList, Values values,
                              int root) {
        List<List<ValueRef>> rows = new ArrayList<>();
        List<InsertRows.RowText> texts = new ArrayList<>();
        for (List<Expression> row : rows(values, columns)) {
            List<ValueRef> refs = new ArrayList<>(row.size());
            for (Expression e : row) {
                refs.add(valueOrExpression(e));
                scan(e, root);
            }
            rows.add(refs);
            texts.add(rowText(row, true));
        }
        int[] columnSpan = null;
        if (columnList != null && !columnList.isEmpty()) {
            int[] first = span(columnList.get(0));
            int[] last = span(columnList.get(columnList.size() - 1));
            columnSpan = first == null || last == null ? null : new int[] {first[0], last[1]};
        }
        insert = new InsertRows(target, columns, rows, false, columnSpan, texts);
    }

    /** A row's text: the spans of its values and, for a parenthesised row, of the parentheses around them. */
    private InsertRows.RowText rowText(List<Expression> values, boolean parenthesised) {
        int[] starts = new int[values.size()];
        int[] ends = new int[values.size()];
        for (int k = 0; k < values.size(); k++) {
            int[] sp = span(values.get(k));
            starts[k] = sp == null ? -1 : sp[0];
            ends[k] = sp == null ? -1 : sp[1];
        }
        int start = -1;
        int end = -1;
        if (parenthesised && values.size() > 0 && starts[0] >= 0 && ends[values.size() - 1] >= 0) {
            start = neighbour(starts[0], -1, "(");
            end = neighbour(ends[values.size() - 1], +1, ")");
            end = end < 0 ? -1 : end + 1;
        }
        return new InsertRows.RowText(start, start < 0 || end < 0 ? -1 : end, starts, ends);
    }

    /**
     * The start of the non-comment token just before {@code offset} (direction -1) or starting at/after it (+1), if it
     * is {@code symbol}. Binary search: an INSERT of many rows asks this for every row.
     */
    private int neighbour(int offset, int direction, String symbol) {
        int lo = 0;
        int hi = tokens.size(); // the first token starting at or after offset
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).start() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int i = direction > 0 ? lo : lo - 1;
        while (i >= 0 && i < tokens.size() && tokens.get(i).isComment()) {
            i += direction;
        }
        if (i < 0 || i >= tokens.size() || (direction < 0 && tokens.get(i).end() > offset)) {
            return -1;
        }
        Token found = tokens.get(i);
        return found.kind() == TokenKind.SYMBOL && found.end() - found.start() == 1
                && symbolAt(found, symbol) ? found.start() : -1;
    }

    private boolean symbolAt(Token t, String symbol) {
        return sql.startsWith(symbol, t.start());
    }

    /** {@code [start, end)} of a node in the SQL text, or null when JSqlParser did not keep its tokens. */
    static int[] span(Object node) {
        if (!(node instanceof ASTNodeAccess access) || access.getASTNode() == null) {
            return null;
        }
        Node ast = access.getASTNode();
        return new int[] {ast.jjtGetFirstToken().absoluteBegin - 1, ast.jjtGetLastToken().absoluteEnd - 1};
    }

    /** JSqlParser gives {@code VALUES (1,'a'),(2,'b')} as a list of rows, but a single row as its bare values. */
    private static List<List<Expression>> rows(Values values, List<String> columns) {
        ExpressionList<?> list = values.getExpressions();
        List<List<Expression>> rows = new ArrayList<>();
        if (!list.isEmpty() && list.stream().allMatch(e -> e instanceof ExpressionList<?>)) {
            for (Expression e : list) {
                rows.add(new ArrayList<>((ExpressionList<?>) e));
            }
        } else if (columns != null && columns.size() == 1) {
            for (Expression e : list) {
                rows.add(List.of(e));
            }
        } else {
            rows.add(new ArrayList<>(list));
        }
        return rows;
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
        orderedWrite = u.getOrderByElements() != null || u.getLimit() != null;
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
        orderedWrite = d.getOrderByElements() != null || d.getLimit() != null;
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
        addTable(t, newDerivedScope(-1));
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

    /** The key predicates of one OR branch, collected apart from the statement's own. */
    private static final class Branch {
        final List<Condition> conditions = new ArrayList<>();
        final List<KeyRange> ranges = new ArrayList<>();
        final List<KeyOr> ors = new ArrayList<>();

        KeyTerms terms() {
            return new KeyTerms(conditions, ranges, ors);
        }
    }

    private void conditions(Expression e, int scope, int onlyTable) {
        terms(e, scope, onlyTable, null);
    }

    /**
     * Records the key predicates of an AND-chain into {@code branch}, or into the statement's own lists when it is
     * null. Column links are kept only at the statement level: inside an OR they do not hold for every row.
     */
    private void terms(Expression e, int scope, int onlyTable, Branch branch) {
        e = unwrap(e);
        if (e instanceof AndExpression) {
            for (Expression operand : operands(e, AndExpression.class)) {
                terms(operand, scope, onlyTable, branch);
            }
            return;
        }
        if (e instanceof OrExpression) {
            List<KeyTerms> branches = new ArrayList<>();
            for (Expression operand : operands(e, OrExpression.class)) {
                Branch b = new Branch();
                terms(operand, scope, onlyTable, b);
                branches.add(b.terms());
            }
            KeyOr or = new KeyOr(branches, onlyTable);
            (branch == null ? ors : branch.ors).add(or);
            return;
        }
        List<Condition> conditionSink = branch == null ? conditions : branch.conditions;
        List<KeyRange> rangeSink = branch == null ? ranges : branch.ranges;
        if (e instanceof EqualsTo eq) {
            Expression l = unwrap(eq.getLeftExpression());
            Expression r = unwrap(eq.getRightExpression());
            ColumnRef lc = column(l, scope);
            ColumnRef rc = column(r, scope);
            if (lc != null && rc != null) {
                if (branch == null) {
                    links.add(new ColumnLink(lc, rc, onlyTable));
                }
            } else if (lc != null && value(r) != null) {
                conditionSink.add(new Condition(lc, List.of(value(r)), onlyTable, null));
            } else if (rc != null && value(l) != null) {
                conditionSink.add(new Condition(rc, List.of(value(l)), onlyTable, null));
            }
            scan(l, scope);
            scan(r, scope);
            return;
        }
        if (e instanceof InExpression in && !in.isNot()) {
            ColumnRef c = column(unwrap(in.getLeftExpression()), scope);
            if (c != null && in.getRightExpression() instanceof ExpressionList<?> list && !list.isEmpty()) {
                List<ValueRef> values = new ArrayList<>(list.size());
                int[] starts = new int[list.size()];
                int[] ends = new int[list.size()];
                boolean located = true;
                for (int k = 0; k < list.size(); k++) {
                    ValueRef v = value(unwrap(list.get(k)));
                    if (v == null) {
                        values = null;
                        break;
                    }
                    values.add(v);
                    int[] sp = span(list.get(k));
                    located &= sp != null;
                    starts[k] = sp == null ? -1 : sp[0];
                    ends[k] = sp == null ? -1 : sp[1];
                }
                int[] listSpan = span(list);
                if (values != null) {
                    Condition.Span where = located && listSpan != null
                            ? new Condition.Span(listSpan[0], listSpan[1], starts, ends) : null;
                    conditionSink.add(new Condition(c, values, onlyTable, where));
                }
            }
            scan(in.getLeftExpression(), scope);
            scan(in.getRightExpression(), scope);
            return;
        }
        if (e instanceof Between b && !b.isNot()) {
            ColumnRef c = column(unwrap(b.getLeftExpression()), scope);
            ValueRef low = value(unwrap(b.getBetweenExpressionStart()));
            ValueRef high = value(unwrap(b.getBetweenExpressionEnd()));
            if (c != null && (low != null || high != null)) {
                rangeSink.add(new KeyRange(c, low, true, high, true, onlyTable));
            }
            scan(b.getLeftExpression(), scope);
            scan(b.getBetweenExpressionStart(), scope);
            scan(b.getBetweenExpressionEnd(), scope);
            return;
        }
        if (e instanceof GreaterThan || e instanceof GreaterThanEquals || e instanceof MinorThan
                || e instanceof MinorThanEquals) {
            ComparisonOperator op = (ComparisonOperator) e;
            Expression l = unwrap(op.getLeftExpression());
            Expression r = unwrap(op.getRightExpression());
            boolean greater = e instanceof GreaterThan || e instanceof GreaterThanEquals;
            boolean inclusive = e instanceof GreaterThanEquals || e instanceof MinorThanEquals;
            ColumnRef lc = column(l, scope);
            ColumnRef rc = column(r, scope);
            if (lc != null && rc == null && value(r) != null) {
                // col > v: a lower bound; col < v: an upper bound
                rangeSink.add(greater ? new KeyRange(lc, value(r), inclusive, null, false, onlyTable)
                        : new KeyRange(lc, null, false, value(r), inclusive, onlyTable));
            } else if (rc != null && lc == null && value(l) != null) {
                // v > col: an upper bound; v < col: a lower bound
                rangeSink.add(greater ? new KeyRange(rc, null, false, value(l), inclusive, onlyTable)
                        : new KeyRange(rc, value(l), inclusive, null, false, onlyTable));
            }
            scan(l, scope);
            scan(r, scope);
            return;
        }
        scan(e, scope);
    }

    /**
     * The operands of a chain of one operator ({@code a AND b AND c}, parentheses dropped), in text order. Iterative:
     * JSqlParser builds a left-deep tree, 5,000 keys in an OR are 5,000 levels deep.
     */
    static List<Expression> operands(Expression e, Class<? extends BinaryExpression> operator) {
        List<Expression> out = new ArrayList<>();
        java.util.ArrayDeque<Expression> pending = new java.util.ArrayDeque<>();
        pending.push(e);
        while (!pending.isEmpty()) {
            Expression x = unwrap(pending.pop());
            if (operator.isInstance(x)) {
                BinaryExpression b = (BinaryExpression) x;
                pending.push(b.getRightExpression());
                pending.push(b.getLeftExpression());
            } else {
                out.add(x);
            }
        }
        return out;
    }

    static Expression unwrap(Expression e) {
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

    /** The column, or null when the expression is not one. (A double-quoted string reaches JSqlParser single-quoted.) */
    private static ColumnRef column(Expression e, int scope) {
        if (!(e instanceof Column c)) {
            return null;
        }
        Table t = c.getTable();
        String qualifier = t == null || t.getName() == null ? null : MySqlText.unquoteIdentifier(t.getName());
        String schema = t == null ? null : schemaOf(t);
        return new ColumnRef(schema, qualifier, MySqlText.unquoteIdentifier(c.getColumnName()), scope);
    }

    /** A value Shardline routes by, or the expression's text as the user wrote it. */
    private ValueRef valueOrExpression(Expression e) {
        ValueRef v = value(unwrap(e));
        if (v != null) {
            return v;
        }
        int[] sp = span(e);
        return new ValueRef.Expression(sp == null ? e.toString() : sql.substring(sp[0], sp[1]));
    }

    /** The literal or placeholder, or null for anything Shardline does not evaluate. */
    ValueRef value(Expression e) {
        if (e instanceof JdbcParameter p) {
            return new ValueRef.Param(parameterIndex(p));
        }
        Object literal = literal(e);
        if (literal != NOT_A_LITERAL) {
            return new ValueRef.Literal(literal);
        }
        return null;
    }

    static final Object NOT_A_LITERAL = new Object();

    /**
     * The value of a literal as the server reads it, taken from the original tokens (never from JSqlParser's copy of
     * the text): integers as Long or BigInteger, decimals as BigDecimal, approximate numbers ({@code 1e3}) as Double,
     * strings ({@code '..'}, {@code N'..'}, {@code ".."}) as String, NULL as null. Hexadecimal and bit literals
     * (a string or a number depending on the context and the server), strings with a character set introducer
     * ({@code _latin1'..'}: other bytes) and anything else are NOT_A_LITERAL: Shardline does not route by them.
     */
    Object literal(Expression e) {
        e = unwrap(e);
        if (e instanceof NullValue) {
            return null;
        }
        if (!(e instanceof LongValue || e instanceof DoubleValue || e instanceof StringValue
                || e instanceof SignedExpression se && (se.getSign() == '-' || se.getSign() == '+'))) {
            return NOT_A_LITERAL;
        }
        int[] sp = span(e);
        if (sp == null) {
            return NOT_A_LITERAL;
        }
        List<Token> inside = tokensWithin(sp[0], sp[1]);
        int first = 0;
        int last = inside.size() - 1;
        boolean negative = false;
        boolean signed = false;
        if (e instanceof SignedExpression se) {
            negative = se.getSign() == '-';
            signed = true;
            first++;
            while (first < last && inside.get(first).is(sql, "(") && inside.get(last).is(sql, ")")) {
                first++;
                last--;
            }
        }
        if (first != last) {
            return NOT_A_LITERAL;
        }
        Object value = Literals.value(sql, inside.get(first));
        if (!signed || value == NOT_A_LITERAL) {
            return value;
        }
        if (!(value instanceof Number)) {
            return NOT_A_LITERAL; // -'5' is a number to the server; Shardline does not convert it
        }
        return negative ? Literals.negate((Number) value) : value;
    }

    /** The non-comment tokens inside {@code [start, end)}. */
    private List<Token> tokensWithin(int start, int end) {
        List<Token> out = new ArrayList<>(2);
        for (int i = tokenIndexAt(start); i >= 0 && i < tokens.size() && tokens.get(i).end() <= end; i++) {
            if (!tokens.get(i).isComment()) {
                out.add(tokens.get(i));
            }
        }
        return out;
    }

    /** The index of the token starting at {@code offset}, or -1. */
    private int tokenIndexAt(int offset) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int start = tokens.get(mid).start();
            if (start < offset) {
                lo = mid + 1;
            } else if (start > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    int parameterIndex(JdbcParameter p) {
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
