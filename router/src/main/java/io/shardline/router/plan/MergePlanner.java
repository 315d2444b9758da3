package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.merge.Collation;
import io.shardline.router.merge.ColumnMerge;
import io.shardline.router.merge.MergeExpr;
import io.shardline.router.merge.MergeSpec;
import io.shardline.router.merge.SortKey;
import io.shardline.router.sql.AggregateCall;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.RowExpr;
import io.shardline.router.sql.SelectShape;
import io.shardline.router.sql.SqlExpr;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.ValueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plans how a SELECT over several shards is sent and merged, once per statement text and dialect: which SQL each
 * shard gets (AVG sent as SUM and COUNT, HAVING and LIMIT kept back, columns added for sort keys and helpers) and
 * which merge operators rebuild the answer. Hidden columns are appended after the caller's columns and addressed
 * from the end (-1 the last), so {@code SELECT *} keeps its width unknown until the rows arrive. Single use.
 */
final class MergePlanner {
    /** The LIMIT slot of the per-shard template. */
    static final int LIMIT_SLOT = 0;

    /**
     * The merge of one SELECT: the per-shard template, and the operators with LIMIT and HAVING parameters still to
     * bind. {@code pushLimit}: each shard is sent {@code LIMIT offset + count} (valid when rows pass through in order).
     */
    record SelectMerge(SqlTemplate template, int hidden, List<SortKey> order, MergeSpec.Grouping grouping,
                       MergeExpr having, boolean distinct, List<SortKey> sort, ValueRef offset, ValueRef count,
                       boolean pushLimit, Collation collation, boolean h2) {

        MergeSpec bind(ParamSource params) throws ShardlineException {
            long o = offset == null ? 0 : limitValue(offset, params, "offset");
            long c = count == null ? -1 : limitValue(count, params, "row count");
            return new MergeSpec(hidden, order, grouping, bindParams(having, params), distinct, sort, o, c, collation, h2);
        }

        /** The LIMIT each shard gets when it can be pushed down: the rows up to the end of the caller's page. */
        String shardLimit(ParamSource params) throws ShardlineException {
            if (!pushLimit || count == null) {
                return "";
            }
            long o = offset == null ? 0 : limitValue(offset, params, "offset");
            long c = limitValue(count, params, "row count");
            return "LIMIT " + (Long.MAX_VALUE - o < c ? Long.MAX_VALUE : o + c);
        }
    }

    private final ParsedSql parsed;
    private final SelectShape shape;
    private final SqlTemplate.Builder b;
    private final Dialect dialect;
    private final List<SelectShape.SelectColumn> items;
    private final boolean star;
    /** Hidden columns: their SQL is appended by {@link #appendHidden}. */
    private final List<Runnable> hiddenSql = new ArrayList<>();
    private final List<ColumnMerge> merges = new ArrayList<>();
    /** The hidden column of each DISTINCT argument, by its normalized text: each is sent once. */
    private final Map<String, Integer> distinctColumns = new java.util.HashMap<>();

    private MergePlanner(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> holes,
                         Consumer<SqlTemplate.Builder> edits) {
        this.parsed = parsed;
        this.shape = parsed.select();
        this.dialect = dialect;
        this.b = SqlTemplate.builder(parsed, dialect, holes);
        edits.accept(b);
        this.items = shape.columns();
        this.star = items.stream().anyMatch(SelectShape.SelectColumn::star);
    }

    /** Plans the merge; {@code edits} registers the per-shard edits of the text (IN lists cut per shard). */
    static SelectMerge plan(ParsedSql parsed, Dialect dialect, Map<Integer, int[]> holes,
                            Consumer<SqlTemplate.Builder> edits) throws ShardlineException {
        SelectShape shape = parsed.select();
        if (shape == null) {
            throw ShardlineException.notAllowed("this statement is not a query Shardline can merge across shards");
        }
        if (shape.refusal() != null) {
            throw ShardlineException.notAllowed(shape.refusal());
        }
        return new MergePlanner(parsed, dialect, holes, edits).plan();
    }

    private SelectMerge plan() throws ShardlineException {
        boolean grouped = !shape.groupBy().isEmpty() || shape.hasAggregates() || shape.having() != null;
        if (grouped) {
            return grouped();
        }
        if (shape.distinct()) {
            return distinct();
        }
        return plain();
    }

    private Collation collation() {
        return dialect == Dialect.H2 ? Collation.BINARY : Collation.MYSQL_CI;
    }

    // ---- plain: rows pass through -----------------------------------------------------------------------------

    private SelectMerge plain() throws ShardlineException {
        List<SortKey> order = new ArrayList<>();
        for (SelectShape.OrderKey k : shape.orderBy()) {
            int column = star ? -1 : findItem(k.expr());
            if (column < 0) {
                column = hidden(k.expr());
            }
            order.add(sortKey(column, k));
        }
        b.copy(0, shape.listEnd());
        appendHidden();
        if (shape.limitStart() >= 0) {
            b.copy(shape.listEnd(), shape.limitStart()).slot(LIMIT_SLOT);
            b.copy(shape.limitEnd(), parsed.sql().length());
        } else {
            b.copy(shape.listEnd(), parsed.sql().length());
        }
        return new SelectMerge(b.build(), hiddenSql.size(), order, null, null, false, List.of(), shape.limitOffset(),
                shape.limitCount(), true, collation(), dialect == Dialect.H2);
    }

    // ---- DISTINCT without aggregates ---------------------------------------------------------------------------

    private SelectMerge distinct() throws ShardlineException {
        if (star) {
            if (!shape.orderBy().isEmpty()) {
                throw ShardlineException.notAllowed("SELECT DISTINCT * with ORDER BY is not merged across shards; name"
                        + " the columns");
            }
            b.copy(0, parsed.sql().length());
            MergeSpec.Grouping all = new MergeSpec.Grouping(new int[0], true, List.of(), false);
            return new SelectMerge(b.build(), 0, List.of(), all, null, false, List.of(), shape.limitOffset(),
                    shape.limitCount(), false, collation(), dialect == Dialect.H2);
        }
        // each shard sends its distinct rows ordered by the caller's keys, then every other column: equal rows of
        // different shards meet, and the caller's order holds
        List<SortKey> order = new ArrayList<>();
        boolean[] used = new boolean[items.size()];
        for (SelectShape.OrderKey k : shape.orderBy()) {
            int column = findItem(k.expr());
            if (column < 0) {
                throw ShardlineException.notAllowed("ORDER BY " + text(k.expr()) + " of a SELECT DISTINCT must name a"
                        + " selected column");
            }
            if (!used[column]) {
                used[column] = true;
                order.add(sortKey(column, k));
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (!used[i]) {
                order.add(SortKey.of(i, false));
            }
        }
        b.copy(0, shape.listEnd());
        b.copy(shape.listEnd(), shape.bodyEnd());
        b.text(" ORDER BY ");
        for (int i = 0; i < order.size(); i++) {
            SortKey k = order.get(i);
            b.text((i == 0 ? "" : ", ") + (k.column() + 1) + (k.descending() ? " DESC" : ""));
            nulls(k);
        }
        if (shape.limitStart() >= 0) {
            b.text(" ").slot(LIMIT_SLOT);
        }
        tail();
        MergeSpec.Grouping all = new MergeSpec.Grouping(new int[0], true, List.of(), true);
        return new SelectMerge(b.build(), 0, order, all, null, false, List.of(), shape.limitOffset(),
                shape.limitCount(), true, collation(), dialect == Dialect.H2);
    }

    // ---- GROUP BY and aggregates -------------------------------------------------------------------------------

    /** A group key: the select item it is, or a hidden column, and its text for the shards' GROUP BY. */
    private record Key(int column, SqlExpr expr) {
    }

    private SelectMerge grouped() throws ShardlineException {
        if (star) {
            throw ShardlineException.notAllowed("SELECT * with GROUP BY or aggregates is not merged across shards; name"
                    + " the columns");
        }
        List<Key> keys = new ArrayList<>();
        for (SqlExpr g : shape.groupBy()) {
            int column = findItem(g);
            keys.add(new Key(column, g));
        }
        List<SqlExpr> distinctArgs = new ArrayList<>();
        // the caller's columns, rewritten where a shard must send partial results
        b.copy(0, shape.selectEnd());
        if (shape.distinctSpan() != null) {
            int end = shape.distinctSpan()[1];
            while (end < shape.listStart() && Character.isWhitespace(parsed.sql().charAt(end))) {
                end++;
            }
            b.replace(shape.distinctSpan()[0], end, "");
        }
        b.copy(shape.selectEnd(), shape.listStart());
        for (int i = 0; i < items.size(); i++) {
            SelectShape.SelectColumn item = items.get(i);
            b.text(i == 0 ? "" : ", ");
            AggregateCall a = item.aggregate();
            if (a == null) {
                int key = keyOf(keys, i);
                merges.add(new ColumnMerge(i, key >= 0 ? ColumnMerge.Kind.KEY : ColumnMerge.Kind.ANY, new int[0], null));
                b.copy(item.expr().start(), item.end());
                continue;
            }
            if (a.function().equals("AVG") && !a.distinct()) {
                int sum = selectedSum(a);
                if (sum >= 0) {
                    b.text("0"); // the merge divides the selected SUM; the column keeps only the AVG's label here
                } else {
                    b.text("SUM(");
                    copyArgs(a);
                    b.text(")");
                }
                if (item.alias() == null) {
                    b.text(" AS " + MySqlText.quoteIdentifier(item.label()));
                } else {
                    b.copy(item.expr().end(), item.end());
                }
                int count = hiddenAggregate("COUNT", a);
                merges.add(new ColumnMerge(i, ColumnMerge.Kind.AVG, new int[] {sum >= 0 ? sum : i, count},
                        item.label()));
                continue;
            }
            b.copy(item.expr().start(), item.end());
            merges.add(aggregateMerge(i, a, distinctArgs, item.label()));
        }
        // HAVING and ORDER BY may need aggregates and columns the caller did not select
        MergeExpr having = shape.having() == null ? null : resolve(shape.having(), keys, distinctArgs);
        List<SortKey> sort = new ArrayList<>();
        for (SelectShape.OrderKey k : shape.orderBy()) {
            int column;
            if (k.aggregate() != null) {
                column = aggregateColumn(k.aggregate(), distinctArgs);
            } else {
                column = findItem(k.expr());
                if (column < 0) {
                    column = keyColumn(keys, k.expr());
                }
                if (column < 0) {
                    column = hidden(k.expr());
                    merges.add(new ColumnMerge(column, ColumnMerge.Kind.ANY, new int[0], null));
                }
            }
            sort.add(sortKey(column, k));
        }
        // group keys the caller did not select travel as hidden columns
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).column < 0) {
                int column = hidden(keys.get(i).expr);
                merges.add(new ColumnMerge(column, ColumnMerge.Kind.KEY, new int[0], null));
                keys.set(i, new Key(column, keys.get(i).expr));
            }
        }
        appendHidden();
        b.copy(shape.listEnd(), shape.bodyEnd());
        // each shard groups by the keys (and by DISTINCT arguments, so their values survive) and sends the groups
        // ordered by the keys: equal groups of different shards meet and combine one at a time
        List<SortKey> order = new ArrayList<>();
        boolean keyOrderIsFinal = !keys.isEmpty() && matchesKeys(sort, keys);
        if (!keys.isEmpty() || !distinctArgs.isEmpty()) {
            b.text(" GROUP BY ");
            for (int i = 0; i < keys.size(); i++) {
                b.text(i == 0 ? "" : ", ");
                b.copy(keys.get(i).expr.start(), keys.get(i).expr.end());
            }
            for (int i = 0; i < distinctArgs.size(); i++) {
                b.text(keys.isEmpty() && i == 0 ? "" : ", ");
                b.copy(distinctArgs.get(i).start(), distinctArgs.get(i).end());
            }
        }
        if (!keys.isEmpty()) {
            b.text(" ORDER BY ");
            for (int i = 0; i < keys.size(); i++) {
                SortKey k = keyOrderIsFinal ? sort.get(i) : SortKey.of(keys.get(i).column, false);
                b.text(i == 0 ? "" : ", ");
                b.copy(keys.get(i).expr.start(), keys.get(i).expr.end());
                b.text(k.descending() ? " DESC" : "");
                nulls(k);
                order.add(new SortKey(keys.get(i).column, k.descending(), k.nullsFirst()));
            }
        }
        tail();
        int[] keyColumns = keys.stream().mapToInt(Key::column).toArray();
        MergeSpec.Grouping grouping = new MergeSpec.Grouping(keyColumns, false, merges, true);
        List<SortKey> finalSort = keyOrderIsFinal || sort.isEmpty() ? List.of() : sort;
        return new SelectMerge(b.build(), hiddenSql.size(), order, grouping, having, shape.distinct(), finalSort,
                shape.limitOffset(), shape.limitCount(), false, collation(), dialect == Dialect.H2);
    }

    private static int keyOf(List<Key> keys, int column) {
        for (Key k : keys) {
            if (k.column == column) {
                return column;
            }
        }
        return -1;
    }

    /** Whether the caller's ORDER BY is exactly the group keys, in their order. */
    private static boolean matchesKeys(List<SortKey> sort, List<Key> keys) {
        if (sort.size() != keys.size()) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).column < 0 || sort.get(i).column() != keys.get(i).column) {
                return false;
            }
        }
        return true;
    }

    private int keyColumn(List<Key> keys, SqlExpr e) {
        for (Key k : keys) {
            if (k.expr.normalized().equals(e.normalized())) {
                return k.column;
            }
        }
        return -1;
    }

    private ColumnMerge aggregateMerge(int column, AggregateCall a, List<SqlExpr> distinctArgs, String label) {
        if (a.distinct() && !a.function().equals("MIN") && !a.function().equals("MAX")) {
            int[] inputs = new int[a.args().size()];
            for (int k = 0; k < inputs.length; k++) {
                SqlExpr arg = a.args().get(k);
                Integer known = distinctColumns.get(arg.normalized());
                if (known == null) {
                    known = hidden(arg);
                    distinctColumns.put(arg.normalized(), known);
                    distinctArgs.add(arg);
                }
                inputs[k] = known;
            }
            ColumnMerge.Kind kind = switch (a.function()) {
                case "COUNT" -> ColumnMerge.Kind.COUNT_DISTINCT;
                case "SUM" -> ColumnMerge.Kind.SUM_DISTINCT;
                default -> ColumnMerge.Kind.AVG_DISTINCT;
            };
            return new ColumnMerge(column, kind, inputs, label);
        }
        ColumnMerge.Kind kind = switch (a.function()) {
            case "COUNT" -> ColumnMerge.Kind.COUNT;
            case "SUM" -> ColumnMerge.Kind.SUM;
            case "MIN" -> ColumnMerge.Kind.MIN;
            default -> ColumnMerge.Kind.MAX;
        };
        return new ColumnMerge(column, kind, new int[0], label);
    }

    /** The column holding aggregate {@code a}: a selected one, or hidden columns added for it. */
    private int aggregateColumn(AggregateCall a, List<SqlExpr> distinctArgs) {
        for (int i = 0; i < items.size(); i++) {
            AggregateCall other = items.get(i).aggregate();
            if (other != null && other.normalized().equals(a.normalized())) {
                return i;
            }
        }
        if (a.function().equals("AVG") && !a.distinct()) {
            int sum = hiddenText(() -> {
                b.text("SUM(");
                copyArgs(a);
                b.text(")");
            });
            int count = hiddenAggregate("COUNT", a);
            merges.add(new ColumnMerge(sum, ColumnMerge.Kind.AVG, new int[] {sum, count}, null));
            return sum;
        }
        int column = hiddenText(() -> b.copy(a.start(), a.end()));
        merges.add(aggregateMerge(column, a, distinctArgs, null));
        return column;
    }

    /**
     * The select item that is {@code SUM} of the same plain column as {@code avg}, or -1: the merge then divides that
     * item's combined sum instead of adding the same partial sums a second time, so the shards send a constant in the
     * AVG's place rather than computing the sum twice (the caller's metadata types it as that SUM, see
     * {@link io.shardline.router.merge.MergeSpec#typedAs()}). Plain columns only: a computed argument could differ
     * between two calls (RAND()).
     */
    private int selectedSum(AggregateCall avg) {
        if (avg.args().size() != 1) {
            return -1;
        }
        SqlExpr arg = avg.args().get(0);
        if (arg.column() == null) {
            return -1;
        }
        for (int j = 0; j < items.size(); j++) {
            AggregateCall other = items.get(j).aggregate();
            if (other != null && other.function().equals("SUM") && !other.distinct() && other.args().size() == 1
                    && other.args().get(0).column() != null
                    && other.args().get(0).normalized().equals(arg.normalized())) {
                return j;
            }
        }
        return -1;
    }

    /** A hidden {@code FUNCTION(args)} column over {@code a}'s arguments (COUNT(x) next to an AVG(x)). */
    private int hiddenAggregate(String function, AggregateCall a) {
        int column = hiddenText(() -> {
            b.text(function + "(");
            copyArgs(a);
            b.text(")");
        });
        merges.add(new ColumnMerge(column, ColumnMerge.Kind.COUNT, new int[0], null));
        return column;
    }

    private void copyArgs(AggregateCall a) {
        for (int k = 0; k < a.args().size(); k++) {
            b.text(k == 0 ? "" : ", ");
            b.copy(a.args().get(k).start(), a.args().get(k).end());
        }
    }

    private MergeExpr resolve(RowExpr e, List<Key> keys, List<SqlExpr> distinctArgs) {
        if (e instanceof RowExpr.Literal l) {
            return new MergeExpr.Const(l.value());
        }
        if (e instanceof RowExpr.Param p) {
            return new MergeExpr.Const(new ParamRef(p.index()));
        }
        if (e instanceof RowExpr.Aggregate a) {
            return new MergeExpr.Col(a.call().star() ? starCount() : aggregateColumn(a.call(), distinctArgs));
        }
        if (e instanceof RowExpr.Column c) {
            int column = findAlias(c.expr());
            if (column < 0) {
                column = findItem(c.expr());
            }
            if (column < 0) {
                column = keyColumn(keys, c.expr());
            }
            if (column < 0) {
                column = hidden(c.expr());
                merges.add(new ColumnMerge(column, ColumnMerge.Kind.ANY, new int[0], null));
            }
            return new MergeExpr.Col(column);
        }
        if (e instanceof RowExpr.Compare c) {
            return new MergeExpr.Compare(c.op(), resolve(c.left(), keys, distinctArgs),
                    resolve(c.right(), keys, distinctArgs));
        }
        if (e instanceof RowExpr.Logic l) {
            List<MergeExpr> ops = new ArrayList<>();
            for (RowExpr o : l.operands()) {
                ops.add(resolve(o, keys, distinctArgs));
            }
            return new MergeExpr.Logic(l.and(), ops);
        }
        if (e instanceof RowExpr.Not n) {
            return new MergeExpr.Not(resolve(n.operand(), keys, distinctArgs));
        }
        if (e instanceof RowExpr.IsNull n) {
            return new MergeExpr.IsNull(resolve(n.operand(), keys, distinctArgs), n.not());
        }
        if (e instanceof RowExpr.Between bt) {
            return new MergeExpr.Between(resolve(bt.operand(), keys, distinctArgs), resolve(bt.low(), keys, distinctArgs),
                    resolve(bt.high(), keys, distinctArgs), bt.not());
        }
        if (e instanceof RowExpr.In in) {
            List<MergeExpr> list = new ArrayList<>();
            for (RowExpr item : in.items()) {
                list.add(resolve(item, keys, distinctArgs));
            }
            return new MergeExpr.In(resolve(in.operand(), keys, distinctArgs), list, in.not());
        }
        RowExpr.Arithmetic a = (RowExpr.Arithmetic) e;
        return new MergeExpr.Arithmetic(a.op(), resolve(a.left(), keys, distinctArgs),
                resolve(a.right(), keys, distinctArgs));
    }

    /** {@code COUNT(*)} in HAVING or ORDER BY: a selected one, or a hidden {@code COUNT(*)}. */
    private int starCount() {
        for (int i = 0; i < items.size(); i++) {
            AggregateCall other = items.get(i).aggregate();
            if (other != null && other.star()) {
                return i;
            }
        }
        int column = hiddenText(() -> b.text("COUNT(*)"));
        merges.add(new ColumnMerge(column, ColumnMerge.Kind.COUNT, new int[0], null));
        return column;
    }

    /** A parameter of HAVING, bound per execution. */
    record ParamRef(int index) {
        @Override
        public String toString() {
            return "?" + index;
        }
    }

    static MergeExpr bindParams(MergeExpr e, ParamSource params) throws ShardlineException {
        if (e == null || e instanceof MergeExpr.Col) {
            return e;
        }
        if (e instanceof MergeExpr.Const c) {
            if (!(c.value() instanceof ParamRef p)) {
                return c;
            }
            if (!params.isBound(p.index())) {
                throw ShardlineException.invalid("parameter " + p.index() + " of HAVING is not bound");
            }
            return new MergeExpr.Const(params.value(p.index()));
        }
        if (e instanceof MergeExpr.Compare c) {
            return new MergeExpr.Compare(c.op(), bindParams(c.left(), params), bindParams(c.right(), params));
        }
        if (e instanceof MergeExpr.Logic l) {
            List<MergeExpr> ops = new ArrayList<>();
            for (MergeExpr o : l.operands()) {
                ops.add(bindParams(o, params));
            }
            return new MergeExpr.Logic(l.and(), ops);
        }
        if (e instanceof MergeExpr.Not n) {
            return new MergeExpr.Not(bindParams(n.operand(), params));
        }
        if (e instanceof MergeExpr.IsNull n) {
            return new MergeExpr.IsNull(bindParams(n.operand(), params), n.not());
        }
        if (e instanceof MergeExpr.Between bt) {
            return new MergeExpr.Between(bindParams(bt.operand(), params), bindParams(bt.low(), params),
                    bindParams(bt.high(), params), bt.not());
        }
        if (e instanceof MergeExpr.In in) {
            List<MergeExpr> list = new ArrayList<>();
            for (MergeExpr item : in.items()) {
                list.add(bindParams(item, params));
            }
            return new MergeExpr.In(bindParams(in.operand(), params), list, in.not());
        }
        MergeExpr.Arithmetic a = (MergeExpr.Arithmetic) e;
        return new MergeExpr.Arithmetic(a.op(), bindParams(a.left(), params), bindParams(a.right(), params));
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    /** The select item an ORDER BY / GROUP BY / HAVING expression names, or -1. */
    private int findItem(SqlExpr e) {
        if (e.position() != null) {
            return e.position() <= items.size() && !star ? e.position() - 1 : -1;
        }
        int alias = findAlias(e);
        if (alias >= 0) {
            return alias;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).star() && items.get(i).expr().normalized().equals(e.normalized())) {
                return i;
            }
        }
        if (e.column() != null) {
            int found = -1;
            for (int i = 0; i < items.size(); i++) {
                String c = items.get(i).expr().column();
                if (c != null && c.equalsIgnoreCase(e.column())) {
                    if (found >= 0) {
                        return -1; // ambiguous
                    }
                    found = i;
                }
            }
            return found;
        }
        return -1;
    }

    private int findAlias(SqlExpr e) {
        if (e.column() != null && e.normalized().indexOf('.') < 0) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).alias() != null && items.get(i).alias().equalsIgnoreCase(e.column())) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A hidden column holding expression {@code e}; returns its column number (negative, from the end). */
    private int hidden(SqlExpr e) {
        return hiddenText(() -> b.copy(e.start(), e.end()));
    }

    /** Hidden column k (0-based, in creation order) is column {@code -1 - k}. */
    private int hiddenText(Runnable sql) {
        hiddenSql.add(sql);
        return -hiddenSql.size();
    }

    /** Appends the hidden columns, in the order they were created. */
    private void appendHidden() {
        for (Runnable r : hiddenSql) {
            b.text(", ");
            r.run();
        }
    }

    private SortKey sortKey(int column, SelectShape.OrderKey k) {
        boolean nullsFirst = k.nullsFirst() != null ? k.nullsFirst() : !k.descending();
        return new SortKey(column, k.descending(), nullsFirst);
    }

    private void nulls(SortKey k) {
        if (k.nullsFirst() == k.descending()) {
            b.text(k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
        }
    }

    private void tail() {
        if (shape.tailStart() >= 0) {
            b.text(" ");
            b.copy(shape.tailStart(), parsed.sql().length());
        }
    }

    private String text(SqlExpr e) {
        return parsed.sql().substring(e.start(), e.end());
    }

    private static long limitValue(ValueRef v, ParamSource params, String what) throws ShardlineException {
        Object value;
        if (v instanceof ValueRef.Literal l) {
            value = l.value();
        } else {
            int index = ((ValueRef.Param) v).index();
            if (!params.isBound(index)) {
                throw ShardlineException.invalid("parameter " + index + " (the LIMIT " + what + ") is not bound");
            }
            value = params.value(index);
        }
        if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw ShardlineException.invalid("the LIMIT " + what + " must be a non-negative integer, is " + value);
        }
        return n.longValue();
    }
}
