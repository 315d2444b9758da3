package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import io.shardline.router.sql.SqlCache;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a bound statement keeps between executions (each unit's physical text, per subset of the cut IN lists' items
 * the unit keeps, and the unit made of it; the whole plan of a query without parameters) must not change a plan: an execution plans exactly
 * what a statement planned for the first time plans, whatever keys, LIMIT and hints came before.
 */
class PlanReuseTest {
    private static final String[] STATEMENTS = {
        "SELECT name FROM user WHERE uid IN (?, ?, ?)",
        "SELECT name FROM user WHERE uid IN (?, ?, ?, ?) ORDER BY name LIMIT ?",
        "SELECT u.name, i.age FROM user u JOIN user_info i ON i.uid = u.uid WHERE u.uid IN (?, ?) AND i.uid IN (?, ?, ?)",
        "SELECT uid, COUNT(*) FROM user WHERE uid IN (?, ?, ?) AND name IN (?, ?) GROUP BY uid",
    };

    @Test
    void cachedTextsMatchAFreshPlanForEveryKeySubset() throws Exception {
        io.shardline.router.meta.Topology topology = GoldenRoutingTest.topology();
        Planner cached = new Planner(topology, "", "shardline", new SqlCache(1000), 1000);
        SplittableRandom random = new SplittableRandom(17);
        for (String sql : STATEMENTS) {
            int parameters = (int) sql.chars().filter(c -> c == '?').count();
            for (int round = 0; round < 300; round++) {
                Object[] values = new Object[parameters];
                for (int i = 0; i < parameters; i++) {
                    // few distinct keys over 10 tables: subsets repeat and differ from one execution to the next
                    values[i] = sql.contains("name IN") && i >= 3 ? "n" + random.nextInt(3) : (long) random.nextInt(25);
                }
                if (sql.endsWith("LIMIT ?")) {
                    values[parameters - 1] = (long) 1 + random.nextInt(3);
                }
                ParamSource params = new ParamSource() {
                    @Override
                    public boolean isBound(int index) {
                        return index <= values.length;
                    }

                    @Override
                    public Object value(int index) {
                        return values[index - 1];
                    }
                };
                // a master hint now and then: a unit kept from an execution without it must not be taken as it is
                Hint hint = random.nextInt(4) == 0 ? new Hint(null, null, true) : Hint.NONE;
                Planner fresh = new Planner(topology, "", "shardline", new SqlCache(10), 10);
                String expected = fresh.bind(sql).plan(params, hint, null).describe();
                assertEquals(expected, cached.bind(sql).plan(params, hint, null).describe(),
                        () -> sql + " with " + List.of(values) + ", " + hint);
            }
        }
    }

    @Test
    void aQueryWithoutParametersIsPlannedOnceButAnApiHintStillCounts() throws Exception {
        io.shardline.router.meta.Topology topology = GoldenRoutingTest.topology();
        Planner cached = new Planner(topology, "", "shardline", new SqlCache(100), 100);
        String sql = "SELECT u.name, r.name FROM user u JOIN region r ON r.id = u.region WHERE u.uid IN (1, 5)";
        Hint oneShard = new Hint(new HintValue.Int(1), "user", false);
        Plan first = cached.bind(sql).plan(ParamSource.NONE, null, PlanContext.NONE);
        assertSame(first, cached.bind(sql).plan(ParamSource.NONE, null, PlanContext.NONE), "planned once");
        for (int round = 0; round < 2; round++) { // after the plan was kept, and again
            Planner fresh = new Planner(topology, "", "shardline", new SqlCache(10), 10);
            assertEquals(fresh.bind(sql).plan(ParamSource.NONE, oneShard, PlanContext.NONE).describe(),
                    cached.bind(sql).plan(ParamSource.NONE, oneShard, PlanContext.NONE).describe(), "with an API hint");
            assertEquals(first.describe(), cached.bind(sql).plan(ParamSource.NONE, null, PlanContext.NONE).describe());
        }
        assertNotEquals(first.describe(), cached.bind(sql).plan(ParamSource.NONE, oneShard, PlanContext.NONE).describe(),
                "the hint must reach one shard, or this test shows nothing");
    }
}
