package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** Multi-shard behaviour on two MariaDB servers. */
class MariaDbMultiShardTest extends MultiShardSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
