package io.shardline.admin;

import java.time.Duration;

/**
 * The running count of one task: written by the task's threads (its loader counts rows as the target takes them),
 * read as {@link CopyProgress} snapshots by describe calls and listeners. Thread-safe (synchronized; a few calls a
 * chunk).
 */
final class Progress {
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private final long startMillis;
    private String step = "checking";
    private int tablesDone;
    private int tablesTotal;
    private long rowsDone;
    private long rowsTotal;
    private long bytesDone;
    private long bytesTotal;
    private String currentTable = "";
    private long dataStartNanos;
    private long rowsAtDataStart;

    Progress(String requestId, long startMillis) {
        this.requestId = requestId;
        this.startMillis = startMillis;
    }

    long startMillis() {
        return startMillis;
    }

    synchronized void step(String name) {
        step = name;
    }

    synchronized String step() {
        return step;
    }

    /** Totals to copy; rows and bytes are estimates for a live copy. */
    synchronized void addTotals(int tables, long rows, long bytes) {
        tablesTotal += tables;
        rowsTotal += rows;
        bytesTotal += bytes;
    }

    synchronized void startTable(String name) {
        currentTable = name;
        if (dataStartNanos == 0) {
            dataStartNanos = System.nanoTime();
            rowsAtDataStart = rowsDone;
        }
    }

    synchronized void rows(long rows, long bytes) {
        rowsDone += rows;
        bytesDone += bytes;
        rowsTotal = Math.max(rowsTotal, rowsDone);
        bytesTotal = Math.max(bytesTotal, bytesDone);
    }

    synchronized void endTable() {
        tablesDone++;
        tablesTotal = Math.max(tablesTotal, tablesDone);
    }

    synchronized CopyProgress snapshot(TaskState state, String errorCode, String message) {
        long now = System.nanoTime();
        Duration elapsed = Duration.ofNanos(now - startNanos);
        Duration remaining = null;
        long moved = rowsDone - rowsAtDataStart;
        if (!state.isDone() && dataStartNanos != 0 && moved > 0 && rowsTotal > rowsDone) {
            double perRow = (double) (now - dataStartNanos) / moved;
            remaining = Duration.ofNanos((long) (perRow * (rowsTotal - rowsDone)));
        }
        if (state == TaskState.SUCCESS) {
            currentTable = "";
        }
        return new CopyProgress(requestId, state, step, tablesDone, tablesTotal, rowsDone, rowsTotal, bytesDone,
                bytesTotal, currentTable, elapsed, remaining, errorCode, message);
    }
}
