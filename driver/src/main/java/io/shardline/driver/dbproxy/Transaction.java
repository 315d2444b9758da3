package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineConnection;
import io.shardline.driver.ShardlineRuntime;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.Route;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * DBProxy's {@code transaction}: every statement is checked and routed before anything runs, all must reach one
 * master and one database (DBProxy's rule, stricter than a JDBC transaction's one server), then they run in one
 * transaction on one logical connection, committed at the end and rolled back on any failure.
 */
final class Transaction {
    private Transaction() {
    }

    static void run(RuntimeSource source, List<HintValue> hints, List<String> tableNames, String cluster, List<String> sqls,
                    int queryTimeout) throws SQLException {
        Checks.require(tableNames, "tableNames");
        Checks.require(sqls, "sqls");
        if (sqls.isEmpty() || hints.size() != sqls.size() || tableNames.size() != sqls.size()) {
            throw ShardlineException.notAllowed("a transaction needs one hintId, one tableName and one sql per statement;"
                    + " got " + hints.size() + " hintId(s), " + tableNames.size() + " tableName(s) and " + sqls.size()
                    + " sql(s)");
        }
        Loaded loaded = Loaded.from(source);
        for (int i = 0; i < sqls.size(); i++) {
            try {
                loaded.parse(Checks.require(sqls.get(i), "sql"));
            } catch (ShardlineException e) {
                throw failed(i, sqls.get(i), e, false);
            }
        }
        ShardlineRuntime runtime = loaded.require();
        String c = Checks.clusterOf(runtime, cluster);
        List<String> tables = new ArrayList<>(sqls.size());
        Route first = null;
        for (int i = 0; i < sqls.size(); i++) {
            try {
                String table = Checks.tableName(tableNames.get(i));
                tables.add(table);
                if (table != null) {
                    Checks.table(runtime, c, table);
                }
                Route route = Checks.bind(runtime, c, sqls.get(i))
                        .route(ParamSource.NONE, new Hint(hints.get(i), table, false));
                if (first == null) {
                    first = route;
                } else if (first.serverId() != route.serverId() || !Objects.equals(first.database(), route.database())) {
                    throw ShardlineException.notAllowed("it goes to server " + route.serverId() + " database "
                            + route.database() + " but statement 0 to server " + first.serverId() + " database "
                            + first.database() + "; a transaction runs on one shard database");
                }
            } catch (ShardlineException e) {
                throw failed(i, sqls.get(i), e, false);
            }
        }
        execute(runtime, c, hints, tables, sqls, queryTimeout);
    }

    private static void execute(ShardlineRuntime runtime, String cluster, List<HintValue> hints, List<String> tables,
                                List<String> sqls, int queryTimeout) throws SQLException {
        try (ShardlineConnection connection = runtime.connect(cluster)) {
            connection.setAutoCommit(false);
            int i = 0;
            try {
                for (; i < sqls.size(); i++) {
                    try (Statement s = connection.createStatement()) {
                        if (queryTimeout > 0) {
                            s.setQueryTimeout(queryTimeout);
                        }
                        ShardCall.execute(s, sqls.get(i), hints.get(i), tables.get(i), false, false);
                    }
                }
                i = -1;
                connection.commit();
            } catch (SQLException e) {
                TransactionException failure = failed(i, i < 0 ? null : sqls.get(i), e, true);
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    failure.addSuppressed(rollbackFailure);
                }
                throw failure;
            }
        }
    }

    /** DBProxy's "Excepted index ... Excepted SQL ... Reason": the index, the statement, why, and what was undone. */
    private static TransactionException failed(int index, String sql, SQLException e, boolean ran) {
        ErrorCode code = e instanceof ShardlineException s ? s.code() : ErrorCode.INTERNAL;
        String which = index < 0 ? "the commit of the transaction"
                : "statement " + index + " of the transaction (" + abbreviate(sql) + ")";
        return new TransactionException(code, index, which + " failed: " + Checks.reason(e)
                + (ran ? "; the transaction is rolled back" : "; nothing ran"), e);
    }

    private static String abbreviate(String sql) {
        return sql == null || sql.length() <= 200 ? String.valueOf(sql) : sql.substring(0, 200) + "...";
    }
}
