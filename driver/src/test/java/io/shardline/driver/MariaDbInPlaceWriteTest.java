package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** Writes of a target without a key, run in place on each of its shards. */
class MariaDbInPlaceWriteTest extends InPlaceWriteSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
