package io.shardline.driver;

import io.shardline.router.plan.Plan;
import io.shardline.router.plan.Route;
import java.sql.SQLException;

/**
 * Shardline's additions to a JDBC statement, reached with {@code statement.unwrap(ShardlineStatement.class)}.
 * A hint set here belongs to this statement object only (no ThreadLocal) and wins over the SQL's own key values
 * and over a {@code /*+ shardline(...) *}{@code /} comment. It stays until changed or cleared.
 */
public interface ShardlineStatement {
    /** Route by this integer hint (DBProxy's {@code hintId}), for every sharded table of the statement. */
    void setHint(long hintId) throws SQLException;

    /** Route by this string hint (DBProxy's {@code sQuery}), hashed with lookup3; hash-split tables only. */
    void setHint(String stringHint) throws SQLException;

    /**
     * Route by several integer hints (DBProxy's {@code iQuery} {@code hintIds}): the statement runs once on each of
     * their shards and the results are merged.
     */
    void setHints(long... hintIds) throws SQLException;

    /** Route by several string hints (DBProxy's {@code sQuery} {@code hintIds}); hash-split tables only. */
    void setHints(String... hints) throws SQLException;

    /**
     * Run on every shard, deliberately (DBProxy's {@code iQuery} with empty {@code hintIds}): allowed whatever the
     * table's full-table-scan switch says, since the caller asked for it by name.
     */
    void setAllShards() throws SQLException;

    /** Apply the hint to this table only (DBProxy's {@code tableName}); other tables route by their own keys. */
    void setHintTable(String tableName) throws SQLException;

    /** Send reads to the master instead of a replica. */
    void setMaster(boolean master) throws SQLException;

    void clearHint() throws SQLException;

    /**
     * Where the last execution of this statement went when it ran on one shard: server, database, physical SQL.
     * Null before the first execution and after a multi-shard one (see {@link #lastPlan()}).
     */
    Route lastRoute();

    /** The plan of the last execution: a {@link Route} or a multi-shard plan; {@code describe()} prints it. */
    Plan lastPlan();

    /**
     * The plan {@code sql} would run with now, as {@code EXPLAIN SHARDLINE} prints it (shards, physical SQL, merge
     * operators); nothing runs. A PreparedStatement explains its own SQL with the parameters set so far.
     */
    String explain(String sql) throws SQLException;
}
