package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.route.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static Route routeOf(Shard s) {
        return new Route(s.serverId(), s.database(), "SELECT 1 FROM " + s.table(), true, false, List.of(s));
    }

    private static Shard[] shards(int n) {
        Shard[] shards = new Shard[n];
        for (int i = 0; i < n; i++) {
            shards[i] = new Shard(1 + i % 64, "d_" + i % 64, "t_" + i);
        }
        return shards;
    }

    @Test
    void findsEachShardsRouteByIdentityAsItGrows() {
        RouteTable table = new RouteTable();
        Shard[] shards = shards(5_000);
        for (int i = 0; i < shards.length; i++) {
            assertTrue(table.put(shards[i], routeOf(shards[i])));
            assertEquals(i + 1, table.size());
        }
        for (Shard s : shards) {
            assertSame(s, table.get(s).shards().get(0));
            assertFalse(table.put(s, routeOf(s)), "cached once");
        }
        assertNull(table.get(new Shard(1, "d_0", "t_0")), "an equal shard made anew is not the table's own");
        assertEquals(5_000, table.size());
    }

    @Test
    void readersWithoutALockSeeNoRouteOrTheRightOneWhileWritersGrowIt() throws Exception {
        RouteTable table = new RouteTable();
        Shard[] shards = shards(4_096);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    for (int i = 0; i < 200_000; i++) {
                        Shard s = shards[random.nextInt(shards.length)];
                        Route r = table.get(s);
                        if (r == null) {
                            table.put(s, routeOf(s));
                        } else if (r.shards().get(0) != s) {
                            throw new AssertionError("route of " + r.shards() + " found for " + s);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        int found = 0;
        for (Shard s : shards) {
            found += table.get(s) != null ? 1 : 0;
        }
        assertEquals(table.size(), found, "every route put is found, each once");
    }
}
