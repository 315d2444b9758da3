package io.shardline.driver.differential;

import io.shardline.driver.testing.ShardedFixture;

/** The differential corpus on four H2 databases (three shard servers and the plain one). */
class H2DifferentialTest extends DifferentialSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.H2;
    }
}
