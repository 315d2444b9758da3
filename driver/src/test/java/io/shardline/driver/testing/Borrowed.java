package io.shardline.driver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shardline.driver.ShardlineRuntime;

/**
 * Whether a runtime still lends out physical connections, for runtimes whose XA recovery may be running: a new runtime
 * over a store with an XA log starts a recovery pass at once, which holds one connection per server for a moment. A
 * leaked connection stays lent, so waiting a little for the count to reach zero still catches every leak.
 */
public final class Borrowed {
    private Borrowed() {
    }

    public static void assertNone(ShardlineRuntime runtime, String message) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (runtime.pools().activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, runtime.pools().activeConnections(), message);
    }
}
