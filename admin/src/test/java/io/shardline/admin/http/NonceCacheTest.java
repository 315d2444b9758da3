package io.shardline.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NonceCacheTest {
    private static final long MINUTE = 60_000;

    @Test
    void aNonceIsRememberedForTwiceTheWindowPerKey() {
        NonceCache cache = new NonceCache(Duration.ofMinutes(15), 10);
        assertEquals(NonceCache.Outcome.NEW, cache.record("k1", "n", 0));
        assertEquals(NonceCache.Outcome.NEW, cache.record("k2", "n", 0), "another key's nonce is its own");
        assertEquals(NonceCache.Outcome.USED, cache.record("k1", "n", 29 * MINUTE),
                "a request stamped 15 minutes ahead is still accepted 29 minutes after the first");
        assertEquals(NonceCache.Outcome.NEW, cache.record("k1", "n", 30 * MINUTE + 1));
    }

    @Test
    void aFullCacheRefusesRatherThanForgetting() {
        NonceCache cache = new NonceCache(Duration.ofMinutes(15), 2);
        assertEquals(NonceCache.Outcome.NEW, cache.record("k", "a", 0));
        assertEquals(NonceCache.Outcome.NEW, cache.record("k", "b", 1));
        assertEquals(NonceCache.Outcome.FULL, cache.record("k", "c", 2));
        assertEquals(NonceCache.Outcome.USED, cache.record("k", "a", 3), "nothing was evicted to make room");
        assertEquals(NonceCache.Outcome.NEW, cache.record("k", "c", 30 * MINUTE), "room again once a expired");
        assertEquals(2, cache.size(), "b and c");
    }
}
