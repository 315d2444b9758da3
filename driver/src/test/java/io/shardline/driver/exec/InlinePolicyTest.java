package io.shardline.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InlinePolicyTest {
    private final Object statement = new Object();
    private final InlinePolicy policy = new InlinePolicy(10_000);

    /** Runs the statement {@code runs} times as the policy says, taking the given times; returns the inline runs. */
    private int run(int runs, long inlineNanos, long parallelNanos) {
        int inline = 0;
        for (int i = 0; i < runs; i++) {
            boolean in = policy.inline(statement);
            policy.record(statement, in, in ? inlineNanos : parallelNanos);
            inline += in ? 1 : 0;
        }
        return inline;
    }

    @Test
    void aStatementRunsInParallelFirstThenTriesTheCallingThread() {
        assertFalse(policy.inline(statement), "not measured yet");
        policy.record(statement, false, 80_000);
        assertTrue(policy.inline(statement), "80 µs in parallel is under 10 ms: worth a try alone");
    }

    @Test
    void theFasterModeWinsAndIsRecheckedLessAndLessOften() {
        run(2, 15_000, 130_000);
        int first = InlinePolicy.FIRST_RECHECK;
        assertEquals(first - 1, run(first, 15_000, 130_000), "inline wins; one run re-checks parallel");
        assertEquals(2 * first - 1, run(2 * first, 15_000, 130_000), "confirmed: the pause doubles");
        int settled = run(100_000, 15_000, 130_000);
        assertTrue(100_000 - settled < 100_000 / 1000, "once settled, re-checks are rare: " + (100_000 - settled));
    }

    @Test
    void aStatementThatGetsSlowerAloneGoesBackToParallel() {
        run(2 + InlinePolicy.FIRST_RECHECK, 15_000, 130_000);
        run(InlinePolicy.LAST_RECHECK * 2, 900_000, 130_000);
        assertTrue(run(InlinePolicy.FIRST_RECHECK, 900_000, 130_000) <= 1, "parallel wins again");
    }

    @Test
    void onePauseDoesNotPushTheFasterModeOutOfFavour() {
        run(2 + InlinePolicy.FIRST_RECHECK, 15_000, 130_000);
        policy.record(statement, true, 50_000_000); // a 50 ms collection pause during an inline run
        assertTrue(run(InlinePolicy.FIRST_RECHECK, 15_000, 130_000) >= InlinePolicy.FIRST_RECHECK - 1,
                "still inline, apart from at most one re-check");
    }

    @Test
    void aStatementSlowerThanTheThresholdInParallelNeverTriesTheCallingThread() {
        assertEquals(0, run(3 * InlinePolicy.FIRST_RECHECK, 1_000, 20_000_000));
        assertFalse(new InlinePolicy(10_000).inline(new Object()), "nothing measured, nothing inline");
    }

    @Test
    void zeroTurnsInliningOff() {
        InlinePolicy off = new InlinePolicy(0);
        off.record(statement, false, 1);
        assertFalse(off.inline(statement));
    }
}
