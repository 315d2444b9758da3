package io.shardline.driver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes rows of a config database (DBProxy's tables and Shardline's), for setup code: the demo, tests and the
 * admin API. It writes exactly what it is told; validation happens when a driver loads the snapshot.
 * Call {@link ConfigSchema#touch} afterwards so running drivers notice.
 */
public final class ConfigWriter {
    private final Connection c;
    private final boolean clusterLayout;

    public ConfigWriter(Connection c, boolean clusterLayout) {
        this.c = c;
        this.clusterLayout = clusterLayout;
    }

    /** A server_info row; {@code masterSid} 0 for a master. {@code passwd} is stored as given (seal it first). */
    public ConfigWriter server(int id, int masterSid, String host, int port, String user, String passwd)
            throws SQLException {
        return exec("INSERT INTO server_info (server_id, master_sid, host, port, `user`, passwd, timeout,"
                + " default_database_name) VALUES (?, ?, ?, ?, ?, ?, 0, '')", id, masterSid, host, port, user, passwd);
    }

    public ConfigWriter serverOption(int id, Integer readWeight, String jdbcUrl) throws SQLException {
        return exec("INSERT INTO server_option (server_id, read_weight, jdbc_url) VALUES (?, ?, ?)", id, readWeight, jdbcUrl);
    }

    public ConfigWriter hashTable(String cluster, String name, int tableCount, String hintField) throws SQLException {
        return table(cluster, name, 0, -1, "", 0, tableCount, hintField);
    }

    public ConfigWriter rangeTable(String cluster, String name, long span, String category, long secondarySpan,
                                   String hintField) throws SQLException {
        return table(cluster, name, 1, span, category, secondarySpan, 0, hintField);
    }

    private ConfigWriter table(String cluster, String name, int splitType, long span, String category,
                               long secondarySpan, int tableCount, String hintField) throws SQLException {
        if (clusterLayout) {
            return exec("INSERT INTO table_info (table_name, cluster, split_type, range_span, database_category,"
                            + " secondary_split, secondary_split_span, table_count, hint_field) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    name, cluster, splitType, span, category, secondarySpan > 0 ? 1 : 0, secondarySpan, tableCount, hintField);
        }
        requireDefaultCluster(cluster);
        return exec("INSERT INTO table_info (table_name, split_type, range_span, database_category, secondary_split,"
                        + " secondary_split_span, table_count, hint_field) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                name, splitType, span, category, secondarySpan > 0 ? 1 : 0, secondarySpan, tableCount, hintField);
    }

    /** Where hash table number {@code number} of {@code table} lives. */
    public ConfigWriter placement(String cluster, String table, int number, int serverId, String database)
            throws SQLException {
        if (clusterLayout) {
            return exec("INSERT INTO split_table_info (table_name, table_number, cluster, server_id, database_name)"
                    + " VALUES (?, ?, ?, ?, ?)", table, number, cluster, serverId, database);
        }
        requireDefaultCluster(cluster);
        return exec("INSERT INTO split_table_info (table_name, table_number, server_id, database_name) VALUES (?, ?, ?, ?)",
                table, number, serverId, database);
    }

    /** A range slot: {@code indexType} 0 normal, 1 odd, 2 even. */
    public ConfigWriter rangeSlot(String cluster, String category, int index, int indexType, int serverId,
                                  String database) throws SQLException {
        if (clusterLayout) {
            return exec("INSERT INTO split_range_info (database_category, split_index, index_type, cluster, database_name,"
                    + " server_id) VALUES (?, ?, ?, ?, ?, ?)", category, index, indexType, cluster, database, serverId);
        }
        requireDefaultCluster(cluster);
        return exec("INSERT INTO split_range_info (database_category, split_index, index_type, database_name, server_id)"
                + " VALUES (?, ?, ?, ?, ?)", category, index, indexType, database, serverId);
    }

    public ConfigWriter tableOption(String cluster, String table, boolean fullTableScan, String hintType)
            throws SQLException {
        return exec("INSERT INTO table_option (table_name, cluster, full_table_scan, table_kind, hint_type)"
                + " VALUES (?, ?, ?, 'sharded', ?)", table, cluster, fullTableScan ? 1 : 0, hintType);
    }

    /** A broadcast table: a copy in every shard database of the cluster (table_info row plus table_option kind). */
    public ConfigWriter broadcastTable(String cluster, String name) throws SQLException {
        table(cluster, name, 0, -1, "", 0, 1, "");
        return exec("INSERT INTO table_option (table_name, cluster, full_table_scan, table_kind, hint_type)"
                + " VALUES (?, ?, 0, 'broadcast', 'int')", name, cluster);
    }

    /** A single (unsplit) table in {@code database} on master {@code serverId}. */
    public ConfigWriter singleTable(String cluster, String name, int serverId, String database) throws SQLException {
        table(cluster, name, 0, -1, "", 0, 1, "");
        return exec("INSERT INTO table_option (table_name, cluster, full_table_scan, table_kind, hint_type,"
                + " single_server_id, single_database_name) VALUES (?, ?, 0, 'single', 'int', ?, ?)",
                name, cluster, serverId, database);
    }

    /** Turns a table's full-table-scan switch on or off (DRDS ModifyFullTableScan), keeping its other options. */
    public ConfigWriter fullTableScan(String cluster, String table, boolean on) throws SQLException {
        if (exec0("UPDATE table_option SET full_table_scan = ? WHERE table_name = ? AND cluster = ?", on ? 1 : 0, table,
                cluster) == 0) {
            exec("INSERT INTO table_option (table_name, cluster, full_table_scan, table_kind, hint_type)"
                    + " VALUES (?, ?, ?, 'sharded', 'int')", table, cluster, on ? 1 : 0);
        }
        return this;
    }

    /** A global sequence: the next id to hand out and the size of the blocks drivers take. */
    public ConfigWriter sequence(String name, long nextValue, int step) throws SQLException {
        return exec("INSERT INTO global_sequence (name, next_value, step) VALUES (?, ?, ?)", name, nextValue, step);
    }

    public ConfigWriter variable(String name, String value) throws SQLException {
        if (exec0("UPDATE variable_setting SET `value` = ? WHERE name = ?", value, name) == 0) {
            exec("INSERT INTO variable_setting (name, `value`) VALUES (?, ?)", name, value);
        }
        return this;
    }

    private static void requireDefaultCluster(String cluster) {
        if (cluster != null && !cluster.isEmpty()) {
            throw new IllegalArgumentException("the standard DBProxy layout has no cluster column; use the cluster layout");
        }
    }

    private ConfigWriter exec(String sql, Object... args) throws SQLException {
        exec0(sql, args);
        return this;
    }

    private int exec0(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
