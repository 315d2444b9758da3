package io.shardline.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy task as DescribeCopyDatabaseTask reports it: its state and step, tables, rows and bytes done of the total
 * (totals are the source server's estimates for a live copy and exact for a backup, and grow to what was done), the
 * table being copied, the time since it started and the estimated time left (null until rows have moved or when
 * done). {@code errorCode} and {@code message} say why a task failed or was cancelled.
 */
public record CopyProgress(String requestId, TaskState state, String step, int tablesDone, int tablesTotal,
                           long rowsDone, long rowsTotal, long bytesDone, long bytesTotal, String currentTable,
                           Duration elapsed, Duration remaining, String errorCode, String message) {

    /** Percent done by rows (by tables when the databases hold no rows), 100 once it succeeded. */
    public int percent() {
        if (state == TaskState.SUCCESS) {
            return 100;
        }
        if (rowsTotal > 0) {
            return (int) Math.min(99, rowsDone * 100 / rowsTotal);
        }
        return tablesTotal == 0 ? 0 : Math.min(99, tablesDone * 100 / tablesTotal);
    }

    /** The answer fields of DescribeCopyDatabaseTask. */
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TaskId", requestId);
        out.put("Status", state.specName());
        out.put("CurrentStepName", step);
        out.put("Progress", percent());
        out.put("TablesDone", tablesDone);
        out.put("TablesTotal", tablesTotal);
        out.put("RowsDone", rowsDone);
        out.put("RowsTotal", rowsTotal);
        out.put("BytesDone", bytesDone);
        out.put("BytesTotal", bytesTotal);
        out.put("CurrentTable", currentTable);
        out.put("ElapsedSeconds", elapsed.toSeconds());
        out.put("Remain", remaining == null ? null : remaining.toSeconds());
        out.put("TaskErrorCode", errorCode);
        out.put("TaskErrorMessage", message);
        return out;
    }

    /** One line for a terminal: {@code 3/5 tables  120000/200000 rows (60%)  12.3/20.5 MB  orders  0:12 left ~0:08}. */
    public String line() {
        StringBuilder b = new StringBuilder();
        b.append(state.specName()).append(' ').append(step).append("  ")
                .append(tablesDone).append('/').append(tablesTotal).append(" tables  ")
                .append(rowsDone).append('/').append(rowsTotal).append(" rows (").append(percent()).append("%)  ")
                .append(mb(bytesDone)).append('/').append(mb(bytesTotal)).append(" MB");
        if (currentTable != null && !currentTable.isEmpty() && !state.isDone()) {
            b.append("  ").append(currentTable);
        }
        b.append("  elapsed ").append(clock(elapsed));
        if (remaining != null && !state.isDone()) {
            b.append("  left ~").append(clock(remaining));
        }
        return b.toString();
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
