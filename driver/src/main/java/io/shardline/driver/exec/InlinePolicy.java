package io.shardline.driver.exec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a multi-shard statement's lanes run in parallel on the executor or one after another on the calling thread.
 * Handing lanes to other threads and waking the caller again costs tens of microseconds per lane, more on a busy
 * machine; for units that finish faster (in-memory shards, small lookups on a nearby server) the calling thread alone
 * is done sooner. Neither is guessed: each statement (its bound form) keeps a moving average of its wall time in each
 * mode and takes the faster one. A statement runs in parallel first and tries the calling thread only if that took
 * less than the threshold, which bounds what a try can cost. Now and then it takes the other mode again, so a
 * statement whose data or load changes follows; each time that confirms the choice the pause doubles (from
 * {@value #FIRST_RECHECK} runs up to {@value #LAST_RECHECK}), so re-checking costs little once a statement is settled.
 */
public final class InlinePolicy {
    static final int FIRST_RECHECK = 32;
    static final int LAST_RECHECK = 4096;

    private final long thresholdNanos;
    private final Cache<Object, Times> times = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    /**
     * One statement's wall times, a moving average per mode (-1 until measured), and when to re-check. A caller that
     * runs the same statement again holds on to it ({@link #timesOf}) instead of looking it up per execution.
     */
    public static final class Times {
        final AtomicLong parallel = new AtomicLong(-1);
        final AtomicLong inline = new AtomicLong(-1);
        final AtomicInteger untilRecheck = new AtomicInteger(FIRST_RECHECK);
        final AtomicInteger recheckPause = new AtomicInteger(FIRST_RECHECK);

        boolean inlineFaster() {
            long i = inline.get();
            return i >= 0 && i <= parallel.get();
        }
    }

    /** @param thresholdMicros only statements faster than this in parallel try the calling thread; 0: never */
    public InlinePolicy(long thresholdMicros) {
        this.thresholdNanos = thresholdMicros * 1_000;
    }

    /** The times of {@code statement}, kept as long as it is reachable; null when the policy is off. */
    public Times timesOf(Object statement) {
        return thresholdNanos <= 0 ? null : times.get(statement, k -> new Times());
    }

    public boolean inline(Object statement) {
        return thresholdNanos > 0 && inline(times.getIfPresent(statement));
    }

    /** Whether the statement whose times these are runs on the calling thread this time (null: no, policy off). */
    public boolean inline(Times t) {
        if (t == null || t.parallel.get() < 0) {
            return false;
        }
        boolean parallelUnderThreshold = t.parallel.get() < thresholdNanos;
        if (t.inline.get() < 0) {
            return parallelUnderThreshold;
        }
        boolean faster = t.inlineFaster();
        if (t.untilRecheck.decrementAndGet() <= 0) {
            t.untilRecheck.set(t.recheckPause.get());
            return !faster && parallelUnderThreshold;
        }
        return faster;
    }

    /** Records that {@code statement}'s units took {@code nanos} of wall time, inline or in parallel. */
    public void record(Object statement, boolean inline, long nanos) {
        record(timesOf(statement), inline, nanos);
    }

    /** {@link #record(Object, boolean, long)} for the times from {@link #timesOf} (null: policy off, nothing). */
    public void record(Times t, boolean inline, long nanos) {
        if (t == null) {
            return;
        }
        boolean recheck = t.inline.get() >= 0 && inline != t.inlineFaster();
        // A run counts at most twice the average, so one pause (a collection, a busy neighbour) cannot push a mode
        // out of favour; a lasting slowdown still grows it by a quarter per run. A re-check is the only fresh news of
        // its mode, so it replaces the old average; other runs weigh a quarter.
        AtomicLong average = inline ? t.inline : t.parallel;
        while (true) { // a loop, not getAndUpdate: its lambda would capture nanos and recheck, an object per run
            long old = average.get();
            long sample = Math.min(nanos, 2 * old);
            long next = old < 0 ? nanos : recheck ? sample : old + (sample - old) / 4;
            if (average.compareAndSet(old, next)) {
                break;
            }
        }
        if (recheck) {
            boolean confirmed = inline != t.inlineFaster();
            int pause = confirmed ? Math.min(t.recheckPause.get() * 2, LAST_RECHECK) : FIRST_RECHECK;
            t.recheckPause.set(pause);
            t.untilRecheck.set(pause);
        }
    }
}
