package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shardline.router.sql.SqlCache;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The planner's slots of recently bound statements, in front of its cache, must answer each text with its own
 * statement: texts sharing a slot, texts equal but not the same string, and texts the cache behind has evicted.
 */
class PlannerRecentTest {
    @Test
    void everyTextGetsItsOwnStatementWhateverSharesItsSlot() throws Exception {
        io.shardline.router.meta.Topology topology = GoldenRoutingTest.topology();
        // 16 statements in the cache and 300 texts: slots are shared and the cache evicts
        Planner planner = new Planner(topology, "", "shardline", new SqlCache(16), 16);
        Planner fresh = new Planner(topology, "", "shardline", new SqlCache(1000), 1000);
        String[] texts = new String[300];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = "SELECT name FROM user WHERE uid = " + i;
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 5_000; round++) {
            String text = texts[random.nextInt(random.nextInt(8) == 0 ? texts.length : 20)]; // some hot, many cold
            String sql = random.nextBoolean() ? text : new String(text); // equal, not always the same string
            BoundStatement bound = planner.bind(sql);
            assertEquals(text, bound.parsed().sql(), "round " + round);
            assertEquals(fresh.bind(text).plan(ParamSource.NONE, null, PlanContext.NONE).describe(),
                    bound.plan(ParamSource.NONE, null, PlanContext.NONE).describe(), text);
        }
    }

    @Test
    void aRepeatedTextIsBoundOnce() throws Exception {
        Planner planner = new Planner(GoldenRoutingTest.topology(), "", "shardline", new SqlCache(100), 100);
        String sql = "SELECT name FROM user WHERE uid = ?";
        BoundStatement first = planner.bind(sql);
        assertSame(first, planner.bind(sql));
        assertSame(first, planner.bind(new String(sql)), "an equal text from another string");
    }
}
