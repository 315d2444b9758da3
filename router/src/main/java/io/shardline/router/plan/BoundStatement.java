package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.Assignment;
import io.shardline.router.sql.ColumnLink;
import io.shardline.router.sql.ColumnRef;
import io.shardline.router.sql.Condition;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.QualifierRef;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.TableRef;
import io.shardline.router.sql.ValueRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed statement bound to one metadata snapshot: each table reference resolved to its logical table, the
 * values that decide each table's shard found once, the text template built once per dialect. Routing an
 * execution then only reads the bound values, locates shards and fills the template.
 * Immutable apart from its render caches; thread-safe.
 */
public final class BoundStatement {
    private static final int RENDER_CACHE_LIMIT = 1024;

    private final ParsedSql parsed;
    private final Topology topology;
    private final String cluster;
    private final List<TableRef> refs;
    private final LogicalTable[] tables;
    /** Per table reference: alternatives for its hint column's value (all must reach one shard), or null. */
    private final ValueRef[][] keys;
    /** INSERT: per row, the value of the target's hint column; null when the rows are unknown. */
    private final ValueRef[] insertKeys;
    private final String insertProblem;
    private final List<Assignment> hintAssignments;
    /** Hole index per qualifier edit beyond the table references: the table reference whose shard names it. */
    private final Map<Integer, int[]> holes;
    private final List<int[]> sameNameGroups;
    private final SqlTemplate[] templates = new SqlTemplate[Dialect.values().length];
    private final Map<Shard, String>[] renderCache;

    @SuppressWarnings("unchecked")
    BoundStatement(ParsedSql parsed, Topology topology, String cluster, String logicalDatabase)
            throws ShardlineException {
        this.parsed = parsed;
        this.topology = topology;
        this.cluster = cluster;
        this.refs = parsed.tables();
        this.tables = new LogicalTable[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            TableRef r = refs.get(i);
            if (r.schema() != null && !r.schema().equals(logicalDatabase)) {
                throw ShardlineException.notFound("table " + r.schema() + "." + r.name() + " is outside the logical "
                        + "database '" + logicalDatabase + "' that this connection serves");
            }
            LogicalTable t = topology.table(cluster, r.name());
            if (t == null) {
                throw ShardlineException.notFound("Table '" + r.name() + "' is not found"
                        + (cluster.isEmpty() ? "" : " in cluster '" + cluster + "'") + suggestion(topology, cluster, r.name()));
            }
            tables[i] = t;
        }
        this.holes = new HashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            holes.put(refs.get(i).start(), new int[] {refs.get(i).end(), i});
        }
        this.sameNameGroups = new ArrayList<>();
        bindQualifiers(logicalDatabase);
        this.keys = new ValueRef[refs.size()][];
        bindKeys();
        InsertRows insert = parsed.insert();
        ValueRef[] rows = null;
        String problem = null;
        if (insert != null && insert.table() >= 0) {
            LogicalTable target = tables[insert.table()];
            if (insert.fromSelect()) {
                problem = "INSERT ... SELECT into " + target.name() + " shows Shardline no rows to route";
            } else if (insert.columns() == null) {
                problem = "INSERT into " + target.name() + " names no columns, so Shardline cannot find its hint column "
                        + target.hintColumn() + "; list the columns";
            } else if (!target.hasHintColumn()) {
                problem = "table " + target.name() + " has no hint column (table_info.hint_field)";
            } else {
                int col = indexOfIgnoreCase(insert.columns(), target.hintColumn());
                if (col < 0) {
                    problem = "INSERT into " + target.name() + " does not set its hint column " + target.hintColumn();
                } else {
                    rows = new ValueRef[insert.rows().size()];
                    for (int r = 0; r < rows.length; r++) {
                        List<ValueRef> row = insert.rows().get(r);
                        if (col >= row.size()) {
                            throw ShardlineException.invalid("row " + (r + 1) + " of the INSERT into " + target.name()
                                    + " has " + row.size() + " values for " + insert.columns().size() + " columns");
                        }
                        rows[r] = row.get(col);
                    }
                }
            }
        }
        this.insertKeys = rows;
        this.insertProblem = problem;
        this.hintAssignments = new ArrayList<>();
        for (Assignment a : parsed.assignments()) {
            for (int i : resolve(a.column())) {
                if (tables[i].hasHintColumn() && tables[i].hintColumn().equalsIgnoreCase(a.column().column())) {
                    hintAssignments.add(a);
                    break;
                }
            }
        }
        this.renderCache = new Map[Dialect.values().length];
    }

    private static String suggestion(Topology topology, String cluster, String name) {
        for (LogicalTable t : topology.tables(cluster)) {
            if (t.name().equalsIgnoreCase(name)) {
                return " (did you mean '" + t.name() + "'? table names are case-sensitive)";
            }
        }
        return "";
    }

    private static int indexOfIgnoreCase(List<String> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Qualifiers naming a logical table of the statement (not an alias) are filled like the table itself. */
    private void bindQualifiers(String logicalDatabase) {
        Set<String> aliases = new HashSet<>();
        for (TableRef r : refs) {
            if (r.alias() != null) {
                aliases.add(r.alias());
            }
        }
        for (QualifierRef q : parsed.qualifiers()) {
            if (q.schema() != null && !q.schema().equals(logicalDatabase)) {
                continue;
            }
            if (q.schema() == null && aliases.contains(q.table())) {
                continue;
            }
            List<Integer> matches = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                if (refs.get(i).alias() == null && refs.get(i).name().equals(q.table())) {
                    matches.add(i);
                }
            }
            if (!matches.isEmpty()) {
                holes.put(q.start(), new int[] {q.end(), matches.get(0)});
                if (matches.size() > 1) {
                    sameNameGroups.add(matches.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
    }

    /** The table references a column may belong to: by qualifier through enclosing scopes, or by hint column name. */
    private List<Integer> resolve(ColumnRef c) {
        List<Integer> out = new ArrayList<>(1);
        if (c.qualifier() != null) {
            for (int scope = c.scope(); scope >= 0; scope = parsed.parentScope(scope)) {
                for (int i = 0; i < refs.size(); i++) {
                    TableRef r = refs.get(i);
                    if (r.scope() == scope && r.exposedName().equals(c.qualifier())
                            && (c.qualifierSchema() == null || r.alias() == null)) {
                        out.add(i);
                        return out;
                    }
                }
            }
            return out;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).scope() == c.scope() && tables[i].hintColumn().equalsIgnoreCase(c.column())) {
                out.add(i);
            }
        }
        return out;
    }

    private record ColumnKey(int ref, String column) {
    }

    private void bindKeys() {
        Map<ColumnKey, List<List<ValueRef>>> known = new HashMap<>();
        for (Condition c : parsed.conditions()) {
            for (int i : resolve(c.column())) {
                if (c.onlyTable() < 0 || c.onlyTable() == i) {
                    known.computeIfAbsent(new ColumnKey(i, lower(c.column().column())), k -> new ArrayList<>())
                            .add(c.values());
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ColumnLink link : parsed.links()) {
                List<Integer> as = resolve(link.a());
                List<Integer> bs = resolve(link.b());
                if (as.size() != 1 || bs.size() != 1) {
                    continue;
                }
                changed |= flow(known, bs.get(0), link.b(), as.get(0), link.a(), link.onlyTable());
                changed |= flow(known, as.get(0), link.a(), bs.get(0), link.b(), link.onlyTable());
            }
        }
        for (int i = 0; i < refs.size(); i++) {
            if (!tables[i].hasHintColumn()) {
                continue;
            }
            List<List<ValueRef>> candidates = known.get(new ColumnKey(i, lower(tables[i].hintColumn())));
            if (candidates == null) {
                continue;
            }
            List<ValueRef> best = candidates.get(0);
            for (List<ValueRef> c : candidates) {
                if (c.size() < best.size()) {
                    best = c; // an equality narrows more than an IN list
                }
            }
            keys[i] = best.toArray(ValueRef[]::new);
        }
    }

    private static boolean flow(Map<ColumnKey, List<List<ValueRef>>> known, int fromRef, ColumnRef from, int toRef,
                                ColumnRef to, int onlyTable) {
        if (onlyTable >= 0 && onlyTable != toRef) {
            return false;
        }
        List<List<ValueRef>> source = known.get(new ColumnKey(fromRef, lower(from.column())));
        ColumnKey target = new ColumnKey(toRef, lower(to.column()));
        if (source == null || known.containsKey(target)) {
            return false;
        }
        known.put(target, new ArrayList<>(source));
        return true;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    // ---- routing an execution ----------------------------------------------------------------------------

    /**
     * Routes one execution: the shard of every table from the explicit hint, the bound values, or the SQL's
     * literals; all must share one database on one server.
     *
     * @param apiHint the statement API's hint (wins over the SQL comment hint); may be null
     */
    public Route route(ParamSource params, Hint apiHint) throws ShardlineException {
        Hint hint = parsed.commentHint().overriddenBy(apiHint);
        if (hint.table() != null && hint.value() == null) {
            throw ShardlineException.invalid("the hint names table " + hint.table() + " but gives no hint value");
        }
        Shard[] shards = new Shard[refs.size()];
        boolean hintUsed = false;
        for (int i = 0; i < refs.size(); i++) {
            LogicalTable t = tables[i];
            if (hint.value() != null && (hint.table() == null || hint.table().equals(t.name()))) {
                shards[i] = hint.value().locate(t);
                hintUsed = true;
            } else if (parsed.insert() != null && parsed.insert().table() == i) {
                shards[i] = insertShard(t, params);
            } else if (keys[i] != null) {
                shards[i] = keyShard(t, keys[i], params);
            } else if (parsed.kind() == StatementKind.DESCRIBE) {
                shards[i] = t.firstShard();
            } else {
                throw noHint(t);
            }
        }
        Shard anchor = null;
        if (refs.isEmpty() && hint.value() != null) {
            if (hint.table() == null) {
                throw ShardlineException.invalid("a hint for a statement without tables must name its table (table=...)");
            }
            anchor = hintTableShard(hint);
            hintUsed = true;
        } else if (hint.table() != null && !hintUsed) {
            throw ShardlineException.invalid("the hint names table " + hint.table() + ", which this statement does not use");
        }
        for (int i = 1; i < shards.length; i++) {
            // one server runs the statement natively, even across its shard databases: exact, no merge needed
            if (shards[i].serverId() != shards[0].serverId()) {
                throw ShardlineException.notAllowed("tables " + refs.get(0).name() + " (" + shards[0] + ") and "
                        + refs.get(i).name() + " (" + shards[i] + ") are on different servers; a statement runs on one server");
            }
        }
        for (int[] group : sameNameGroups) {
            for (int i : group) {
                if (!shards[i].equals(shards[group[0]])) {
                    throw ShardlineException.notAllowed("qualifier " + refs.get(i).name() + " names two physical tables ("
                            + shards[group[0]].table() + ", " + shards[i].table() + "); give the tables aliases");
                }
            }
        }
        checkHintAssignments(shards, params);
        int serverId;
        String database;
        if (shards.length > 0) {
            serverId = shards[0].serverId();
            database = shards[0].database();
        } else if (anchor != null) {
            serverId = anchor.serverId();
            database = anchor.database();
        } else {
            serverId = topology.defaultServerId(cluster);
            database = null;
        }
        Server server = topology.server(serverId);
        String sql = render(Dialect.forJdbcUrl(server.jdbcUrl()), shards);
        return new Route(serverId, database, sql, parsed.isRead(), hint.master(), List.of(shards));
    }

    private Shard hintTableShard(Hint hint) throws ShardlineException {
        LogicalTable t = topology.table(cluster, hint.table());
        if (t == null) {
            throw ShardlineException.notFound("Table '" + hint.table() + "' named by the hint is not found"
                    + suggestion(topology, cluster, hint.table()));
        }
        return hint.value().locate(t);
    }

    private Shard keyShard(LogicalTable t, ValueRef[] values, ParamSource params) throws ShardlineException {
        Shard first = null;
        for (ValueRef v : values) {
            Shard s = HintValue.ofValue(valueOf(v, params), t).locate(t);
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                throw ShardlineException.notAllowed("the values of " + t.name() + "." + t.hintColumn() + " reach several shards ("
                        + first + ", " + s + "); this version runs each statement on one shard");
            }
        }
        return first;
    }

    private Shard insertShard(LogicalTable t, ParamSource params) throws ShardlineException {
        if (insertKeys == null) {
            throw ShardlineException.notAllowed(insertProblem + ", or give a hint (/*+ shardline(hint=...) */)");
        }
        Shard first = null;
        for (int r = 0; r < insertKeys.length; r++) {
            ValueRef v = insertKeys[r];
            if (v instanceof ValueRef.Expression e) {
                throw ShardlineException.notAllowed("row " + (r + 1) + " sets hint column " + t.hintColumn() + " of "
                        + t.name() + " to the expression " + e.text() + "; give a literal or ? so Shardline can route it");
            }
            Shard s = HintValue.ofValue(valueOf(v, params), t).locate(t);
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                throw ShardlineException.notAllowed("the rows of this INSERT into " + t.name() + " go to several shards ("
                        + first + ", " + s + "); this version inserts into one shard per statement");
            }
        }
        return first;
    }

    private void checkHintAssignments(Shard[] shards, ParamSource params) throws ShardlineException {
        for (Assignment a : hintAssignments) {
            for (int i : resolve(a.column())) {
                LogicalTable t = tables[i];
                if (!t.hintColumn().equalsIgnoreCase(a.column().column())) {
                    continue;
                }
                ValueRef v = a.value();
                if (v instanceof ValueRef.Expression e) {
                    if (a.onDuplicate() && isValuesOfHint(e.text(), t.hintColumn())) {
                        continue;
                    }
                    throw ShardlineException.notAllowed("the statement sets hint column " + t.hintColumn() + " of " + t.name()
                            + " to " + e.text() + "; Shardline cannot tell whether the row would stay on its shard");
                }
                Shard target = HintValue.ofValue(valueOf(v, params), t).locate(t);
                if (!target.equals(shards[i])) {
                    throw ShardlineException.notAllowed("changing " + t.name() + "." + t.hintColumn() + " to " + v
                            + " would move the row from " + shards[i] + " to " + target
                            + "; delete the row and insert it again instead");
                }
            }
        }
    }

    private static boolean isValuesOfHint(String text, String hintColumn) {
        String compact = text.replace("`", "").replace(" ", "").toLowerCase(Locale.ROOT);
        String col = hintColumn.toLowerCase(Locale.ROOT);
        return compact.equals("values(" + col + ")") || compact.equals(col);
    }

    private static Object valueOf(ValueRef v, ParamSource params) throws ShardlineException {
        if (v instanceof ValueRef.Literal l) {
            return l.value();
        }
        if (v instanceof ValueRef.Param p) {
            if (!params.isBound(p.index())) {
                throw ShardlineException.invalid("parameter " + p.index() + " decides the shard but is not bound");
            }
            return params.value(p.index());
        }
        throw ShardlineException.notAllowed("the hint column is compared with the expression " + v
                + "; give a literal or ? so Shardline can route it");
    }

    private ShardlineException noHint(LogicalTable t) {
        String how = t.hasHintColumn()
                ? "add a condition on its hint column " + t.hintColumn() + " (= or IN) or a hint"
                : "it has no hint column (table_info.hint_field), so give a hint";
        String hintSyntax = " (/*+ shardline(hint=...) */ or ShardlineStatement.setHint)";
        String scan = t.fullTableScan()
                ? "; its full-table-scan switch is on, but this version runs each statement on one shard"
                : "; a statement without one would scan every shard, and the full-table-scan switch of " + t.name()
                + " is off (table_option.full_table_scan / ModifyFullTableScan)";
        return ShardlineException.notAllowed("no hint for sharded table " + t.name() + ": " + how + hintSyntax + scan);
    }

    private String render(Dialect dialect, Shard[] shards) {
        SqlTemplate template = templates[dialect.ordinal()];
        if (template == null) {
            template = SqlTemplate.build(parsed, dialect, holes);
            templates[dialect.ordinal()] = template;
        }
        if (shards.length != 1) {
            return template.render(shards);
        }
        Map<Shard, String> cache = renderCache[dialect.ordinal()];
        if (cache == null) {
            cache = new ConcurrentHashMap<>();
            renderCache[dialect.ordinal()] = cache;
        }
        String sql = cache.get(shards[0]);
        if (sql == null) {
            sql = template.render(shards);
            if (cache.size() < RENDER_CACHE_LIMIT) {
                cache.put(shards[0], sql);
            }
        }
        return sql;
    }

    public ParsedSql parsed() {
        return parsed;
    }

    public Topology topology() {
        return topology;
    }

    /** The logical tables of the statement, one per table reference, in text order. */
    public List<LogicalTable> tables() {
        return Arrays.asList(tables.clone());
    }

    public int parameterCount() {
        return parsed.parameterCount();
    }
}
