package io.shardline.driver;

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

    /** Apply the hint to this table only (DBProxy's {@code tableName}); other tables route by their own keys. */
    void setHintTable(String tableName) throws SQLException;

    /** Send reads to the master instead of a replica. */
    void setMaster(boolean master) throws SQLException;

    void clearHint() throws SQLException;

    /** Where the last execution of this statement went: server, database, physical SQL. Null before the first. */
    Route lastRoute();
}
