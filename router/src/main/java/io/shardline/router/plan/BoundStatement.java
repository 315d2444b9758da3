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
import io.shardline.router.sql.GatherPushdown;
import io.shardline.router.sql.Condition;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.KeyRange;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.QualifierRef;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.TableRef;
import io.shardline.router.sql.ValueRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed statement bound to one metadata snapshot: each table reference resolved to its logical table, the
 * predicates that decide each table's shards found once, the text template built once per dialect. Planning an
 * execution then only reads the bound values, finds the shards and fills the template: one {@link Route} when every
 * table lands on one server (the statement as written, no merge), else a {@link MultiPlan} ({@link MultiPlanner}).
 * Immutable apart from its caches; thread-safe.
 */
public final class BoundStatement {
    private static final int RENDER_CACHE_LIMIT = 1024;
    /**
     * In the refusal of an UPDATE that assigns a sharded table's hint column a value that may route to another shard:
     * the JDBC driver moves such rows itself, one call at a time (the DBProxy API) refuses.
     */
    public static final String MOVES_ROWS = "would move rows to another shard";

    private final ParsedSql parsed;
    private final Topology topology;
    private final String cluster;
    private final List<TableRef> refs;
    private final LogicalTable[] tables;
    /** Per table reference: the value lists (= or IN) of its hint column, its own or carried through links. */
    private final List<List<List<ValueRef>>> keyLists;
    /** Per table reference: the ranges on its hint column (range-split tables only). */
    private final List<List<KeyRange>> rangeKeys;
    /** INSERT: per row, the value of the target's hint column; null when the rows are unknown. */
    private final ValueRef[] insertKeys;
    /** {@link #insertKeys} as a list, made once (null with it). */
    private final List<ValueRef> insertKeyList;
    private final String insertProblem;
    private final List<Assignment> hintAssignments;
    /** Hole per text span start: {end, table reference}, for table references and qualifiers naming them. */
    private final Map<Integer, int[]> holes;
    private final List<int[]> sameNameGroups;
    private final SqlTemplate[] templates = new SqlTemplate[Dialect.values().length];
    private final Map<Shard, String>[] renderCache;
    /** Routes of a one-table statement by shard ({@link #routeTo}): by identity where its table's shards are fixed. */
    private final RouteTable routesByShard = new RouteTable();
    /** The same, by value, for a table that makes its shards per key (a secondary range split). */
    private final Map<Shard, Route> routesByValue = new ConcurrentHashMap<>();
    /** Where routes beyond {@link #RENDER_CACHE_LIMIT} find room (null: none, the statement is not cached). */
    private final RouteRoom routeRoom;
    /** Routes cached in {@link #routeRoom}, given back when the planner lets this statement go. */
    private final java.util.concurrent.atomic.AtomicInteger roomTaken = new java.util.concurrent.atomic.AtomicInteger();
    /** Set once the planner let this statement go: it takes no more room. */
    private volatile boolean roomReleased;
    /**
     * A query over several shards with no parameter, no API hint and no transaction open: its plan depends on nothing
     * but this bound statement (SQL, comment hint, topology), so it is planned once (planning each execution was a twentieth of a
     * 16-shard GROUP BY's CPU time on H2). A refresh binds the statement anew, and with it plans anew.
     */
    private volatile MultiPlan constantQuery;
    private final KeySets keySets = new KeySets(this);
    /** Whether a key list holds several values (an IN list): only then does a planning locate keys once for all. */
    private final boolean inLists;
    /** Whether the statement writes a broadcast table (so every copy must change). */
    private final boolean broadcastWrite;
    private final MultiPlanner multi = new MultiPlanner(this);
    /** What a gather pushes to the shards' reads: worked out on the first gather, the same for every later one. */
    private volatile GatherPushdown gatherPushdown;

    @SuppressWarnings("unchecked")
    BoundStatement(ParsedSql parsed, Topology topology, String cluster, String logicalDatabase, RouteRoom routeRoom)
            throws ShardlineException {
        this.parsed = parsed;
        this.routeRoom = routeRoom;
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
        this.keyLists = new ArrayList<>();
        this.rangeKeys = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            keyLists.add(new ArrayList<>());
            rangeKeys.add(new ArrayList<>());
        }
        bindKeys();
        boolean lists = false;
        for (List<List<ValueRef>> ofRef : keyLists) {
            for (List<ValueRef> l : ofRef) {
                lists |= l.size() > 1;
            }
        }
        this.inLists = lists;
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
        this.insertKeyList = rows == null ? null : Arrays.asList(rows);
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
        boolean bw = false;
        if (parsed.kind().isWrite() && parsed.kind() != StatementKind.DDL) {
            for (int i : writeTargets()) {
                bw |= tables[i].isBroadcast();
            }
        }
        this.broadcastWrite = bw;
    }

    private static String suggestion(Topology topology, String cluster, String name) {
        for (LogicalTable t : topology.tables(cluster)) {
            if (t.name().equalsIgnoreCase(name)) {
                return " (did you mean '" + t.name() + "'? table names are case-sensitive)";
            }
        }
        return "";
    }

    static int indexOfIgnoreCase(List<String> list, String name) {
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
    List<Integer> resolve(ColumnRef c) {
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

    /** Whether {@code c} is the hint column of table reference {@code ref} (in its own query or an enclosing one). */
    boolean isKeyOf(ColumnRef c, int ref) {
        return tables[ref].hasHintColumn() && tables[ref].hintColumn().equalsIgnoreCase(c.column())
                && resolve(c).contains(ref);
    }

    /**
     * Whether a predicate on {@code c} narrows the rows of table reference {@code ref}: {@code c} is its hint column
     * and the predicate sits in {@code ref}'s own query. A subquery's predicate on an enclosing query's table does
     * not narrow it ({@code NOT EXISTS (... WHERE u.uid = 5)} keeps every other row of {@code u}).
     */
    boolean constrains(ColumnRef c, int ref) {
        return refs.get(ref).scope() == c.scope() && isKeyOf(c, ref);
    }

    private record ColumnKey(int ref, String column) {
    }

    private void bindKeys() {
        Map<ColumnKey, List<List<ValueRef>>> known = new HashMap<>();
        for (Condition c : parsed.conditions()) {
            for (int i : resolve(c.column())) {
                if ((c.onlyTable() < 0 || c.onlyTable() == i) && refs.get(i).scope() == c.column().scope()) {
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
                // values flow into a table of the link's own query only, never out of a subquery into its outer query
                if (refs.get(as.get(0)).scope() == link.a().scope()) {
                    changed |= flow(known, bs.get(0), link.b(), as.get(0), link.a(), link.onlyTable());
                }
                if (refs.get(bs.get(0)).scope() == link.b().scope()) {
                    changed |= flow(known, as.get(0), link.a(), bs.get(0), link.b(), link.onlyTable());
                }
            }
        }
        for (int i = 0; i < refs.size(); i++) {
            if (!tables[i].hasHintColumn()) {
                continue;
            }
            List<List<ValueRef>> candidates = known.get(new ColumnKey(i, lower(tables[i].hintColumn())));
            if (candidates != null) {
                keyLists.get(i).addAll(candidates);
            }
        }
        for (KeyRange r : parsed.ranges()) {
            for (int i : resolve(r.column())) {
                if ((r.onlyTable() < 0 || r.onlyTable() == i) && constrains(r.column(), i)) {
                    rangeKeys.get(i).add(r);
                }
            }
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

    // ---- planning an execution ----------------------------------------------------------------------------

    /**
     * Routes one execution to a single shard, or refuses (100403) a statement that needs several: the entry point of
     * callers that run statements one shard at a time.
     *
     * @param apiHint the statement API's hint (wins over the SQL comment hint); may be null
     */
    public Route route(ParamSource params, Hint apiHint) throws ShardlineException {
        Plan plan = plan(params, apiHint, PlanContext.NONE);
        if (plan instanceof Route r) {
            return r;
        }
        if (plan instanceof GatherPlan g) {
            throw ShardlineException.notAllowed("this statement gathers rows from several shards to one server (" + g.reason()
                    + "); this call runs one shard at a time");
        }
        MultiPlan m = (MultiPlan) plan;
        throw ShardlineException.notAllowed("this statement runs on " + m.units().size() + " shards (" + m.reason()
                + "); this call runs one shard at a time");
    }

    /**
     * Plans one execution: the shards of every table from the explicit hint, the bound values or the SQL's literals;
     * one {@link Route} when they all land on one server, a {@link MultiPlan} over several shards otherwise, or a
     * clear refusal when that cannot be exact.
     *
     * @param apiHint the statement API's hint (wins over the SQL comment hint); may be null
     */
    public Plan plan(ParamSource params, Hint apiHint, PlanContext context) throws ShardlineException {
        // outside a transaction: in one, broadcast tables are read on its server
        boolean constantInputs = (apiHint == null || apiHint.isNone())
                && (context == null || context.transactionServer() < 0);
        MultiPlan constant = constantQuery;
        if (constant != null && constantInputs) {
            return constant;
        }
        try {
            Plan plan = planOnce(params, apiHint, context);
            if (constantInputs && parsed.parameterCount() == 0 && plan instanceof MultiPlan m
                    && m.mode() == MultiPlan.Mode.QUERY) {
                constantQuery = m;
            }
            return plan;
        } catch (StackOverflowError e) {
            throw Planner.tooDeep();
        }
    }

    /** Per reference, the shards it reads (null: not sharded) and whether a hint chose them; an INSERT's plan. */
    private record ShardSets(BitSet[] sets, boolean[] hinted, InsertPlan insert) {
    }

    private ShardSets shardSets(Hint hint, ParamSource params, PlanContext context) throws ShardlineException {
        return shardSets(hint, params, context, null);
    }

    /** {@code located}: the IN lists this planning located already, or null. */
    private ShardSets shardSets(Hint hint, ParamSource params, PlanContext context, LocatedKeys located)
            throws ShardlineException {
        boolean hintUsed = false;
        BitSet[] sets = new BitSet[refs.size()];
        boolean[] hintedRefs = new boolean[refs.size()];
        InsertPlan insert = null;
        int target = parsed.insert() == null ? -1 : parsed.insert().table();
        for (int i = 0; i < refs.size(); i++) {
            LogicalTable t = tables[i];
            boolean named = hint.table() != null && hint.table().equals(t.name());
            boolean hinted = t.isSharded() && hint.value() != null && (hint.table() == null || named);
            if (i == target) {
                insert = InsertPlan.of(this, i, insertKeys, params, context, t.isSharded() && !hinted);
            }
            if (!t.isSharded()) {
                if (named) {
                    throw ShardlineException.invalid("the hint names table " + t.name() + ", a " + t.kindName()
                            + " table; hints route sharded tables only");
                }
                continue;
            }
            if (hinted) {
                sets[i] = KeySets.hint(t, hint.value());
                hintedRefs[i] = true;
                hintUsed = true;
            } else if (i == target) {
                sets[i] = insert.ordinals();
            } else if (parsed.kind() == StatementKind.DESCRIBE) {
                sets[i] = new BitSet();
                sets[i].set(t.space().ordinalOf(0));
            } else {
                sets[i] = keySets.of(i, params, located);
            }
        }
        if (hint.table() != null && !hintUsed) {
            throw ShardlineException.invalid("the hint names table " + hint.table() + ", which this statement does not use");
        }
        return new ShardSets(sets, hintedRefs, insert);
    }

    /**
     * An UPDATE or DELETE of reference {@code target}, a table without a key to write its rows by, run in place: one
     * {@link GatherPlan} per physical table of the target (pruned by its keys or hint, as any route), evaluated on that
     * table's server with the target read in place and every other reference copied there (or read in place when its
     * one physical table is there). The i-th plan's temporary tables carry {@code i} in their names, so the plans of one
     * server can all exist until its transaction ends. {@code reason}: why the statement is not routed.
     */
    public List<GatherPlan> inPlaceWrite(int target, ParamSource params, Hint apiHint, PlanContext context,
                                         String reason) throws ShardlineException {
        Hint hint = parsed.commentHint().overriddenBy(apiHint);
        ShardSets s = shardSets(hint, params, context);
        LogicalTable t = tables[target];
        List<Shard> shards = new ArrayList<>();
        if (t.isSharded()) {
            BitSet set = s.sets()[target];
            if (set == null) { // no keys of its own: every shard, as a full table scan
                if (!t.fullTableScan()) {
                    throw noHint(t);
                }
                set = t.space().all();
            }
            for (int k = set.nextSetBit(0); k >= 0; k = set.nextSetBit(k + 1)) {
                shards.add(t.space().shard(k));
            }
        } else {
            shards.add(t.copies().get(0));
        }
        List<GatherPlan> plans = new ArrayList<>();
        for (Shard shard : shards) {
            plans.add(GatherPlanner.planInPlace(this, s.sets(), s.hinted(), params, context, reason, target, shard,
                    plans.size()));
        }
        return plans;
    }

    /**
     * An UPDATE or DELETE of the references {@code written} (one of them a table without a key) evaluated in one step
     * over all their shards: every reference gathered to one evaluation server as for a SELECT, the written ones always
     * copied (pruned by their keys or hint; without them every shard, which needs the full-table-scan switch); those in
     * {@code whole} copied with every row of every shard, unfiltered (the rows a moving row may meet on its new shard).
     */
    public GatherPlan oneStepWrite(java.util.Set<Integer> written, java.util.Set<Integer> whole, ParamSource params,
                                   Hint apiHint, PlanContext context, String reason) throws ShardlineException {
        Hint hint = parsed.commentHint().overriddenBy(apiHint);
        ShardSets s = shardSets(hint, params, context);
        return GatherPlanner.planOneStep(this, s.sets(), s.hinted(), params, context, reason, written, whole);
    }

    private Plan planOnce(ParamSource params, Hint apiHint, PlanContext context) throws ShardlineException {
        Hint hint = parsed.commentHint().overriddenBy(apiHint);
        if (hint.table() != null && hint.value() == null) {
            throw ShardlineException.invalid("the hint names table " + hint.table() + " but gives no hint value");
        }
        if (refs.isEmpty()) {
            return tableless(hint);
        }
        if (parsed.kind() == StatementKind.DDL) {
            return multi.ddl(hint);
        }
        LocatedKeys located = inLists ? new LocatedKeys() : null;
        Route fast = fastRoute(hint, params, context, located);
        if (fast != null) {
            return fast;
        }
        ShardSets shardSets = shardSets(hint, params, context, located);
        BitSet[] sets = shardSets.sets();
        boolean[] hintedRefs = shardSets.hinted();
        InsertPlan insert = shardSets.insert();
        try {
            if (!writesBroadcast() && singleShard(sets)) {
                Plan single = singleRoute(hint, sets, hintedRefs, insert, params, context);
                if (single != null) {
                    return single;
                }
            }
            return multi.plan(hint, sets, hintedRefs, insert, params, context, located);
        } catch (ShardlineException refused) {
            // the exact paths refused the statement for its shape: the database itself evaluates it over gathered rows
            if (!GatherPlanner.applies(parsed, refused)) {
                throw refused;
            }
            return GatherPlanner.plan(this, sets, hintedRefs, params, context, refused);
        }
    }

    /**
     * The foundation's path, allocation-light: every sharded table located by one hint value or by equality keys that
     * all land on one shard, nothing that needs shard sets (ranges, ORs, IN lists over several shards, generated ids,
     * a broadcast write). Null when the statement needs the general planning.
     */
    private Route fastRoute(Hint hint, ParamSource params, PlanContext context, LocatedKeys located)
            throws ShardlineException {
        if (!parsed.ors().isEmpty() || !parsed.ranges().isEmpty() || writesBroadcast()
                || hint.value() instanceof HintValue.Several || hint.value() instanceof HintValue.Every) {
            return null;
        }
        int target = parsed.insert() == null ? -1 : parsed.insert().table();
        Shard[] shards = new Shard[refs.size()];
        Shard anchor = null;
        boolean hintUsed = false;
        for (int i = 0; i < refs.size(); i++) {
            LogicalTable t = tables[i];
            if (i == target && (t.isSharded() || t.isBroadcast()) && context.sequenceColumn(t) != null) {
                return null;
            }
            if (!t.isSharded()) {
                if (hint.table() != null && hint.table().equals(t.name())) {
                    return null; // the general path explains the refusal
                }
                shards[i] = t.isSingle() ? t.copies().get(0) : null;
                continue;
            }
            if (hint.value() != null && (hint.table() == null || hint.table().equals(t.name()))) {
                shards[i] = hint.value().locate(t);
                hintUsed = true;
            } else if (i == target) {
                if (insertKeys == null) {
                    return null;
                }
                shards[i] = sameShard(t, insertKeyList, params, true);
            } else if (parsed.kind() == StatementKind.DESCRIBE) {
                shards[i] = t.firstShard();
            } else if (keyLists.get(i).isEmpty()) {
                return null;
            } else {
                List<List<ValueRef>> lists = keyLists.get(i);
                for (int l = 0; l < lists.size(); l++) { // indexed: the hot path allocates no iterator
                    List<ValueRef> list = lists.get(l);
                    Shard s = located != null && list.size() > 1 ? sameShard(t, list, params, located)
                            : sameShard(t, list, params, false);
                    if (s == null || shards[i] != null && !shards[i].equals(s)) {
                        return null;
                    }
                    shards[i] = s;
                }
            }
            if (shards[i] == null) {
                return null;
            }
            anchor = anchor == null ? shards[i] : anchor;
        }
        if (hint.table() != null && !hintUsed) {
            return null;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (tables[i].isBroadcast()) {
                shards[i] = copyNear(tables[i], anchor, context.transactionServer(), shards);
            }
        }
        for (int i = 1; i < shards.length; i++) {
            if (shards[i].serverId() != shards[0].serverId()) {
                return null;
            }
        }
        for (int g = 0; g < sameNameGroups.size(); g++) {
            int[] group = sameNameGroups.get(g);
            for (int i : group) {
                if (!shards[i].equals(shards[group[0]])) {
                    return null;
                }
            }
        }
        checkHintAssignments(shards, params, context);
        return shards.length == 1 && !hint.master() ? routeTo(shards[0]) : route(shards, hint.master());
    }

    /**
     * The route of a one-table statement to {@code shard}, made once per shard (a route is immutable): the hot path
     * allocates no route, list or text. {@link #RENDER_CACHE_LIMIT} routes per statement, more while its planner's
     * {@link RouteRoom} lasts.
     */
    private Route routeTo(Shard shard) {
        boolean fixed = tables[0].shardsAreFixed();
        Route r = fixed ? routesByShard.get(shard) : routesByValue.get(shard);
        if (r == null) {
            r = route(new Shard[] {shard}, false);
            int cached = fixed ? routesByShard.size() : routesByValue.size();
            if (cached < RENDER_CACHE_LIMIT) {
                cache(fixed, shard, r);
            } else if (routeRoom != null && !roomReleased && routeRoom.take()) {
                if (cache(fixed, shard, r)) {
                    roomTaken.incrementAndGet();
                    if (roomReleased) { // let go meanwhile: what it took goes back with the rest
                        routeRoom.giveBack(roomTaken.getAndSet(0));
                    }
                } else {
                    routeRoom.giveBack(1);
                }
            }
        }
        return r;
    }

    private boolean cache(boolean fixed, Shard shard, Route r) {
        return fixed ? routesByShard.put(shard, r) : routesByValue.putIfAbsent(shard, r) == null;
    }

    /**
     * Gives the room this statement's routes took back to its planner, which no longer caches it, and lets go of its
     * routes with it: the planner's slots of recent statements may still serve it, and routes kept after their room
     * went back would be held twice. It caches its own share again, and takes no more room.
     */
    void releaseRouteRoom() {
        roomReleased = true;
        if (routeRoom != null && roomTaken.get() > 0) {
            routesByShard.clear();
            routesByValue.clear();
            routeRoom.giveBack(roomTaken.getAndSet(0));
        }
    }

    private Route route(Shard[] shards, boolean forceMaster) {
        Server server = topology.server(shards[0].serverId());
        String sql = render(Dialect.forJdbcUrl(server.jdbcUrl()), shards);
        return new Route(shards[0].serverId(), shards[0].database(), sql, parsed.isRead(), forceMaster, List.of(shards));
    }

    /**
     * The one shard all {@code values} reach, or null when they reach several or one is not a literal or ?.
     * {@code stored}: the values are stored (inserted rows), not compared.
     */
    private static Shard sameShard(LogicalTable t, List<ValueRef> values, ParamSource params, boolean stored)
            throws ShardlineException {
        Shard first = null;
        for (int i = 0; i < values.size(); i++) {
            ValueRef v = values.get(i);
            if (v instanceof ValueRef.Expression) {
                return null;
            }
            Shard s = HintValue.shardOf(valueOf(v, params), t, stored);
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                return null;
            }
        }
        return first;
    }

    /**
     * {@link #sameShard(LogicalTable, List, ParamSource, boolean)} for an IN list, its items located through
     * {@code located}, so that the general path finds them located when they reach several shards. Where locating
     * them as ordinals fails (an expression, a NULL, an id beyond the table), the items are located as before and
     * the general path meets the failure itself.
     */
    private static Shard sameShard(LogicalTable t, List<ValueRef> values, ParamSource params, LocatedKeys located)
            throws ShardlineException {
        int[] ordinals;
        try {
            ordinals = located.of(t, values, params);
        } catch (ShardlineException notLocated) {
            return sameShard(t, values, params, false);
        }
        Shard first = t.space().shard(ordinals[0]);
        for (int i = 1; i < ordinals.length; i++) {
            if (ordinals[i] != ordinals[0] && !first.equals(t.space().shard(ordinals[i]))) {
                return null;
            }
        }
        return first;
    }

    /** Whether every sharded table reference reaches exactly one shard. */
    private boolean singleShard(BitSet[] sets) {
        for (int i = 0; i < refs.size(); i++) {
            if (tables[i].isSharded() && (sets[i] == null || sets[i].cardinality() != 1)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the statement writes a broadcast table (so every copy must change). */
    boolean writesBroadcast() {
        return broadcastWrite;
    }

    /** The table references a write changes: the INSERT target, the tables UPDATE assigns to or DELETE deletes from. */
    List<Integer> writeTargets() {
        List<Integer> out = new ArrayList<>();
        if (parsed.insert() != null && parsed.insert().table() >= 0) {
            out.add(parsed.insert().table());
        } else if (parsed.kind() == StatementKind.UPDATE) {
            for (Assignment a : parsed.assignments()) {
                List<Integer> r = resolveAssigned(a.column());
                for (int i : r) {
                    if (!out.contains(i)) {
                        out.add(i);
                    }
                }
            }
        } else if (parsed.kind() == StatementKind.DELETE) {
            int firstTable = Integer.MAX_VALUE;
            for (TableRef r : refs) {
                firstTable = Math.min(firstTable, r.start());
            }
            for (QualifierRef q : parsed.qualifiers()) {
                if (q.end() <= firstTable) { // DELETE t1, t2 FROM ...: the targets come before the tables
                    for (int i = 0; i < refs.size(); i++) {
                        if (refs.get(i).exposedName().equals(q.table()) && !out.contains(i)) {
                            out.add(i);
                        }
                    }
                }
            }
            if (out.isEmpty() && !refs.isEmpty()) {
                out.add(0);
            }
        }
        return out;
    }

    /** The tables an assigned column may belong to: by qualifier, else (conservatively) every table of its scope. */
    private List<Integer> resolveAssigned(ColumnRef c) {
        if (c.qualifier() != null) {
            return resolve(c);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).scope() == c.scope()) {
                out.add(i);
            }
        }
        return out;
    }

    private Plan tableless(Hint hint) throws ShardlineException {
        Shard anchor = null;
        if (hint.value() != null) {
            if (hint.table() == null) {
                throw ShardlineException.invalid("a hint for a statement without tables must name its table (table=...)");
            }
            LogicalTable t = topology.table(cluster, hint.table());
            if (t == null) {
                throw ShardlineException.notFound("Table '" + hint.table() + "' named by the hint is not found"
                        + suggestion(topology, cluster, hint.table()));
            }
            anchor = hint.value().locate(t);
        }
        int serverId = anchor != null ? anchor.serverId() : topology.defaultServerId(cluster);
        String sql = render(Dialect.forJdbcUrl(topology.server(serverId).jdbcUrl()), new Shard[0]);
        return new Route(serverId, anchor == null ? null : anchor.database(), sql, parsed.isRead(), hint.master(),
                List.of());
    }

    /**
     * The statement as written on one server: every sharded table on its one shard, broadcast tables on the copy
     * beside them, single tables where they live. Null when the tables sit on different servers but a multi-shard
     * plan may still answer (the caller then asks {@link MultiPlanner}).
     */
    private Plan singleRoute(Hint hint, BitSet[] sets, boolean[] hinted, InsertPlan insert, ParamSource params,
                             PlanContext context) throws ShardlineException {
        Shard[] shards = new Shard[refs.size()];
        Shard anchor = null;
        for (int i = 0; i < refs.size(); i++) {
            LogicalTable t = tables[i];
            if (t.isSharded()) {
                shards[i] = hinted[i] && !(hint.value() instanceof HintValue.Several || hint.value() instanceof HintValue.Every)
                        ? hint.value().locate(t) : t.space().shard(sets[i].nextSetBit(0));
                if (anchor == null) {
                    anchor = shards[i];
                }
            } else if (t.isSingle()) {
                shards[i] = t.copies().get(0);
            }
        }
        for (int i = 0; i < refs.size(); i++) {
            if (tables[i].isBroadcast()) {
                shards[i] = copyNear(tables[i], anchor, context.transactionServer(), shards);
            }
        }
        for (int i = 1; i < shards.length; i++) {
            // one server runs the statement natively, even across its shard databases: exact, no merge needed
            if (shards[i].serverId() != shards[0].serverId()) {
                if (!tables[i].isSharded() || !tables[0].isSharded()) {
                    throw ShardlineException.notAllowed("tables " + refs.get(0).name() + " (" + shards[0] + ") and "
                            + refs.get(i).name() + " (" + shards[i] + ") are on different servers; a statement runs on"
                            + " one server");
                }
                return null;
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
        checkHintAssignments(shards, params, context);
        Server server = topology.server(shards[0].serverId());
        Dialect dialect = Dialect.forJdbcUrl(server.jdbcUrl());
        if (insert != null && insert.generates()) {
            SqlTemplate.Rendered r = multi.template(dialect, insert).render(insert.fill(shards, null));
            if (!r.identity(parsed.parameterCount())) {
                return null; // a generated id replaced a placeholder: the multi-shard path maps parameters
            }
            return new Route(shards[0].serverId(), shards[0].database(), r.sql(), false, hint.master(), List.of(shards));
        }
        String sql = render(dialect, shards);
        return new Route(shards[0].serverId(), shards[0].database(), sql, parsed.isRead(), hint.master(), List.of(shards));
    }

    /**
     * The copy of a broadcast table to use beside {@code anchor}: in its database, else on its server; with no
     * sharded table, on the open transaction's server, else a single table's server, else the first copy.
     */
    static Shard copyNear(LogicalTable t, Shard anchor, int transactionServer, Shard[] others) {
        List<Shard> copies = t.copies();
        if (anchor != null) {
            for (Shard c : copies) {
                if (c.serverId() == anchor.serverId() && c.database().equals(anchor.database())) {
                    return c;
                }
            }
        }
        int server = anchor != null ? anchor.serverId() : transactionServer;
        if (server < 0) {
            for (Shard s : others) {
                if (s != null) {
                    server = s.serverId();
                    break;
                }
            }
        }
        for (Shard c : copies) {
            if (c.serverId() == server) {
                return c;
            }
        }
        return copies.get(0);
    }

    void checkHintAssignments(Shard[] shards, ParamSource params, PlanContext context) throws ShardlineException {
        if (hintAssignments.isEmpty() || context.movesRows()) {
            return;
        }
        for (Assignment a : hintAssignments) {
            for (int i : resolve(a.column())) {
                LogicalTable t = tables[i];
                if (!t.isSharded() || !t.hintColumn().equalsIgnoreCase(a.column().column())) {
                    continue;
                }
                ValueRef v = a.value();
                String instead = a.onDuplicate() ? "; ON DUPLICATE KEY UPDATE does not move rows: delete the row and"
                        + " insert it again" : "; Shardline moves rows only in a JDBC UPDATE, not through the DBProxy"
                        + " API";
                if (v instanceof ValueRef.Expression e) {
                    if (a.onDuplicate() && isValuesOfHint(e.text(), t.hintColumn())) {
                        continue;
                    }
                    throw ShardlineException.notAllowed("the statement sets hint column " + t.hintColumn() + " of "
                            + t.name() + " to " + e.text() + ", which " + MOVES_ROWS + " when it routes elsewhere"
                            + instead);
                }
                Shard target = HintValue.ofStored(valueOf(v, params), t).locate(t);
                if (!target.equals(shards[i])) {
                    throw ShardlineException.notAllowed("changing " + t.name() + "." + t.hintColumn() + " to " + v + " "
                            + MOVES_ROWS + " (from " + shards[i] + " to " + target + ")" + instead);
                }
            }
        }
    }

    private static boolean isValuesOfHint(String text, String hintColumn) {
        String compact = text.replace("`", "").replace(" ", "").toLowerCase(Locale.ROOT);
        String col = hintColumn.toLowerCase(Locale.ROOT);
        return compact.equals("values(" + col + ")") || compact.equals(col);
    }

    static Object valueOf(ValueRef v, ParamSource params) throws ShardlineException {
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

    /** 100403 for a sharded table no key, hint or full-table-scan switch lets Shardline route. */
    ShardlineException noHint(LogicalTable t) {
        String how = t.hasHintColumn()
                ? "add a condition on its hint column " + t.hintColumn() + " (=, IN"
                + (t.splitByRange() ? ", a range" : "") + ") or a hint"
                : "it has no hint column (table_info.hint_field), so give a hint";
        String hintSyntax = " (/*+ shardline(hint=...) */ or ShardlineStatement.setHint)";
        String scan = "; a statement without one would scan every shard, and the full-table-scan switch of " + t.name()
                + " is off (table_option.full_table_scan / ModifyFullTableScan)";
        return ShardlineException.notAllowed("no hint for sharded table " + t.name() + ": " + how + hintSyntax + scan);
    }

    String render(Dialect dialect, Shard[] shards) {
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

    // ---- state shared with the planners -------------------------------------------------------------------

    LogicalTable table(int ref) {
        return tables[ref];
    }

    GatherPushdown gatherPushdown() {
        GatherPushdown p = gatherPushdown;
        if (p == null) {
            p = GatherPushdown.of(parsed);
            gatherPushdown = p;
        }
        return p;
    }

    List<List<ValueRef>> keyLists(int ref) {
        return keyLists.get(ref);
    }

    List<KeyRange> rangeKeys(int ref) {
        return rangeKeys.get(ref);
    }

    Map<Integer, int[]> holes() {
        return holes;
    }

    List<TableRef> refs() {
        return refs;
    }

    /** Why an INSERT's rows cannot be routed from its text (INSERT ... SELECT, no column list...), or null. */
    public String insertProblem() {
        return insertProblem;
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
