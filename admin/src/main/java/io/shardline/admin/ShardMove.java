package io.shardline.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shard move (MoveShardDb) as DescribeMoveShardDbTask reports it: the task's progress (state, step, tables and rows
 * copied, elapsed time, failure), which shard database moved from which registered server to which, how far it got
 * ({@code phase}: copying, catching-up, pausing, switched, done, rolled-back), the name and state of the old copy it
 * keeps on the source ({@code Kept} until DropMovedShardDb, then {@code Dropped}), and what it measured: the copy's
 * rows and time, the catch-up rounds and the transactions they applied, and the write pause (-1 before it, also when
 * no pause succeeded).
 */
public record ShardMove(CopyProgress progress, String sourceInstance, String targetInstance, String dbName,
                        String phase, String oldCopyDbName, String oldCopyState, int tables, long rowsCopied,
                        long copyMillis, int catchUpRounds, long catchUpTransactions, long catchUpMillis,
                        long pauseMillis, int pauseAttempts) {

    public String requestId() {
        return progress.requestId();
    }

    public TaskState state() {
        return progress.state();
    }

    /** Rows per second of the copy (0 before it ended). */
    public long copyRowsPerSecond() {
        return copyMillis <= 0 ? 0 : rowsCopied * 1000 / copyMillis;
    }

    /** The answer fields of DescribeMoveShardDbTask: the copy task's fields, then the move's. */
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>(progress.fields());
        out.put("DBInstanceId", sourceInstance);
        out.put("TargetDBInstanceId", targetInstance);
        out.put("DBName", dbName);
        out.put("Phase", phase);
        out.put("OldCopyDBName", oldCopyDbName);
        out.put("OldCopyStatus", oldCopyState);
        out.put("TablesMoved", tables);
        out.put("RowsCopied", rowsCopied);
        out.put("CopyMilliseconds", copyMillis);
        out.put("CopyRowsPerSecond", copyRowsPerSecond());
        out.put("CatchUpRounds", catchUpRounds);
        out.put("CatchUpTransactions", catchUpTransactions);
        out.put("CatchUpMilliseconds", catchUpMillis);
        out.put("WritePauseMilliseconds", pauseMillis);
        out.put("PauseAttempts", pauseAttempts);
        return out;
    }

    /** One line: the progress line, then the move's measurements once they exist. */
    public String line() {
        StringBuilder b = new StringBuilder(progress.line());
        if (copyMillis > 0) {
            b.append("  copy ").append(copyRowsPerSecond()).append(" rows/s");
        }
        if (catchUpRounds > 0) {
            b.append("  catch-up ").append(catchUpRounds).append(" rounds, ").append(catchUpTransactions).append(" tx");
        }
        if (pauseMillis >= 0) {
            b.append("  write pause ").append(pauseMillis).append(" ms");
        }
        return b.toString();
    }
}
