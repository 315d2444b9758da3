package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** UPDATEs that move rows between shards, on two H2 servers. */
class H2RowMoveTest extends RowMoveSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.H2;
    }
}
