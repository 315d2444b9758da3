package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** Writes evaluated first and written by key, on two H2 servers. */
class H2JoinedWriteTest extends JoinedWriteSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.H2;
    }
}
