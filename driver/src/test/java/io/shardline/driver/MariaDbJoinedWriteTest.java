package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** Writes evaluated first and written by key, on two MariaDB servers. */
class MariaDbJoinedWriteTest extends JoinedWriteSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
