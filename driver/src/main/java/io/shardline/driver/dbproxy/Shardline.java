package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineRuntime;
import io.shardline.driver.ShardlineUrl;
import io.shardline.router.ShardlineException;
import io.shardline.router.dbproxy.Answer;
import io.shardline.router.dbproxy.CategoryInfo;
import io.shardline.router.dbproxy.EquivalentIds;
import io.shardline.router.dbproxy.HintPair;
import io.shardline.router.dbproxy.HintPairs;
import io.shardline.router.dbproxy.SplitInfo;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.RangeCategory;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.route.HintValue;
import io.shardline.router.route.Lookup3;
import io.shardline.router.sql.ParameterizedSql;
import io.shardline.router.sql.StatementKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * DBProxy's interface (dbproxy-interface spec) as Java calls, in-process: the same call names, arguments in the spec's
 * order (the cluster version's {@code cluster} right after {@code tableName}), the same answers and error codes,
 * checked in DBProxy's order. Optional arguments are null ({@code master}: false); a null {@code cluster} means the
 * URL's. An error DBProxy answers as {@code {code, ex}} is a {@link ShardlineException} whose
 * {@link ShardlineException#getErrorCode()} is {@code code} and whose message is {@code ex}.
 * <p>
 * Each call is independent (autocommit, or one transaction for {@code transaction}) and runs through Shardline's
 * logical connections, so routing, rewriting, read/write splitting and pools are those of the JDBC path; it shares the
 * runtime it came from but never a JDBC connection's transaction. Thread-safe.
 */
public final class Shardline implements AutoCloseable {
    private final RuntimeSource source;
    private final ShardlineDataSource owned;
    private final boolean multiShardWrites;
    /** Seconds each statement of a call may run (0: the URL's {@code queryTimeout}). */
    private final int queryTimeout;

    private Shardline(RuntimeSource source, ShardlineDataSource owned, boolean multiShardWrites, int queryTimeout) {
        this.source = source;
        this.owned = owned;
        this.multiShardWrites = multiShardWrites;
        this.queryTimeout = queryTimeout;
    }

    /**
     * The API over its own runtime for a {@code jdbc:shardline:} URL; {@link #close()} closes it. A malformed URL fails
     * here (100422); the metadata loads on the first call, and until it has loaded every call answers 100503, as
     * DBProxy does before its first load ({@link #refresh()} loads at once).
     */
    public static Shardline open(String url) throws SQLException {
        return open(url, new Properties());
    }

    public static Shardline open(String url, Properties info) throws SQLException {
        ShardlineUrl.parse(url, info);
        ShardlineDataSource dataSource = new ShardlineDataSource(url);
        if (info != null) {
            dataSource.setProperties(info);
        }
        return new Shardline(dataSource::runtime, dataSource, false, 0);
    }

    /** The API over a data source's runtime (what {@code dataSource.unwrap(Shardline.class)} returns). */
    public static Shardline of(ShardlineDataSource dataSource) {
        return new Shardline(dataSource::runtime, null, false, 0);
    }

    /** The API over a runtime (what {@code connection.unwrap(Shardline.class)} returns). */
    public static Shardline of(ShardlineRuntime runtime) {
        return new Shardline(() -> runtime, null, false, 0);
    }

    /**
     * This API as DBProxy Manager has it: {@code iQuery}/{@code sQuery} on several shards also run INSERT, UPDATE,
     * REPLACE, DELETE, DESC and EXPLAIN (each shard in its own autocommit; writes answer {@code results}). The standard
     * DBProxy refuses them with 100403, and so does this object unless asked.
     */
    public Shardline allowingMultiShardWrites() {
        return new Shardline(source, null, true, queryTimeout);
    }

    /**
     * This API with a query timeout: every statement a call runs (each shard's, each of a transaction's) may take at
     * most {@code seconds}, else the call fails with 100504 (on several shards: that shard is in {@code failedIds}).
     * 0 keeps the URL's {@code queryTimeout}. Shares this object's runtime; closing it closes nothing.
     */
    public Shardline withQueryTimeout(int seconds) throws ShardlineException {
        if (seconds < 0) {
            throw ShardlineException.invalid("a query timeout must not be negative, is " + seconds);
        }
        return new Shardline(source, null, multiShardWrites, seconds);
    }

    // ---- query: one shard --------------------------------------------------------------------------------

    public Answer<Long> query(long hintId, String sql) throws SQLException {
        return query(hintId, null, null, sql, null, false);
    }

    public Answer<Long> query(long hintId, String tableName, String sql, List<String> params, boolean master)
            throws SQLException {
        return query(hintId, tableName, null, sql, params, master);
    }

    /**
     * DBProxy's {@code query}: {@code sql} (one of SELECT, INSERT, REPLACE, UPDATE, DELETE, DESC, DESCRIBE, EXPLAIN)
     * with its {@code params} substituted by the spec's {@code '?'} rule, run on the shard of {@code hintId} of
     * {@code tableName} (of every sharded table of the statement when null). A read goes to a replica unless
     * {@code master}.
     *
     * @return {@code Rows} for a read, {@code Written} for a write
     */
    public Answer<Long> query(long hintId, String tableName, String cluster, String sql, List<String> params,
                              boolean master) throws SQLException {
        Checks.requireNotNegative(hintId);
        return single(new HintValue.Int(hintId), tableName, cluster, sql, params, master);
    }

    // ---- iQuery / sQuery: several shards ------------------------------------------------------------------

    public Answer<Long> iQuery(List<Long> hintIds, String sql) throws SQLException {
        return iQuery(hintIds, null, null, sql, null, false);
    }

    public Answer<Long> iQuery(List<Long> hintIds, String tableName, String sql, List<String> params, boolean master)
            throws SQLException {
        return iQuery(hintIds, tableName, null, sql, params, master);
    }

    /**
     * DBProxy's {@code iQuery}: one hintId is {@code query}; several run the SELECT on each shard they reach
     * (grouped by equivalent id, see {@link #reformHintIds}); none runs it on every shard. Rows come concatenated in
     * ascending equivalent id, not merged: ORDER BY, GROUP BY and LIMIT hold per shard only. {@code failedIds} lists
     * the given ids whose shard failed (with no ids given: the failed shards' equivalent ids), {@code invalidIds} those
     * that reach no shard.
     *
     * @throws ShardlineException 100500 when every shard failed, 100404 when no id reaches a shard
     */
    public Answer<Long> iQuery(List<Long> hintIds, String tableName, String cluster, String sql, List<String> params,
                               boolean master) throws SQLException {
        Checks.requireIds(hintIds);
        for (Long id : hintIds) {
            Checks.requireNotNegative(id);
        }
        if (hintIds.size() == 1) {
            return query(hintIds.get(0), tableName, cluster, sql, params, master);
        }
        return fanOut(hintIds, Long::longValue, equivalentId -> equivalentId, false, tableName, cluster, sql, params,
                master);
    }

    public Answer<String> sQuery(List<String> hintIds, String sql) throws SQLException {
        return sQuery(hintIds, null, null, sql, null, false);
    }

    public Answer<String> sQuery(List<String> hintIds, String tableName, String sql, List<String> params, boolean master)
            throws SQLException {
        return sQuery(hintIds, tableName, null, sql, params, master);
    }

    /**
     * DBProxy's {@code sQuery}: {@link #iQuery} with string hints, hashed with lookup3, on hash-split tables only
     * (100403 otherwise). With no hints it is the every-shard query, whose {@code failedIds} are the failed shards'
     * equivalent ids, in decimal.
     */
    public Answer<String> sQuery(List<String> hintIds, String tableName, String cluster, String sql,
                                 List<String> params, boolean master) throws SQLException {
        Checks.requireIds(hintIds);
        if (hintIds.size() == 1) {
            return single(new HintValue.Str(hintIds.get(0)), tableName, cluster, sql, params, master);
        }
        return fanOut(hintIds, Lookup3::hashString, Long::toString, !hintIds.isEmpty(), tableName, cluster, sql, params,
                master);
    }

    // ---- transaction / sTransaction ----------------------------------------------------------------------

    public void transaction(List<Long> hintIds, List<String> tableNames, List<String> sqls) throws SQLException {
        transaction(hintIds, tableNames, null, sqls);
    }

    /**
     * DBProxy's {@code transaction}: statement {@code i} routed by {@code hintIds[i]} on {@code tableNames[i]} (every
     * sharded table of the statement when null or empty); all must reach the same master and database, checked
     * before anything runs (100403 naming the statement). They run in one transaction on that master, committed at the
     * end and rolled back on any failure. BEGIN, COMMIT and the like are refused: Shardline adds them.
     *
     * @throws TransactionException with the failing statement's index
     */
    public void transaction(List<Long> hintIds, List<String> tableNames, String cluster, List<String> sqls)
            throws SQLException {
        Checks.requireIds(hintIds);
        List<HintValue> hints = new ArrayList<>(hintIds.size());
        for (Long id : hintIds) {
            Checks.requireNotNegative(id);
            hints.add(new HintValue.Int(id));
        }
        Transaction.run(source, hints, tableNames, cluster, sqls, queryTimeout);
    }

    public void sTransaction(List<String> hintIds, List<String> tableNames, List<String> sqls) throws SQLException {
        sTransaction(hintIds, tableNames, null, sqls);
    }

    /** DBProxy's {@code sTransaction}: {@link #transaction} with string hints, on hash-split tables only. */
    public void sTransaction(List<String> hintIds, List<String> tableNames, String cluster, List<String> sqls)
            throws SQLException {
        Checks.requireIds(hintIds);
        List<HintValue> hints = new ArrayList<>(hintIds.size());
        for (String id : hintIds) {
            hints.add(new HintValue.Str(id));
        }
        Transaction.run(source, hints, tableNames, cluster, sqls, queryTimeout);
    }

    // ---- metadata calls ----------------------------------------------------------------------------------

    public SplitInfo splitInfo(String tableName) throws SQLException {
        return splitInfo(tableName, null);
    }

    /** DBProxy's {@code splitInfo}: how {@code tableName} is split. */
    public SplitInfo splitInfo(String tableName, String cluster) throws SQLException {
        Checks.require(tableName, "tableName");
        ShardlineRuntime runtime = source.runtime();
        return SplitInfo.of(Checks.table(runtime, Checks.clusterOf(runtime, cluster), tableName));
    }

    public CategoryInfo categoryInfo(String databaseCategory) throws SQLException {
        return categoryInfo(databaseCategory, null);
    }

    /** DBProxy's {@code categoryInfo}: the slots of a range category. */
    public CategoryInfo categoryInfo(String databaseCategory, String cluster) throws SQLException {
        Checks.require(databaseCategory, "databaseCategory");
        ShardlineRuntime runtime = source.runtime();
        String c = Checks.clusterOf(runtime, cluster);
        RangeCategory category = runtime.topology().category(c, databaseCategory);
        if (category == null) {
            throw ShardlineException.notFound("database category '" + databaseCategory + "' is not found" + Checks.in(c));
        }
        return CategoryInfo.of(category);
    }

    public HintPairs<Long> reformHintIds(String tableName, List<Long> hintIds) throws SQLException {
        return reformHintIds(tableName, null, hintIds);
    }

    /**
     * DBProxy's {@code reformHintIds}: {@code hintIds} grouped by the shard of {@code tableName} they reach, as pairs of
     * the shard's equivalent id (the smallest id reaching it) and the ids; negative and unreachable ids are invalid.
     * Running a statement with each equivalent id as the hint covers exactly the given ids' shards.
     */
    public HintPairs<Long> reformHintIds(String tableName, String cluster, List<Long> hintIds) throws SQLException {
        Checks.require(tableName, "tableName");
        Checks.requireIds(hintIds);
        if (hintIds.isEmpty()) {
            return new HintPairs<>(List.of(), List.of()); // DBProxy answers this before it looks at its configuration
        }
        ShardlineRuntime runtime = source.runtime();
        return EquivalentIds.reform(Checks.table(runtime, Checks.clusterOf(runtime, cluster), tableName), hintIds);
    }

    public List<Long> allSplitHintIds(String tableName) throws SQLException {
        return allSplitHintIds(tableName, null);
    }

    /** DBProxy's {@code allSplitHintIds}: one equivalent id per shard of {@code tableName}, ascending. */
    public List<Long> allSplitHintIds(String tableName, String cluster) throws SQLException {
        Checks.require(tableName, "tableName");
        ShardlineRuntime runtime = source.runtime();
        return EquivalentIds.all(Checks.table(runtime, Checks.clusterOf(runtime, cluster), tableName));
    }

    /**
     * DBProxy's {@code refresh}: checks the store's update stamp now and loads the new metadata when it moved (before
     * the first load: loads it). Calls already running finish on the metadata they started with.
     *
     * @throws ShardlineException 100503 when the store cannot be read or the new metadata is invalid; the current
     *         metadata stays in use (unlike DBProxy, which answers {@code {}} and only logs)
     */
    public void refresh() throws SQLException {
        source.runtime().refreshIfChanged();
    }

    /** Closes the runtime this object opened ({@link #open}); an API obtained from a data source or connection has none. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    // ---- the common path ---------------------------------------------------------------------------------

    private <I> Answer<I> single(HintValue hint, String tableName, String cluster, String sql, List<String> params,
                                 boolean master) throws SQLException {
        String text = ParameterizedSql.substitute(Checks.require(sql, "sql"), params);
        Loaded loaded = Loaded.from(source);
        StatementKind kind = loaded.parse(text).kind();
        ShardlineRuntime runtime = loaded.require();
        String c = Checks.clusterOf(runtime, cluster);
        String table = Checks.tableName(tableName);
        Checks.bind(runtime, c, text);
        if (table != null) {
            Checks.table(runtime, c, table);
        }
        return ShardCall.run(runtime, c, text, hint, table, master, kind, queryTimeout);
    }

    private <I extends Comparable<? super I>> Answer<I> fanOut(List<I> hintIds, ToLongFunction<I> hintOf,
                                                               LongFunction<I> idOfEquivalent, boolean hashOnly,
                                                               String tableName, String cluster, String sql,
                                                               List<String> params, boolean master) throws SQLException {
        String text = ParameterizedSql.substitute(Checks.require(sql, "sql"), params);
        Loaded loaded = Loaded.from(source);
        StatementKind kind = loaded.parse(text).kind();
        if (kind != StatementKind.SELECT && !multiShardWrites) {
            throw ShardlineException.notAllowed("a call on several shards runs SELECT only; this is " + kind
                    + " (DBProxy Manager's multi-shard statements: Shardline.allowingMultiShardWrites())");
        }
        ShardlineRuntime runtime = loaded.require();
        String c = Checks.clusterOf(runtime, cluster);
        String name = Checks.tableName(tableName);
        BoundStatement bound = Checks.bind(runtime, c, text);
        LogicalTable table = name != null ? Checks.table(runtime, c, name) : firstTable(bound);
        if (hashOnly && table.splitByRange()) {
            throw ShardlineException.notAllowed("string hintIds work on hash-split tables only; table " + table.name()
                    + " is range-split");
        }
        List<HintPair<I>> units;
        List<I> invalid;
        if (hintIds.isEmpty()) {
            units = new ArrayList<>();
            for (long equivalentId : EquivalentIds.all(table)) {
                units.add(new HintPair<>(equivalentId, List.of(idOfEquivalent.apply(equivalentId))));
            }
            invalid = List.of();
        } else {
            HintPairs<I> pairs = EquivalentIds.group(table, hintIds, hintOf);
            units = pairs.hintPairs();
            invalid = pairs.invalidIds();
        }
        if (units.isEmpty()) {
            throw ShardlineException.notFound("none of the hintIds " + invalid + " reaches a shard of table "
                    + table.name());
        }
        return FanOut.run(runtime, c, text, kind, name, master, units, invalid, queryTimeout);
    }

    private static LogicalTable firstTable(BoundStatement bound) throws ShardlineException {
        if (bound.tables().isEmpty()) {
            throw ShardlineException.notAllowed("the statement names no table to find the shards of; give tableName");
        }
        return bound.tables().get(0);
    }

    @Override
    public String toString() {
        return "Shardline(" + (owned != null ? ShardlineUrl.redact(owned.getUrl()) : "shared runtime")
                + (multiShardWrites ? ", multi-shard writes" : "") + ")";
    }
}
