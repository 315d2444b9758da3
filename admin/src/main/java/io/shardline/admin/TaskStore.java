package io.shardline.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Copy tasks in the metadata store ({@code rds_task}) and their ledgers ({@code rds_task_object}): each object a copy
 * makes on its target is written here before it is made and marked made after, so whoever cleans up a failed or
 * abandoned copy removes exactly what it made. On a MySQL store a running task holds the named lock
 * {@code shardline-task-<id>} on its own store connection: when its process dies the server frees the lock at once,
 * which is how another admin knows the task is dead (an H2 store falls back to "no progress for staleAfter").
 * Not thread-safe: one per connection.
 */
final class TaskStore {
    /** A task row, as stored. */
    record Row(String id, String action, String source, String target, String params, TaskState state, String step,
               int tablesDone, int tablesTotal, long rowsDone, long rowsTotal, long bytesDone, long bytesTotal,
               String currentTable, String errorCode, String msg, long startTime, long updateTime, Long endTime,
               boolean cancelRequested) {
        CopyProgress progress(TaskState as, String code, String message) {
            long end = endTime != null ? endTime : System.currentTimeMillis();
            return new CopyProgress(id, as, step, tablesDone, tablesTotal, rowsDone, rowsTotal, bytesDone, bytesTotal,
                    currentTable, Duration.ofMillis(Math.max(0, end - startTime)), null, code, message);
        }
    }

    /** One ledger entry: {@code kind} database, account, role or grant; {@code detail} what undoes a grant. */
    record Entry(int seq, int serverId, String kind, String name, String detail, boolean created) {
    }

    private static final String COLUMNS = "task_id, action, instance_name, target_instance, params, state, step,"
            + " tables_done, tables_total, rows_done, rows_total, bytes_done, bytes_total, current_table, error_code, msg,"
            + " start_time, update_time, end_time, cancel_requested";

    private final Connection c;
    private final boolean namedLocks;

    TaskStore(Connection c, boolean namedLocks) {
        this.c = c;
        this.namedLocks = namedLocks;
    }

    static String lockName(String id) {
        return "shardline-task-" + id;
    }

    void insert(String id, String action, String source, String target, String params, long now) throws SQLException {
        update("INSERT INTO rds_task (task_id, action, instance_name, target_instance, params, state, start_time,"
                + " update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, action, source, target, params,
                TaskState.RUNNING.specName(), now, now);
    }

    /** Takes the task's named lock on this connection (MySQL store); false when another session holds it. */
    boolean lock(String id) throws SQLException {
        if (!namedLocks) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
            ps.setString(1, lockName(id));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    void unlock(String id) throws SQLException {
        if (namedLocks) {
            try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                ps.setString(1, lockName(id));
                ps.executeQuery().close();
            }
        }
    }

    /** Whether a running task's admin is still alive: it holds its lock, or (H2) made progress lately. */
    boolean alive(Row row, Duration staleAfter) throws SQLException {
        if (row.state() != TaskState.RUNNING) {
            return false;
        }
        if (!namedLocks) {
            return System.currentTimeMillis() - row.updateTime() < staleAfter.toMillis();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            ps.setString(1, lockName(row.id()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getLong(1);
                return !rs.wasNull();
            }
        }
    }

    void progress(CopyProgress p) throws SQLException {
        update("UPDATE rds_task SET step = ?, tables_done = ?, tables_total = ?, rows_done = ?, rows_total = ?,"
                + " bytes_done = ?, bytes_total = ?, current_table = ?, update_time = ? WHERE task_id = ?", p.step(),
                p.tablesDone(), p.tablesTotal(), p.rowsDone(), p.rowsTotal(), p.bytesDone(), p.bytesTotal(),
                clip(p.currentTable(), 200), System.currentTimeMillis(), p.requestId());
    }

    void finish(String id, TaskState state, String errorCode, String msg) throws SQLException {
        long now = System.currentTimeMillis();
        update("UPDATE rds_task SET state = ?, error_code = ?, msg = ?, update_time = ?, end_time = ? WHERE task_id = ?",
                state.specName(), errorCode, clip(msg, 2048), now, now, id);
    }

    /** Records what cleaning up a dead or failed task found, without changing its outcome if it had one. */
    void note(String id, TaskState state, String errorCode, String msg) throws SQLException {
        update("UPDATE rds_task SET state = ?, error_code = COALESCE(error_code, ?), msg = ?, update_time = ?,"
                + " end_time = COALESCE(end_time, ?) WHERE task_id = ?", state.specName(), errorCode, clip(msg, 2048),
                System.currentTimeMillis(), System.currentTimeMillis(), id);
    }

    void requestCancel(String id) throws SQLException {
        update("UPDATE rds_task SET cancel_requested = 1 WHERE task_id = ?", id);
    }

    boolean cancelRequested(String id) throws SQLException {
        try (PreparedStatement ps = prepare("SELECT cancel_requested FROM rds_task WHERE task_id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    Row task(String id) throws SQLException {
        List<Row> rows = rows("SELECT " + COLUMNS + " FROM rds_task WHERE task_id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Unfinished or failed tasks whose ledger still lists something made: candidates for cleanup when their admin is
     * gone. A successful task's ledger is forgotten as it ends (what it made is the user's), and is never a candidate.
     */
    List<Row> tasksWithLeftovers() throws SQLException {
        return rows("SELECT " + COLUMNS + " FROM rds_task WHERE state <> ? AND task_id IN"
                + " (SELECT DISTINCT task_id FROM rds_task_object WHERE created = 1) ORDER BY start_time",
                TaskState.SUCCESS.specName());
    }

    /** Ends a successful task in one transaction: its state, and its ledger forgotten. */
    void succeed(String id) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            update("DELETE FROM rds_task_object WHERE task_id = ?", id);
            finish(id, TaskState.SUCCESS, null, null);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private List<Row> rows(String sql, Object... args) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long end = rs.getLong(19);
                Long endTime = rs.wasNull() ? null : end;
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        TaskState.of(rs.getString(6)), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getString(14), rs.getString(15),
                        rs.getString(16), rs.getLong(17), rs.getLong(18), endTime, rs.getInt(20) != 0));
            }
        }
        return out;
    }

    // ---- the ledger

    /** Writes an entry before its object is made; returns its sequence number. */
    int plan(String id, int serverId, String kind, String name, String detail) throws SQLException {
        int seq;
        try (PreparedStatement ps = prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM rds_task_object WHERE task_id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getInt(1);
        }
        update("INSERT INTO rds_task_object (task_id, seq, server_id, kind, name, detail, created) VALUES (?, ?, ?, ?, ?, ?, 0)",
                id, seq, serverId, kind, name, detail);
        return seq;
    }

    void made(String id, int seq) throws SQLException {
        update("UPDATE rds_task_object SET created = 1 WHERE task_id = ? AND seq = ?", id, seq);
        update("UPDATE rds_task SET update_time = ? WHERE task_id = ?", System.currentTimeMillis(), id);
    }

    void remove(String id, int seq) throws SQLException {
        update("DELETE FROM rds_task_object WHERE task_id = ? AND seq = ?", id, seq);
    }

    /** The ledger, newest first: the order in which its objects are undone. */
    List<Entry> ledger(String id) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT seq, server_id, kind, name, detail, created FROM rds_task_object"
                + " WHERE task_id = ? ORDER BY seq DESC", id); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Entry(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6) != 0));
            }
        }
        return out;
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        return StoreSql.prepare(c, sql, args);
    }

    private int update(String sql, Object... args) throws SQLException {
        return StoreSql.update(c, sql, args);
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
