package io.shardline.driver.differential;

import io.shardline.driver.testing.ShardedFixture;

/** The differential corpus on MariaDB: 127.0.0.1:3306 (shards and the plain database) and two servers the test starts. */
class MariaDbDifferentialTest extends DifferentialSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.MARIADB;
    }
}
