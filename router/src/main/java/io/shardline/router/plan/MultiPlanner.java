package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.Hint;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.ColumnLink;
import io.shardline.router.sql.Condition;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.TableRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans statements that run on several shards, and refuses (100403, with the reason) those whose answer would not
 * be exact. A statement over several shards runs once per shard ("unit") of its sharded tables, which must be
 * binding tables (split alike) joined on their hint columns, referenced directly rather than inside derived tables,
 * so that every row of the answer comes from exactly one unit; broadcast and single tables join where a copy sits on
 * the unit's server. Reads are merged ({@link MergePlanner}); writes add up their counts. Thread-safe; templates are
 * cached per dialect.
 */
final class MultiPlanner {
    private final BoundStatement bound;
    private final Map<String, SqlTemplate> templates = new ConcurrentHashMap<>();
    private final Map<Dialect, MergePlanner.SelectMerge> merges = new ConcurrentHashMap<>();
    /** Per top-level condition: the table reference whose IN list can be cut per shard, or -1. */
    private volatile int[] prunable;
    /**
     * A SELECT's physical text per unit and, when IN lists are cut per shard, per subset of their items the unit keeps
     * ({@link #renderKey}): rendering 16 texts per execution was a sixth of a 16-shard GROUP BY's own cost and a third
     * of its allocation (JFR), and an IN of three keys rendered its three texts on every execution. Checked against
     * the unit's shards, dialect and LIMIT before use, so a changed placement renders again. At most
     * {@link #MAX_RENDERED} texts; beyond that, texts are rendered per execution as before.
     */
    private static final int MAX_RENDERED = 1024;
    private final LongKeyedCache<RenderedUnit> rendered = new LongKeyedCache<>(MAX_RENDERED);
    /** Units (shard ordinals) whose texts are kept: the ordinal takes the low 10 bits of a {@link #renderKey}. */
    private static final int ORDINAL_BITS = 10;
    /** Items of cut IN lists (all lists together) whose kept subset fits a {@link #renderKey} beside the ordinal. */
    private static final int MAX_CUT_ITEMS = Long.SIZE - 1 - ORDINAL_BITS;

    /**
     * A kept text with the unit made of it: a unit is immutable, so an execution whose unit has the same shards,
     * dialect, LIMIT and master hint takes it as it is (three units, their shard lists and arrays per IN of three keys
     * were otherwise made again each time).
     */
    private record RenderedUnit(Shard[] shards, Dialect dialect, String limit, Unit unit) {
        boolean fits(Shard[] s, Dialect d, String l) {
            return dialect == d && limit.equals(l) && java.util.Arrays.equals(shards, s);
        }
    }

    /**
     * What an execution would otherwise work out again each time from the statement alone (an IN of three keys
     * spent a fifth of its planning on it): the sharded references, whether their binding was checked (refusals
     * are checked, and thrown, each time), and the reasons already written, by {@link #reasonKey}.
     */
    private volatile List<Integer> shardedRefs;
    private volatile boolean bindingChecked;
    private final Map<Integer, String> reasons = new ConcurrentHashMap<>();
    /** The reason the last execution took, checked before {@link #reasons} (whose key is an {@code Integer} to box). */
    private volatile KeptReason lastReason;

    private record KeptReason(int key, String text) {
    }

    MultiPlanner(BoundStatement bound) {
        this.bound = bound;
    }

    private ParsedSql parsed() {
        return bound.parsed();
    }

    /** {@code located}: the IN lists the planning located already (null: none). */
    Plan plan(Hint hint, BitSet[] sets, boolean[] hinted, InsertPlan insert, ParamSource params, PlanContext context,
              LocatedKeys located) throws ShardlineException {
        if (bound.writesBroadcast()) {
            return broadcastWrite(hint, insert, context);
        }
        List<TableRef> refs = bound.refs();
        StatementKind kind = parsed().kind();
        if (kind == StatementKind.EXPLAIN || kind == StatementKind.DESCRIBE) {
            throw ShardlineException.notAllowed(kind + " of a statement over several shards is refused: EXPLAIN SHARDLINE"
                    + " shows the statement each shard runs, and a hint naming one shard EXPLAINs it there");
        }
        if (parsed().orderedWrite()) {
            throw ShardlineException.notAllowed(kind + " with ORDER BY or LIMIT reaches several shards, and each would"
                    + " apply the LIMIT on its own; give a key or hint that names one shard");
        }
        if (kind == StatementKind.SELECT && parsed().select() != null && parsed().select().refusal() != null) {
            throw ShardlineException.notAllowed(parsed().select().refusal());
        }
        List<Integer> sharded = shardedRefs;
        if (sharded == null) {
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) {
                if (bound.table(i).isSharded()) {
                    found.add(i);
                }
            }
            sharded = List.copyOf(found);
            shardedRefs = sharded;
        }
        int lead = sharded.get(0);
        if (insert != null && parsed().insert().table() == lead && sharded.size() > 1) {
            throw ShardlineException.notAllowed("an INSERT into " + bound.table(lead).name() + " whose rows reach several"
                    + " shards cannot also read sharded table " + refs.get(sharded.get(1)).name());
        }
        if (insert != null && parsed().insert().table() == lead && hinted[lead]) {
            throw ShardlineException.notAllowed("the hint names several shards of " + bound.table(lead).name()
                    + ", and an INSERT would write its rows into each of them; give one hint, or let the rows' keys route them");
        }
        if (!bindingChecked) {
            checkBinding(sharded); // depends on the statement and its tables only
            bindingChecked = true;
        }
        BitSet units = units(sharded, sets, hinted);
        String reason = reason(sharded, sets, hinted, insert, units);
        // arrays sized exactly, not lists: each object made costs an IN of three keys about 25 ns
        Unit[] out = new Unit[units.cardinality()];
        Dialect firstDialect = null;
        Shard[][] unitShards = new Shard[out.length][];
        for (int k = units.nextSetBit(0), u = 0; k >= 0; k = units.nextSetBit(k + 1)) {
            unitShards[u++] = shards(k, sharded, context);
        }
        int[][] itemOrdinals = itemOrdinals(params, located);
        MergePlanner.SelectMerge select;
        int unitIndex = 0;
        for (int k = units.nextSetBit(0); k >= 0; k = units.nextSetBit(k + 1), unitIndex++) {
            Shard[] shards = unitShards[unitIndex];
            bound.checkHintAssignments(shards, params, context);
            Dialect dialect = Dialect.forJdbcUrl(bound.topology().server(shards[lead].serverId()).jdbcUrl());
            firstDialect = firstDialect == null ? dialect : firstDialect;
            int ordinal = k;
            int[] rows = insert == null || parsed().insert().table() != lead ? null : rowsOf(insert, k);
            SqlTemplate.Rendered r;
            String limit = "";
            if (kind == StatementKind.SELECT) {
                select = merge(dialect);
                limit = select.shardLimit(params);
                long key = insert == null ? renderKey(k, itemOrdinals) : -1;
                RenderedUnit cached = key >= 0 ? rendered.get(key) : null;
                if (cached != null && cached.fits(shards, dialect, limit)) {
                    Unit kept = cached.unit();
                    out[unitIndex] = kept.forceMaster() == hint.master() ? kept : new Unit(kept.serverId(),
                            kept.database(), kept.sql(), kept.params(), kept.read(), hint.master(), kept.shards(),
                            kept.rows());
                    continue;
                }
                r = select.template().render(fill(shards, ordinal, itemOrdinals, insert, rows, limit));
                if (key >= 0 && (cached != null || rendered.size() < MAX_RENDERED)) {
                    Unit unit = unit(shards, lead, r, hint, rows);
                    rendered.put(key, new RenderedUnit(shards.clone(), dialect, limit, unit));
                    out[unitIndex] = unit;
                    continue;
                }
            } else {
                r = template(dialect, insert).render(fill(shards, ordinal, itemOrdinals, insert, rows, limit));
            }
            out[unitIndex] = unit(shards, lead, r, hint, rows);
        }
        List<Unit> unitList = List.of(out); // MultiPlan keeps it as it is (an immutable list copies to itself)
        if (kind == StatementKind.SELECT) {
            return new MultiPlan(MultiPlan.Mode.QUERY, unitList, merge(firstDialect).bind(params), reason);
        }
        return new MultiPlan(MultiPlan.Mode.WRITE, unitList, null, reason);
    }

    private Unit unit(Shard[] shards, int lead, SqlTemplate.Rendered r, Hint hint, int[] rows) {
        return new Unit(shards[lead].serverId(), shards[lead].database(), r.sql(), r.params(), parsed().isRead(),
                hint.master(), List.of(shards), rows);
    }

    /** The merge of this SELECT for {@code dialect}, planned once; a refusal is planned (and thrown) again each time. */
    private MergePlanner.SelectMerge merge(Dialect dialect) throws ShardlineException {
        MergePlanner.SelectMerge m = merges.get(dialect);
        if (m == null) {
            m = MergePlanner.plan(parsed(), dialect, bound.holes(), this::registerLists);
            merges.put(dialect, m);
        }
        return m;
    }

    // ---- the rules that keep a multi-shard answer exact ---------------------------------------------------------

    /**
     * The sharded tables must be binding tables (split alike), joined on their hint columns (directly or through one
     * another), outside derived tables, and at least one of them must drive the statement: in its outermost query and
     * not on the NULL side of an outer join. Then every row of the answer comes from exactly one shard.
     */
    private void checkBinding(List<Integer> sharded) throws ShardlineException {
        List<TableRef> refs = bound.refs();
        LogicalTable lead = bound.table(sharded.get(0));
        for (int i : sharded) {
            LogicalTable t = bound.table(i);
            if (!lead.bindsWith(t)) {
                throw ShardlineException.notAllowed("tables " + lead.name() + " and " + t.name() + " are not split alike"
                        + " (binding tables share split rule, databases and hint type), so a statement over several shards"
                        + " cannot join them shard by shard; give keys that reach one server");
            }
            if (parsed().inDerivedScope(refs.get(i).scope())) {
                throw ShardlineException.notAllowed("sharded table " + t.name() + " is read inside a derived table, WITH"
                        + " item or UNION branch, whose rows are not merged across shards; give a key or hint that names"
                        + " one shard, or query " + t.name() + " directly");
            }
        }
        boolean drives = false;
        for (int i : sharded) {
            drives |= refs.get(i).scope() == 0 && !parsed().nullableTables().contains(i);
        }
        if (!drives) {
            throw ShardlineException.notAllowed("over several shards, a sharded table must drive the statement: " + lead.name()
                    + " is only read in a subquery or on the NULL side of an outer join");
        }
        int[] component = new int[refs.size()];
        for (int i = 0; i < component.length; i++) {
            component[i] = i;
        }
        for (ColumnLink link : parsed().links()) {
            List<Integer> as = bound.resolve(link.a());
            List<Integer> bs = bound.resolve(link.b());
            if (as.size() == 1 && bs.size() == 1 && bound.isKeyOf(link.a(), as.get(0)) && bound.isKeyOf(link.b(), bs.get(0))) {
                component[find(component, as.get(0))] = find(component, bs.get(0));
            }
        }
        for (int i : sharded) {
            if (find(component, i) != find(component, sharded.get(0))) {
                throw ShardlineException.notAllowed("over several shards, " + refs.get(sharded.get(0)).name() + " and "
                        + refs.get(i).name() + " must be joined on their hint columns (" + lead.hintColumn() + " = "
                        + bound.table(i).hintColumn() + "), so each shard's rows join only rows of the same shard");
            }
        }
    }

    private static int find(int[] component, int i) {
        while (component[i] != i) {
            component[i] = component[component[i]];
            i = component[i];
        }
        return i;
    }

    /**
     * The shards to run on: the intersection of what the tables' keys allow (NULL-side tables do not narrow it). No
     * key at all is a full scan, allowed only where the driving tables' full-table-scan switches are on.
     */
    private BitSet units(List<Integer> sharded, BitSet[] sets, boolean[] hinted) throws ShardlineException {
        BitSet units = null;
        int narrowing = 0;
        for (int s = 0; s < sharded.size(); s++) { // indexed: no iterator per execution
            int i = sharded.get(s);
            if (sets[i] != null && !parsed().nullableTables().contains(i)) {
                narrowing++;
                if (units == null) {
                    units = sets[i];
                } else {
                    if (narrowing == 2) {
                        units = (BitSet) units.clone(); // the sets stay as they were (a gathered plan reads them)
                    }
                    units.and(sets[i]);
                }
            }
        }
        if (narrowing == 1 && !units.isEmpty()) {
            return units; // the one set that narrows, unchanged: read only from here on
        }
        if (units != null && narrowing == 1) {
            units = (BitSet) units.clone(); // an empty set gets a shard below: the sets stay as they were
        }
        if (units == null) {
            // the driving tables are scanned whole; a correlated subquery's table only meets its own shard's rows
            for (int i : sharded) {
                if (!parsed().nullableTables().contains(i) && bound.refs().get(i).scope() == 0
                        && !bound.table(i).fullTableScan()) {
                    throw bound.noHint(bound.table(i));
                }
            }
            return bound.table(sharded.get(0)).space().all();
        }
        if (units.isEmpty()) {
            // the keys contradict each other: one shard runs the statement and finds nothing, as one database would
            for (int i : sharded) {
                if (sets[i] != null && !sets[i].isEmpty()) {
                    units.set(sets[i].nextSetBit(0));
                    break;
                }
            }
        }
        return units;
    }

    private String reason(List<Integer> sharded, BitSet[] sets, boolean[] hinted, InsertPlan insert, BitSet units) {
        int cardinality = units.cardinality();
        int why = 3;
        int table = sharded.get(0);
        if (insert != null && parsed().insert().table() == sharded.get(0) && !hinted[sharded.get(0)]) {
            why = 0;
        } else {
            for (int s = 0; s < sharded.size(); s++) { // indexed: no iterator per execution
                int i = sharded.get(s);
                if (hinted[i]) {
                    why = 1;
                    table = i;
                    break;
                }
            }
            for (int s = 0; s < sharded.size(); s++) {
                int i = sharded.get(s);
                if (why == 3 && sets[i] != null && !parsed().nullableTables().contains(i)) {
                    why = 2;
                    table = i;
                }
            }
        }
        int key = reasonKey(why, table, cardinality);
        KeptReason last = lastReason;
        if (last != null && last.key == key) {
            return last.text; // most executions of a statement give the reason of the one before
        }
        String kept = key < 0 ? null : reasons.get(key);
        if (kept != null) {
            lastReason = new KeptReason(key, kept);
            return kept;
        }
        String name = bound.table(table).name();
        String reason = switch (why) {
            case 0 -> "rows of the INSERT into " + name + " go to " + shards(cardinality);
            case 1 -> "the hint names " + shards(cardinality) + " of " + name;
            case 2 -> "the keys of " + name + " reach " + shards(cardinality);
            default -> "full scan of " + name + ": its full-table-scan switch is on";
        };
        if (key >= 0 && reasons.size() < MAX_RENDERED) {
            reasons.put(key, reason);
        }
        return reason;
    }

    /** A reason's cache key: why (2 bits), the table reference (9 bits), the shards reached (20 bits); -1 if too big. */
    private static int reasonKey(int why, int table, int cardinality) {
        return table >= 1 << 9 || cardinality >= 1 << 20 ? -1 : why << 29 | table << 20 | cardinality;
    }

    private static String shards(int cardinality) {
        return cardinality == 1 ? "1 shard" : cardinality + " shards";
    }

    /** The physical tables of unit {@code ordinal}: corresponding shards of the binding tables, copies beside them. */
    private Shard[] shards(int ordinal, List<Integer> sharded, PlanContext context) throws ShardlineException {
        List<TableRef> refs = bound.refs();
        Shard[] shards = new Shard[refs.size()];
        for (int i : sharded) {
            shards[i] = bound.table(i).space().shard(ordinal);
        }
        Shard anchor = shards[sharded.get(0)];
        for (int i = 0; i < shards.length; i++) {
            LogicalTable t = bound.table(i);
            if (t.isSharded()) {
                continue;
            }
            shards[i] = t.isSingle() ? t.copies().get(0) : BoundStatement.copyNear(t, anchor, context.transactionServer(), shards);
            if (shards[i].serverId() != anchor.serverId()) {
                throw ShardlineException.notAllowed(t.kindName() + " table " + t.name() + " lives on server "
                        + shards[i].serverId() + ", but the statement also runs on " + anchor + "; a statement over several"
                        + " shards joins single and broadcast tables only where a copy sits on each shard's server");
            }
        }
        return shards;
    }

    private static int[] rowsOf(InsertPlan insert, int ordinal) {
        int n = 0;
        for (int r = 0; r < insert.rowCount(); r++) {
            n += insert.ordinal(r) == ordinal ? 1 : 0;
        }
        int[] rows = new int[n];
        for (int r = 0, k = 0; r < insert.rowCount(); r++) {
            if (insert.ordinal(r) == ordinal) {
                rows[k++] = r;
            }
        }
        return rows;
    }

    // ---- DDL ------------------------------------------------------------------------------------------------------

    /**
     * DDL on every physical table of the logical table (every shard, every broadcast copy, the single table), or on
     * the shards a hint names (to finish a fan-out that failed part-way).
     */
    Plan ddl(Hint hint) throws ShardlineException {
        LogicalTable t = bound.table(0);
        List<Shard> targets = new ArrayList<>();
        String reason;
        if (t.isSharded()) {
            boolean hinted = hint.value() != null && (hint.table() == null || hint.table().equals(t.name()));
            BitSet set = hinted ? KeySets.hint(t, hint.value()) : t.space().all();
            for (int k = set.nextSetBit(0); k >= 0; k = set.nextSetBit(k + 1)) {
                targets.add(t.space().shard(k));
            }
            reason = hinted ? "DDL on the " + shards(set.cardinality()) + " of " + t.name() + " the hint names"
                    : "DDL on every physical table of " + t.name();
        } else {
            targets.addAll(t.copies());
            reason = "DDL on every copy of " + t.kindName() + " table " + t.name();
        }
        List<Unit> units = new ArrayList<>();
        for (Shard s : targets) {
            Dialect dialect = Dialect.forJdbcUrl(bound.topology().server(s.serverId()).jdbcUrl());
            String sql = bound.render(dialect, new Shard[] {s});
            units.add(new Unit(s.serverId(), s.database(), sql, new int[0], false, false, List.of(s), null));
        }
        if (units.size() == 1) {
            Unit u = units.get(0);
            return new Route(u.serverId(), u.database(), u.sql(), false, false, u.shards());
        }
        return new MultiPlan(MultiPlan.Mode.DDL, units, null, reason);
    }

    // ---- broadcast writes -------------------------------------------------------------------------------------

    /** A write to a broadcast table changes every copy, in one statement per copy. */
    private Plan broadcastWrite(Hint hint, InsertPlan insert, PlanContext context) throws ShardlineException {
        List<TableRef> refs = bound.refs();
        int target = bound.writeTargets().get(0);
        LogicalTable t = bound.table(target);
        for (int i = 0; i < refs.size(); i++) {
            if (!bound.table(i).isBroadcast()) {
                throw ShardlineException.notAllowed("a write to broadcast table " + t.name() + " changes every copy, so it"
                        + " cannot also involve " + bound.table(i).kindName() + " table " + bound.table(i).name());
            }
        }
        if (parsed().orderedWrite()) {
            throw ShardlineException.notAllowed(parsed().kind() + " with ORDER BY or LIMIT on broadcast table " + t.name()
                    + " could pick different rows in different copies; use a WHERE clause that names the rows");
        }
        List<Unit> units = new ArrayList<>();
        for (Shard copy : t.copies()) {
            Shard[] shards = new Shard[refs.size()];
            for (int i = 0; i < refs.size(); i++) {
                shards[i] = BoundStatement.copyNear(bound.table(i), copy, -1, shards);
            }
            Dialect dialect = Dialect.forJdbcUrl(bound.topology().server(copy.serverId()).jdbcUrl());
            SqlTemplate.Rendered r = template(dialect, insert).render(insert == null ? fillTables(shards)
                    : insert.fill(shards, null));
            units.add(new Unit(copy.serverId(), copy.database(), r.sql(), r.params(), false, hint.master(),
                    List.of(shards), null));
        }
        return new MultiPlan(MultiPlan.Mode.BROADCAST_WRITE, units, null, "broadcast table " + t.name() + ": every copy");
    }

    private static SqlTemplate.Fill fillTables(Shard[] shards) {
        return ref -> shards[ref];
    }

    // ---- templates ----------------------------------------------------------------------------------------------

    /** The per-shard template of a write: IN lists cut per shard, INSERT rows split, generated ids placed. */
    SqlTemplate template(Dialect dialect, InsertPlan insert) {
        String key = dialect + "|" + (insert == null ? "" : insert.templateKey());
        return templates.computeIfAbsent(key, k -> {
            SqlTemplate.Builder b = SqlTemplate.builder(parsed(), dialect, bound.holes());
            registerLists(b);
            if (insert != null) {
                insertRows(b, insert);
            }
            b.copy(0, parsed().sql().length());
            return b.build();
        });
    }

    private void insertRows(SqlTemplate.Builder b, InsertPlan insert) {
        InsertRows rows = insert.rows();
        List<InsertRows.RowText> texts = rows.rowTexts();
        if (texts.isEmpty()) {
            return;
        }
        String column = insert.sequenceColumn() == null ? null : MySqlText.quoteIdentifier(insert.sequenceColumn());
        boolean located = texts.stream().allMatch(t -> t.start() >= 0 && t.end() >= 0);
        if (!located) { // INSERT ... SET: one row, its values located one by one
            InsertRows.RowText row = texts.get(0);
            if (insert.addsColumn()) {
                int end = row.valueEnds()[row.valueEnds().length - 1];
                b.id(end, end, ", " + column + " = ");
            } else if (insert.idColumn() >= 0) {
                b.id(row.valueStarts()[insert.idColumn()], row.valueEnds()[insert.idColumn()], "");
            }
            return;
        }
        if (insert.addsColumn() && rows.columnList() != null) {
            b.replace(rows.columnList()[0], rows.columnList()[0], column + ", ");
        }
        b.rows(texts.get(0).start(), texts.get(texts.size() - 1).end(), texts,
                insert.addsColumn() ? -1 : insert.idColumn(), insert.addsColumn());
    }

    /** Marks the IN lists on sharded tables' hint columns as cut per shard. */
    private void registerLists(SqlTemplate.Builder b) {
        int[] refOf = prunable();
        List<Condition> conditions = parsed().conditions();
        for (int c = 0; c < conditions.size(); c++) {
            if (refOf[c] >= 0) {
                b.inList(c, conditions.get(c).list());
            }
        }
    }

    private int[] prunable() {
        int[] p = prunable;
        if (p == null) {
            List<Condition> conditions = parsed().conditions();
            p = new int[conditions.size()];
            for (int c = 0; c < p.length; c++) {
                p[c] = -1;
                Condition cond = conditions.get(c);
                List<Integer> refs = bound.resolve(cond.column());
                if (cond.list() != null && refs.size() == 1 && bound.table(refs.get(0)).isSharded()
                        && bound.isKeyOf(cond.column(), refs.get(0))) {
                    p[c] = refs.get(0);
                }
            }
            prunable = p;
        }
        return p;
    }

    /**
     * What a SELECT unit's text depends on besides its shards, dialect and LIMIT: its ordinal and, per item of the IN
     * lists cut per shard (all lists' items in order), whether the unit keeps it; -1 when that does not fit a long
     * (the text is then rendered per execution).
     */
    private static long renderKey(int ordinal, int[][] itemOrdinals) {
        if (ordinal >= 1 << ORDINAL_BITS) {
            return -1;
        }
        long kept = 0;
        int bit = 0;
        for (int[] list : itemOrdinals) {
            if (list == null) {
                continue;
            }
            if (bit + list.length > MAX_CUT_ITEMS) {
                return -1;
            }
            for (int itemOrdinal : list) {
                if (itemOrdinal == ordinal) {
                    kept |= 1L << bit;
                }
                bit++;
            }
        }
        return kept << ORDINAL_BITS | ordinal;
    }

    /** Per cut IN list, per item: the shard (ordinal) of its value. */

    private int[][] itemOrdinals(ParamSource params, LocatedKeys located) throws ShardlineException {
        int[] refOf = prunable();
        int[][] out = new int[refOf.length][];
        for (int c = 0; c < refOf.length; c++) {
            if (refOf[c] >= 0) {
                Condition cond = parsed().conditions().get(c);
                if (located != null) {
                    out[c] = located.of(bound.table(refOf[c]), cond.values(), params);
                    continue;
                }
                out[c] = new int[cond.values().size()];
                for (int i = 0; i < out[c].length; i++) {
                    out[c][i] = KeySets.ordinal(bound.table(refOf[c]), cond.values().get(i), params);
                }
            }
        }
        return out;
    }

    private SqlTemplate.Fill fill(Shard[] shards, int ordinal, int[][] itemOrdinals, InsertPlan insert, int[] rows,
                                  String limit) {
        SqlTemplate.Fill rowsFill = insert == null ? null : insert.fill(shards, rows);
        return new SqlTemplate.Fill() {
            @Override
            public Shard shard(int ref) {
                return shards[ref];
            }

            @Override
            public boolean keep(int list, int item) {
                return itemOrdinals[list] == null || itemOrdinals[list][item] == ordinal;
            }

            @Override
            public int[] rows() {
                return rows;
            }

            @Override
            public String id(int row) {
                return rowsFill == null ? null : rowsFill.id(row);
            }

            @Override
            public String slot(int slot) {
                return limit;
            }
        };
    }
}
