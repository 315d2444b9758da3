package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.plan.BoundStatement;
import java.sql.SQLException;
import java.util.List;

/** The argument checks and metadata lookups the calls share, each failing with the code DBProxy answers. */
final class Checks {
    private Checks() {
    }

    static <T> T require(T value, String name) throws ShardlineException {
        if (value == null) {
            throw ShardlineException.invalid(name + " is required");
        }
        return value;
    }

    /** As DBProxy: hintIds may be empty (every shard) but not missing, so a mistyped argument never reaches every shard. */
    static void requireIds(List<?> hintIds) throws ShardlineException {
        require(hintIds, "hintIds (an empty list means every shard)");
        for (Object id : hintIds) {
            require(id, "every hintId");
        }
    }

    static void requireNotNegative(long hintId) throws ShardlineException {
        if (hintId < 0) {
            throw ShardlineException.invalid("hintId " + hintId + " is negative; hintIds are 0 or more");
        }
    }

    /** DBProxy's tableName is optional and empty when absent. */
    static String tableName(String tableName) {
        return tableName == null || tableName.isEmpty() ? null : tableName;
    }

    static String clusterOf(ShardlineRuntime runtime, String cluster) {
        return cluster == null ? runtime.url().cluster() : cluster;
    }

    /** The statement bound in the call's cluster: its tables exist (100404), and no unbound {@code ?} is left (100422). */
    static BoundStatement bind(ShardlineRuntime runtime, String cluster, String sql) throws SQLException {
        BoundStatement bound = runtime.planner(cluster).bind(sql);
        if (bound.parameterCount() > 0) {
            throw ShardlineException.invalid("the SQL has " + bound.parameterCount() + " ? placeholder(s) and no params"
                    + " to substitute; pass params (the '?' rule) or use JDBC's PreparedStatement");
        }
        return bound;
    }

    static LogicalTable table(ShardlineRuntime runtime, String cluster, String name) throws ShardlineException {
        LogicalTable table = runtime.topology().table(cluster, name);
        if (table == null) {
            throw ShardlineException.notFound("Table '" + name + "' is not found" + in(cluster));
        }
        return table;
    }

    /** An error's message without its code, to be wrapped into another message that gets its own. */
    static String reason(SQLException e) {
        return e instanceof ShardlineException s ? s.reason() : e.getMessage();
    }

    static String in(String cluster) {
        return cluster.isEmpty() ? "" : " in cluster '" + cluster + "'";
    }
}
