package io.shardline.driver;

import io.shardline.driver.testing.ShardedFixture;

/** The end-to-end suite on two H2 "servers" (the embedded default, and the fast path). */
class H2EndToEndTest extends EndToEndSuite {
    @Override
    ShardedFixture.Engine engine() {
        return ShardedFixture.Engine.H2;
    }
}
