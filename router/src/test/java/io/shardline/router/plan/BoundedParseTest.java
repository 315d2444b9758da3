package io.shardline.router.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.sql.SqlCache;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 5: deeply nested SQL is refused with 100403 before any deep recursion, long flat chains (5,000 OR
 * keys, 3,000 AND terms, 50,000 IN values, 10,000 inserted rows) parse and plan, and no StackOverflowError leaves
 * analysis or planning, even on a thread with a 256 KB stack (application servers often give less than the JVM's
 * default of 1 MB).
 */
class BoundedParseTest {
    private static final long SMALL_STACK = 256 * 1024;
    private static final ParamSource NONE = new ParamSource() {
        @Override
        public boolean isBound(int index) {
            return false;
        }

        @Override
        public Object value(int index) {
            return null;
        }
    };

    /**
     * Binds and plans {@code sql} on a thread with {@code stack} bytes; returns the plan or what was thrown. The
     * planner is made (and its classes loaded) on the test's thread first, as an application's would be.
     */
    private static Object plan(String sql, long stack) throws Exception {
        Topology topology = GoldenRoutingTest.topology();
        Planner planner = new Planner(topology, "", "shardline", new SqlCache(10), 10);
        planner.bind(where("uid = abs(abs(1)) AND (uid = 1 OR uid IN (1, 2))")).plan(NONE, null, PlanContext.NONE);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                outcome.set(planner.bind(sql).plan(NONE, null, PlanContext.NONE));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "small-stack", stack);
        t.start();
        t.join();
        return outcome.get();
    }

    private static String where(String condition) {
        return "SELECT * FROM user WHERE " + condition;
    }

    @Test
    void parenthesesDeeperThan128AreRefusedBeforeParsing() throws Exception {
        for (int depth : new int[] {129, 1_000, 20_000}) {
            Object out = plan(where("(".repeat(depth) + "uid = 1" + ")".repeat(depth)), SMALL_STACK);
            ShardlineException e = assertInstanceOf(ShardlineException.class, out, String.valueOf(out));
            assertEquals(100403, e.getErrorCode());
            assertTrue(e.getMessage().contains("more than 128 deep"), e.getMessage());
        }
        assertInstanceOf(Route.class, plan(where("(".repeat(128) + "uid = 1" + ")".repeat(128)), SMALL_STACK));
        assertInstanceOf(Route.class, plan(where("uid = " + "abs(".repeat(127) + "1" + ")".repeat(127)
                + " AND uid = 1"), SMALL_STACK));
    }

    @Test
    void fiveThousandKeysInAnOrReachEveryShardTheyName() throws Exception {
        StringBuilder or = new StringBuilder("uid = 0");
        for (int k = 1; k < 5_000; k++) {
            or.append(" OR uid = ").append(k);
        }
        MultiPlan plan = assertInstanceOf(MultiPlan.class, plan(where(or.toString()), SMALL_STACK));
        assertEquals(10, plan.units().size());
    }

    @Test
    void threeThousandAndTermsRouteByTheirKey() throws Exception {
        StringBuilder and = new StringBuilder("uid = 17");
        for (int k = 0; k < 3_000; k++) {
            and.append(" AND name <> 'n").append(k).append('\'');
        }
        Route route = assertInstanceOf(Route.class, plan(where(and.toString()), SMALL_STACK));
        assertTrue(route.sql().contains("`u_1`.`user_7`"), route.sql());
    }

    @Test
    void fiftyThousandInValuesAndTenThousandRowsArePlanned() throws Exception {
        StringBuilder in = new StringBuilder("uid IN (0");
        for (int k = 1; k < 50_000; k++) {
            in.append(", ").append(k);
        }
        assertInstanceOf(MultiPlan.class, plan(where(in.append(')').toString()), SMALL_STACK));
        StringBuilder insert = new StringBuilder("INSERT INTO user (uid, name) VALUES (0, 'n')");
        for (int k = 1; k < 10_000; k++) {
            insert.append(", (").append(k).append(", 'n").append(k).append("')");
        }
        MultiPlan rows = assertInstanceOf(MultiPlan.class, plan(insert.toString(), SMALL_STACK));
        assertEquals(10, rows.units().size());
    }

    @Test
    void aStackOverflowNeverLeavesAnalysisOrPlanning() throws Exception {
        // a tiny stack overflows even inside the inline path: the outcome is a plan or a 100403, never an Error
        String sql = where("uid = " + "abs(".repeat(32) + "1" + ")".repeat(32) + " AND uid = 1");
        for (long stack : new long[] {96 * 1024, 128 * 1024, 192 * 1024}) {
            Object out = plan(sql, stack);
            if (out instanceof ShardlineException e) {
                assertEquals(100403, e.getErrorCode(), e.getMessage());
            } else {
                assertNull(out instanceof Throwable t ? t : null, () -> "threw " + out);
                assertInstanceOf(Plan.class, out);
            }
        }
    }
}
