package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.GatherPushdown;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import io.shardline.router.sql.ValueRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans a SELECT that the merge planner refuses for its shape ("gather, then let the database evaluate", a simplified
 * form of Citus's recursive planning): each table reference's rows are read from its shards into a TEMPORARY table
 * on one evaluation server, and the statement runs there as written, so MySQL itself evaluates joins, UNION,
 * GROUP_CONCAT, window functions, ROLLUP and recursive WITH exactly. Used only after the exact fast paths refused:
 * an answer they give never changes.
 *
 * <p>Shards are pruned by the keys routing already trusts (a table reference's own conjuncts on its hint column, or a
 * hint); a reference on the NULL side of an outer join is read whole. A table read whole needs its full-table-scan
 * switch, as for any other statement.
 */
final class GatherPlanner {
    /** Refusals that a gather would not make right: the statement is not MySQL, or its effect is on a session. */
    private static final List<String> NOT_GATHERED = List.of("SELECT ... INTO", "SQL_CALC_FOUND_ROWS",
            "DISTINCT ON is not MySQL", "FETCH, TOP, FIRST and SKIP", "LIMIT ALL and LIMIT NULL", "LIMIT takes integer",
            // nondeterministic: the columns outside GROUP BY take any row of the group, which differs by copy
            "SELECT * with GROUP BY");
    /** Functions whose value or effect belongs to a session: on the evaluation server's connection they would lie. */
    private static final Set<String> SESSION_FUNCTIONS = Set.of("LAST_INSERT_ID", "FOUND_ROWS", "ROW_COUNT",
            "CONNECTION_ID", "GET_LOCK", "RELEASE_LOCK", "RELEASE_ALL_LOCKS", "IS_FREE_LOCK", "IS_USED_LOCK", "NEXTVAL",
            "SETVAL", "LASTVAL");
    /** MySQL's limit on identifier length. */
    private static final int MAX_NAME = 64;

    private GatherPlanner() {
    }

    /** Whether a refusal of the exact planners may be answered by gathering: a plain SELECT refused for its shape. */
    static boolean applies(ParsedSql parsed, ShardlineException refusal) {
        if (parsed.kind() != StatementKind.SELECT || refusal.code() != io.shardline.router.ErrorCode.NOT_ALLOWED) {
            return false;
        }
        for (String prefix : NOT_GATHERED) {
            if (refusal.getMessage().startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    static GatherPlan plan(BoundStatement bound, BitSet[] sets, boolean[] hinted, ParamSource params,
                           PlanContext context, ShardlineException refusal) throws ShardlineException {
        return plan(bound, sets, hinted, params, context, refusal.getMessage().replaceFirst(" \\(\\d+\\)$", ""), -1,
                null, -1, null, Set.of());
    }

    /**
     * A write evaluated on the server of {@code pinned}, one physical table of its target reference {@code target},
     * read in place there; the temporary tables' names carry {@code step} ({@link BoundStatement#inPlaceWrite}).
     */
    static GatherPlan planInPlace(BoundStatement bound, BitSet[] sets, boolean[] hinted, ParamSource params,
                                  PlanContext context, String reason, int target, Shard pinned, int step)
            throws ShardlineException {
        return plan(bound, sets, hinted, params, context, reason, target, pinned, step, null, Set.of());
    }

    /**
     * A write evaluated in one step over every shard of its targets {@code written} ({@link BoundStatement#oneStepWrite}):
     * a gather whose written references are always copied, never read in place (the statement writes their copies,
     * which the driver then compares with the rows it copied), and never inlined.
     */
    static GatherPlan planOneStep(BoundStatement bound, BitSet[] sets, boolean[] hinted, ParamSource params,
                                  PlanContext context, String reason, Set<Integer> written, Set<Integer> whole)
            throws ShardlineException {
        return plan(bound, sets, hinted, params, context, reason, -1, null, -1, written, whole);
    }

    private static GatherPlan plan(BoundStatement bound, BitSet[] sets, boolean[] hinted, ParamSource params,
                                   PlanContext context, String reason, int target, Shard pinned, int step,
                                   Set<Integer> written, Set<Integer> whole) throws ShardlineException {
        ParsedSql parsed = bound.parsed();
        if (parsed.lockingRead()) {
            throw ShardlineException.notAllowed(reason + "; a locking read (FOR UPDATE, LOCK IN SHARE MODE) is not"
                    + " answered by gathering copies of the rows, which would lock nothing");
        }
        String session = sessionFunction(parsed);
        if (session != null) {
            throw ShardlineException.notAllowed(reason + "; answering it would evaluate " + session + " on another"
                    + " server's session, whose value is not this connection's");
        }
        int n = bound.refs().size();
        List<List<Shard>> read = new ArrayList<>(n);
        Shard[] definitions = new Shard[n];
        for (int i = 0; i < n; i++) {
            LogicalTable t = bound.table(i);
            List<Shard> shards = new ArrayList<>();
            if (t.isSharded()) {
                BitSet set = hinted[i] || !parsed.nullableTables().contains(i) ? sets[i] : null;
                if (set == null) {
                    if (!t.fullTableScan()) {
                        throw bound.noHint(t);
                    }
                    set = t.space().all();
                }
                for (int k = set.nextSetBit(0); k >= 0; k = set.nextSetBit(k + 1)) {
                    shards.add(t.space().shard(k));
                }
                definitions[i] = t.space().shard(t.space().all().nextSetBit(0));
            } else {
                shards.add(t.copies().get(0)); // a broadcast table may move to a nearer copy below
                definitions[i] = t.copies().get(0);
            }
            read.add(shards);
        }
        if (pinned != null) {
            read.set(target, List.of(pinned));
        }
        int server = pinned != null ? pinned.serverId() : evaluationServer(bound, read, context,
                definitions[0].serverId());
        String database = pinned != null ? pinned.database() : null;
        for (int i = 0; i < n && database == null; i++) {
            LogicalTable t = bound.table(i);
            for (Shard s : t.isBroadcast() ? t.copies() : read.get(i)) {
                if (s.serverId() == server) {
                    database = s.database();
                    break;
                }
            }
        }
        if (database == null) { // every input is empty (contradicting keys): any shard database of the server
            database = definitions[0].database();
            server = definitions[0].serverId();
        }
        for (int i : whole) { // every row of every shard: the rows a write may meet are not only those it reads
            read.set(i, bound.table(i).isSharded() ? allShards(bound.table(i)) : read.get(i));
        }
        int[] copyOf = sharedCopies(bound, read, written);
        List<GatherPlan.Source> sources = new ArrayList<>(n);
        Shard[] fill = new Shard[n];
        Dialect dialect = Dialect.forJdbcUrl(bound.topology().server(server).jdbcUrl());
        GatherPushdown pushdown = bound.gatherPushdown();
        for (int i = 0; i < n; i++) {
            LogicalTable t = bound.table(i);
            List<Shard> shards = read.get(i);
            if (t.isBroadcast()) {
                Shard near = BoundStatement.copyNear(t, null, server, new Shard[0]);
                shards = List.of(near);
                definitions[i] = near;
            }
            boolean inPlace = shards.size() == 1 && shards.get(0).serverId() == server
                    && (written == null || !written.contains(i));
            String temp = step < 0 ? tempName(copyOf[i], t.name()) : tempName(i, step + "_" + t.name());
            if (copyOf[i] != i || shares(copyOf, i) || whole.contains(i)) { // one copy of every row both references may need: no filter
                fill[i] = new Shard(server, database, temp);
                sources.add(new GatherPlan.Source(i, t.name(), temp, List.copyOf(shards), definitions[i], false, null,
                        List.of(), null, t));
                continue;
            }
            fill[i] = inPlace ? shards.get(0) : new Shard(server, database, temp);
            List<Object> values = new ArrayList<>();
            // an in-place reference is not read, but its filter bounds the keys it may send to another's reads
            String filter = hinted[i] || !t.isSharded() || parsed.nullableTables().contains(i) ? null
                    : keyFilter(bound, i, params, values);
            GatherPushdown.Pushed pushed = pushdown.pushed(i);
            String alias = null;
            if (pushed != null && !pushed.conjuncts().isEmpty()) {
                StringBuilder b = new StringBuilder(filter == null ? "" : filter);
                for (GatherPushdown.Conjunct c : pushed.conjuncts()) {
                    b.append(b.length() == 0 ? "(" : " AND (").append(conjunct(bound, dialect, c, params, values))
                            .append(')');
                }
                filter = b.toString();
                alias = pushed.alias();
            }
            sources.add(new GatherPlan.Source(i, t.name(), temp, List.copyOf(shards), definitions[i], inPlace, filter,
                    values, alias, t));
        }
        for (GatherPlan.Source s : sources) {
            for (Shard shard : s.shards()) {
                if (Dialect.forJdbcUrl(bound.topology().server(shard.serverId()).jdbcUrl()) != dialect) {
                    throw ShardlineException.notAllowed(reason + "; gathering it would copy rows between an H2 and a"
                            + " MySQL server, whose column types differ");
                }
            }
        }
        List<GatherPushdown.KeyLink> links = new ArrayList<>();
        for (GatherPushdown.KeyLink l : pushdown.links()) {
            if (!sources.get(l.receiver()).inPlace() && !shares(copyOf, l.receiver()) && !whole.contains(l.receiver())) {
                links.add(l);
            }
        }
        return new GatherPlan(server, database, sources, bound.render(dialect, fill), reason, pushdown.columns(),
                List.copyOf(links), pinned != null || written != null ? null
                : InlinePlanner.plan(bound, read, sources, context, dialect));
    }

    /**
     * Per reference, the reference whose copy it uses: itself, except for a table written through several references
     * (a one-step write's {@code written}), whose references all use the first one's copy, read from every shard any
     * of them reads ({@code read} is set to that union). The statement then writes one copy, as it writes one table,
     * and each changed row is written back once.
     */
    private static int[] sharedCopies(BoundStatement bound, List<List<Shard>> read, Set<Integer> written)
            throws ShardlineException {
        int n = bound.refs().size();
        int[] copyOf = new int[n];
        for (int i = 0; i < n; i++) {
            copyOf[i] = i;
            if (written == null || !written.contains(i)) {
                continue;
            }
            for (int first : written) {
                if (first < i && bound.table(first) == bound.table(i)) {
                    copyOf[i] = first;
                    break;
                }
            }
            if (copyOf[i] != i) {
                LogicalTable t = bound.table(i);
                Set<Shard> union = new java.util.HashSet<>(read.get(copyOf[i]));
                union.addAll(read.get(i));
                List<Shard> ordered = new ArrayList<>();
                for (Shard s : t.isSharded() ? allShards(t) : t.copies()) {
                    if (union.contains(s)) {
                        ordered.add(s);
                    }
                }
                read.set(copyOf[i], ordered);
                read.set(i, ordered);
            }
        }
        return copyOf;
    }

    private static List<Shard> allShards(LogicalTable t) throws ShardlineException {
        List<Shard> out = new ArrayList<>();
        BitSet all = t.space().all();
        for (int k = all.nextSetBit(0); k >= 0; k = all.nextSetBit(k + 1)) {
            out.add(t.space().shard(k));
        }
        return out;
    }

    /** Whether reference {@code i}'s copy is shared with another reference. */
    private static boolean shares(int[] copyOf, int i) {
        for (int j = 0; j < copyOf.length; j++) {
            if (j != i && copyOf[j] == copyOf[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server that evaluates: the open transaction's (its rows must be seen, and a local transaction stays on one
     * server), else the one holding the most of the physical tables to read, so that the most rows need not move.
     */
    private static int evaluationServer(BoundStatement bound, List<List<Shard>> read, PlanContext context,
                                        int fallback) {
        if (context.transactionServer() >= 0) {
            return context.transactionServer();
        }
        TreeMap<Integer, Integer> count = new TreeMap<>();
        for (int i = 0; i < read.size(); i++) {
            if (bound.table(i).isBroadcast()) {
                continue;
            }
            for (Shard s : read.get(i)) {
                count.merge(s.serverId(), 1, Integer::sum);
            }
        }
        int best = -1;
        int most = -1;
        for (var e : count.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best >= 0 ? best : fallback;
    }

    /**
     * The reference's own key conditions as a filter for its shards' reads ({@code hint IN (?, ..) AND ..}), or null.
     * They are what shard pruning already relies on: a row whose hint value is outside them cannot contribute, whether
     * it sits on another shard (pruned) or on a kept one (filtered here). Only literal and {@code ?} values.
     */
    private static String keyFilter(BoundStatement bound, int ref, ParamSource params, List<Object> values)
            throws ShardlineException {
        List<List<ValueRef>> lists = bound.keyLists(ref);
        if (lists.isEmpty() || !bound.table(ref).hasHintColumn()) {
            return null;
        }
        String column = MySqlText.quoteIdentifier(bound.table(ref).hintColumn());
        StringBuilder b = new StringBuilder();
        for (List<ValueRef> list : lists) {
            for (ValueRef v : list) {
                if (v instanceof ValueRef.Expression) {
                    return null;
                }
            }
            b.append(b.length() == 0 ? "" : " AND ").append(column).append(" IN (");
            for (int k = 0; k < list.size(); k++) {
                b.append(k == 0 ? "?" : ", ?");
                values.add(BoundStatement.valueOf(list.get(k), params));
            }
            b.append(')');
        }
        return b.toString();
    }

    /**
     * A pushed conjunct's text for the sources' dialect (they share the evaluation server's: no gather mixes H2 and
     * MySQL), its placeholders' bound values added to {@code values} in order.
     */
    private static String conjunct(BoundStatement bound, Dialect dialect, GatherPushdown.Conjunct c,
                                   ParamSource params, List<Object> values) throws ShardlineException {
        SqlTemplate.Rendered r = SqlTemplate.builder(bound.parsed(), dialect, java.util.Map.of()).copy(c.start(), c.end())
                .build().render(ref -> null);
        for (int p : r.params()) {
            if (!params.isBound(p)) {
                throw ShardlineException.invalid("parameter " + p + " is not bound");
            }
            values.add(params.value(p));
        }
        return r.sql();
    }

    /** The temporary table of reference {@code ref}: a name no real table of a shard database takes. */
    static String tempName(int ref, String table) {
        String name = "shardline_gather_" + ref + "_" + table;
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private static String sessionFunction(ParsedSql parsed) {
        List<Token> tokens = parsed.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == TokenKind.VARIABLE && !parsed.sql().startsWith("@@", t.start())) {
                return "the user variable " + parsed.sql().substring(t.start(), t.end());
            }
            if (t.kind() == TokenKind.WORD && i + 1 < tokens.size()
                    && parsed.sql().startsWith("(", tokens.get(i + 1).start())) {
                String word = parsed.sql().substring(t.start(), t.end()).toUpperCase(Locale.ROOT);
                if (SESSION_FUNCTIONS.contains(word)) {
                    return word + "()";
                }
            }
        }
        return null;
    }
}
