package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** Multi-shard behaviour on two H2 servers. */
class H2MultiShardTest extends MultiShardSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.H2;
    }
}
