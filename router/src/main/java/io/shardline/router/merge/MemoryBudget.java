package io.shardline.router.merge;

import io.shardline.router.ShardlineException;

/**
 * The rows one statement's merge may hold in memory (groups, DISTINCT values, rows sorted in memory, shards read
 * ahead), so a merge that would not fit fails with a clear error instead of running the JVM out of memory.
 * One per statement execution; not thread-safe.
 */
public final class MemoryBudget {
    private final long limit;
    private long held;

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** The rows it allows in all. */
    public long limit() {
        return limit;
    }

    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Counts {@code rows} more rows held; 100403 once the limit is passed. */
    public void take(long rows, String what) throws ShardlineException {
        held += rows;
        if (held > limit) {
            throw ShardlineException.notAllowed("merging this statement's shards needs more than " + limit + " rows in"
                    + " memory (" + what + "); narrow it, give it an ORDER BY the shards can stream, or raise maxMergeRows");
        }
    }
}
