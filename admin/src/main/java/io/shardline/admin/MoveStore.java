package io.shardline.admin;

import io.shardline.driver.store.ConfigSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Shard moves in the metadata store ({@code shard_move}, beside the task's {@code rds_task} row), and the two changes a
 * move makes to what drivers read: the moving marker ({@link ConfigSchema#movingMarker}) and the switch of the
 * placements. Not thread-safe: one per store connection.
 */
final class MoveStore {
    /** How far a move got. */
    enum Phase {
        /** Copying the rows, then the privileges: only the target has changed. */
        COPYING("copying"),
        /** Applying the source's binary log to the target in rounds: only the target has changed. */
        CATCHING_UP("catching-up"),
        /** Writes are paused; the marker may be set and the old tables may be renamed, not switched yet. */
        PAUSING("pausing"),
        /** The placements name the target (written in the switch's own transaction): the move took effect. */
        SWITCHED("switched"),
        DONE("done"),
        /** Failed or cancelled before the switch, and everything it made is removed again. */
        ROLLED_BACK("rolled-back");

        final String word;

        Phase(String word) {
            this.word = word;
        }

        static Phase of(String word) {
            for (Phase p : values()) {
                if (p.word.equals(word)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown move phase " + word);
        }

        boolean tookEffect() {
            return this == SWITCHED || this == DONE;
        }
    }

    /** A move's row. {@code oldCopyState}: {@code ""} (none yet), {@code Kept} or {@code Dropped}. */
    record Row(String taskId, int sourceServer, int targetServer, String dbName, String oldCopy, Phase phase,
               String oldCopyState, int tables, long rowsCopied, long copyMillis, int rounds, long transactions,
               long catchUpMillis, long pauseMillis, int pauseAttempts, Long switchTime) {
    }

    private static final String COLUMNS = "task_id, source_server, target_server, db_name, old_copy, phase,"
            + " old_copy_state, tables_moved, rows_copied, copy_millis, rounds, transactions, catch_up_millis,"
            + " pause_millis, pause_attempts, switch_time";

    private final Connection c;

    MoveStore(Connection c) {
        this.c = c;
    }

    void insert(String id, int source, int target, String db, String oldCopy) throws SQLException {
        update("INSERT INTO shard_move (task_id, source_server, target_server, db_name, old_copy, phase)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, source, target, db, oldCopy, Phase.COPYING.word);
    }

    Row row(String id) throws SQLException {
        List<Row> rows = rows("SELECT " + COLUMNS + " FROM shard_move WHERE task_id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * Moves that have not ended: running, or left by a failure or a dead admin (before the switch: to roll back; after
     * it: to record as done).
     */
    List<Row> unfinished() throws SQLException {
        return rows("SELECT " + COLUMNS + " FROM shard_move WHERE phase NOT IN (?, ?) ORDER BY task_id",
                Phase.DONE.word, Phase.ROLLED_BACK.word);
    }

    /** Moves of this shard database that have not ended one way or the other. */
    List<Row> unfinishedOf(int server, String db) throws SQLException {
        List<Row> out = new ArrayList<>();
        for (Row r : unfinished()) {
            if ((r.sourceServer() == server && r.dbName().equals(db)) || (r.targetServer() == server
                    && r.dbName().equals(db))) {
                out.add(r);
            }
        }
        return out;
    }

    void phase(String id, Phase phase) throws SQLException {
        update("UPDATE shard_move SET phase = ? WHERE task_id = ?", phase.word, id);
    }

    void copied(String id, int tables, long rows, long millis) throws SQLException {
        update("UPDATE shard_move SET tables_moved = ?, rows_copied = ?, copy_millis = ? WHERE task_id = ?", tables, rows,
                millis, id);
    }

    void caughtUp(String id, int rounds, long transactions, long millis) throws SQLException {
        update("UPDATE shard_move SET rounds = ?, transactions = ?, catch_up_millis = ? WHERE task_id = ?", rounds,
                transactions, millis, id);
    }

    void paused(String id, long pauseMillis, int attempts) throws SQLException {
        update("UPDATE shard_move SET pause_millis = ?, pause_attempts = ? WHERE task_id = ?", pauseMillis, attempts, id);
    }

    void oldCopy(String id, String state) throws SQLException {
        update("UPDATE shard_move SET old_copy_state = ? WHERE task_id = ?", state, id);
    }

    /**
     * Sets or clears the moving marker of shard database {@code db} on {@code source} (value: the target and the
     * move), and touches the update stamp so drivers reload (when something changed): one transaction.
     */
    void marker(int source, String db, int target, String id, boolean set) throws SQLException {
        inTransaction(() -> {
            int removed = update("DELETE FROM variable_setting WHERE name = ?", ConfigSchema.movingMarker(source, db));
            if (set) {
                update("INSERT INTO variable_setting (name, `value`) VALUES (?, ?)", ConfigSchema.movingMarker(source, db),
                        "to server " + target + ", move " + id);
            }
            if (set || removed > 0) {
                ConfigSchema.touch(c);
            }
        });
    }

    /**
     * The switch, in one transaction: every placement of {@code db} on {@code source} (hash tables' split_table_info,
     * range slots' split_range_info, single tables' table_option) names {@code target}; the DRDS bookkeeping follows
     * (the shard database's drds_db_object row, and the accounts the move made on the target); the marker goes; the
     * task's ledger is forgotten (what it made on the target is live now); the phase is {@code switched}; drivers are
     * told. Answers how many placements changed.
     */
    int switchPlacements(String id, int source, String db, int target, List<String> accountsMade) throws SQLException {
        int[] changed = new int[1];
        inTransaction(() -> {
            changed[0] += update("UPDATE split_table_info SET server_id = ? WHERE server_id = ? AND database_name = ?",
                    target, source, db);
            changed[0] += update("UPDATE split_range_info SET server_id = ? WHERE server_id = ? AND database_name = ?",
                    target, source, db);
            changed[0] += update("UPDATE table_option SET single_server_id = ? WHERE single_server_id = ?"
                    + " AND single_database_name = ?", target, source, db);
            List<String[]> owners = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT instance_id, db_name FROM drds_db_object WHERE server_id = ?"
                    + " AND kind = 'database' AND name = ?", source, db); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] o : owners) {
                update("UPDATE drds_db_object SET server_id = ? WHERE instance_id = ? AND db_name = ? AND server_id = ?"
                        + " AND kind = 'database' AND name = ?", target, o[0], o[1], source, db);
                for (String user : accountsMade) {
                    boolean theirs = count("SELECT COUNT(*) FROM drds_db_object WHERE instance_id = ? AND db_name = ?"
                            + " AND server_id = ? AND kind = 'account' AND name = ?", o[0], o[1], source, user) > 0;
                    boolean there = count("SELECT COUNT(*) FROM drds_db_object WHERE instance_id = ? AND db_name = ?"
                            + " AND server_id = ? AND kind = 'account' AND name = ?", o[0], o[1], target, user) > 0;
                    if (theirs && !there) {
                        update("INSERT INTO drds_db_object (instance_id, db_name, server_id, kind, name, created)"
                                + " VALUES (?, ?, ?, 'account', ?, 1)", o[0], o[1], target, user);
                    }
                }
            }
            update("DELETE FROM variable_setting WHERE name = ?", ConfigSchema.movingMarker(source, db));
            update("DELETE FROM rds_task_object WHERE task_id = ?", id);
            update("UPDATE shard_move SET phase = ?, switch_time = ? WHERE task_id = ?", Phase.SWITCHED.word,
                    System.currentTimeMillis(), id);
            ConfigSchema.touch(c);
        });
        return changed[0];
    }

    /** The DRDS accounts (user names) that the DRDS databases owning shard database {@code db} have on {@code server}. */
    List<String> accountsOwning(int server, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT DISTINCT a.name FROM drds_db_object d JOIN drds_db_object a"
                + " ON a.instance_id = d.instance_id AND a.db_name = d.db_name AND a.server_id = d.server_id"
                + " AND a.kind = 'account' WHERE d.server_id = ? AND d.kind = 'database' AND d.name = ? ORDER BY a.name",
                server, db); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether the placements of {@code db} name {@code source} (false when nothing places it there). */
    boolean placedOn(int server, String db) throws SQLException {
        return count("SELECT COUNT(*) FROM split_table_info WHERE server_id = ? AND database_name = ?", server, db)
                + count("SELECT COUNT(*) FROM split_range_info WHERE server_id = ? AND database_name = ?", server, db)
                + count("SELECT COUNT(*) FROM table_option WHERE single_server_id = ? AND single_database_name = ?",
                server, db) > 0;
    }

    // ---- plumbing

    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(auto);
            } catch (SQLException ignored) {
                // a connection that died: the caller's failure says so
            }
        }
    }

    private List<Row> rows(String sql, Object... args) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long sw = rs.getLong(16);
                Long switchTime = rs.wasNull() ? null : sw;
                out.add(new Row(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        Phase.of(rs.getString(6)), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getLong(10),
                        rs.getInt(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getInt(15), switchTime));
            }
        }
        return out;
    }

    private int count(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        return StoreSql.prepare(c, sql, args);
    }

    private int update(String sql, Object... args) throws SQLException {
        return StoreSql.update(c, sql, args);
    }
}
