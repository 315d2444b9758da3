package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** UPDATEs that move rows between shards, on two MariaDB servers. */
class MariaDbRowMoveTest extends RowMoveSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
