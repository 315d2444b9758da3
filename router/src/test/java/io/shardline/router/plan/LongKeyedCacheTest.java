package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongKeyedCacheTest {
    /** Random keys (render keys' shapes: small ordinals, high bits of kept items, negatives) against a map. */
    @Test
    void answersAsAMapUpToItsLimit() {
        Random r = new Random(7);
        for (int limit : new int[] {1, 3, 16, 1024}) {
            LongKeyedCache<String> cache = new LongKeyedCache<>(limit);
            Map<Long, String> oracle = new HashMap<>();
            for (int op = 0; op < 20_000; op++) {
                long key = switch (r.nextInt(3)) {
                    case 0 -> r.nextInt(64);
                    case 1 -> (long) r.nextInt(1 << 12) << 10 | r.nextInt(16);
                    default -> r.nextLong();
                };
                if (r.nextBoolean()) {
                    String value = "v" + op;
                    cache.put(key, value);
                    if (oracle.containsKey(key) || oracle.size() < limit) {
                        oracle.put(key, value);
                    }
                }
                assertEquals(oracle.get(key), cache.get(key), "key " + key);
                assertEquals(oracle.size(), cache.size());
            }
            for (var e : oracle.entrySet()) {
                assertEquals(e.getValue(), cache.get(e.getKey()));
            }
        }
    }

    @Test
    void emptyCacheFindsNothing() {
        assertNull(new LongKeyedCache<String>(4).get(0));
    }
}
