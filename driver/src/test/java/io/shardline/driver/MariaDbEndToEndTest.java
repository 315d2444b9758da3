package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** The end-to-end suite on MariaDB: 127.0.0.1:3306 and a second mariadbd started by the test. */
class MariaDbEndToEndTest extends EndToEndSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
