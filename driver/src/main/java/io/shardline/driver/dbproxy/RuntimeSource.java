package io.shardline.driver.dbproxy;

import io.shardline.driver.ShardlineRuntime;
import java.sql.SQLException;

/** Where a {@link Shardline} gets its runtime: a data source opens it on first use (100503 until the metadata loads). */
@FunctionalInterface
interface RuntimeSource {
    ShardlineRuntime runtime() throws SQLException;
}
