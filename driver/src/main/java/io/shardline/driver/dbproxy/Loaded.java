package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.SqlAnalyzer;
import io.shardline.router.sql.StatementKind;
import java.sql.SQLException;

/**
 * A call's runtime, or the 100503 its loading failed with, kept until the call's statements are checked: DBProxy
 * refuses a statement it does not run (100403) before it looks at its configuration.
 */
record Loaded(ShardlineRuntime runtime, ShardlineException unconfigured) {

    static Loaded from(RuntimeSource source) throws SQLException {
        try {
            return new Loaded(source.runtime(), null);
        } catch (ShardlineException e) {
            if (e.code() != ErrorCode.UNCONFIGURED) {
                throw e;
            }
            return new Loaded(null, e);
        }
    }

    /**
     * The statement parsed (through the runtime's cache once there is a runtime): 100403 for what DBProxy refuses,
     * DDL included (JDBC runs DDL on every shard; DBProxy's interface allows its eight statement types only).
     */
    ParsedSql parse(String sql) throws ShardlineException {
        ParsedSql parsed = runtime != null ? runtime.sqlCache().get(sql) : SqlAnalyzer.analyze(sql);
        if (parsed.kind() == StatementKind.DDL) {
            throw ShardlineException.notAllowed("only select, update, insert, replace, delete, desc, describe and"
                    + " explain run through the DBProxy interface; this is DDL (run it through JDBC, which applies it to"
                    + " every physical table)");
        }
        return parsed;
    }

    ShardlineRuntime require() throws ShardlineException {
        if (unconfigured != null) {
            throw unconfigured;
        }
        return runtime;
    }
}
