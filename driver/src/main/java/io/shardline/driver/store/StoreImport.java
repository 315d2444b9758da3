package io.shardline.driver.store;

import io.shardline.router.meta.ServerOptionRow;
import io.shardline.router.meta.ServerRow;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.SplitRangeRow;
import io.shardline.router.meta.SplitTableRow;
import io.shardline.router.meta.TableOptionRow;
import io.shardline.router.meta.TableRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads a metadata snapshot (a YAML topology, another store's rows) into an SQL store, in one transaction: the tables
 * are created when missing (cluster layout), a store that already holds servers or tables is refused unless
 * {@code replace} (then DBProxy's and Shardline's rows go first; variables and global sequences stay), and the
 * update stamp is touched so running drivers reload.
 */
public final class StoreImport {
    private StoreImport() {
    }

    /** Answers the number of rows written. */
    public static int into(Connection c, SplitConfig config, boolean replace) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (!exists(s, "SELECT 1 FROM server_info WHERE 1 = 0")) {
                ConfigSchema.create(c, true);
            } else {
                ConfigSchema.create(c, exists(s, "SELECT cluster FROM table_info WHERE 1 = 0"));
            }
            boolean cluster = exists(s, "SELECT cluster FROM table_info WHERE 1 = 0");
            if (!replace && (count(s, "server_info") > 0 || count(s, "table_info") > 0)) {
                throw new SQLException("the store already holds servers or tables; import into an empty store, or"
                        + " replace its metadata (--replace)");
            }
            for (String table : new String[] {"split_range_info", "split_table_info", "table_info", "server_info",
                    "table_option", "server_option"}) {
                s.executeUpdate("DELETE FROM " + table);
            }
            int rows = 0;
            for (ServerRow r : config.servers()) {
                rows += exec(c, "INSERT INTO server_info (server_id, master_sid, host, port, `user`, passwd, timeout,"
                        + " default_database_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", r.serverId(), r.masterSid(), r.host(),
                        r.port(), r.user(), r.passwd().reveal(), r.timeout(), r.defaultDatabaseName());
            }
            for (TableRow r : config.tables()) {
                requireLayout(cluster, r.cluster());
                rows += exec(c, "INSERT INTO table_info (table_name, " + (cluster ? "cluster, " : "") + "split_type,"
                        + " range_span, database_category, secondary_split, secondary_split_span, table_count, hint_field)"
                        + " VALUES (?, " + (cluster ? "?, " : "") + "?, ?, ?, ?, ?, ?, ?)", values(cluster, r.tableName(),
                        r.cluster(), r.splitType(), r.rangeSpan(), r.databaseCategory(), r.secondarySplit() ? 1 : 0,
                        r.secondarySplitSpan(), r.tableCount(), r.hintField()));
            }
            for (SplitTableRow r : config.splitTables()) {
                requireLayout(cluster, r.cluster());
                rows += exec(c, "INSERT INTO split_table_info (table_name, table_number, " + (cluster ? "cluster, " : "")
                        + "server_id, database_name) VALUES (?, ?, " + (cluster ? "?, " : "") + "?, ?)",
                        cluster ? new Object[] {r.tableName(), r.tableNumber(), r.cluster(), r.serverId(), r.databaseName()}
                                : new Object[] {r.tableName(), r.tableNumber(), r.serverId(), r.databaseName()});
            }
            for (SplitRangeRow r : config.splitRanges()) {
                requireLayout(cluster, r.cluster());
                rows += exec(c, "INSERT INTO split_range_info (database_category, split_index, index_type, "
                        + (cluster ? "cluster, " : "") + "database_name, server_id) VALUES (?, ?, ?, " + (cluster ? "?, " : "")
                        + "?, ?)", cluster
                        ? new Object[] {r.databaseCategory(), r.splitIndex(), r.indexType(), r.cluster(), r.databaseName(), r.serverId()}
                        : new Object[] {r.databaseCategory(), r.splitIndex(), r.indexType(), r.databaseName(), r.serverId()});
            }
            for (TableOptionRow r : config.tableOptions()) {
                rows += exec(c, "INSERT INTO table_option (table_name, cluster, full_table_scan, table_kind, hint_type,"
                        + " single_server_id, single_database_name) VALUES (?, ?, ?, ?, ?, ?, ?)", r.tableName(), r.cluster(),
                        r.fullTableScan() ? 1 : 0, r.tableKind(), r.hintType(), r.singleServerId(), r.singleDatabaseName());
            }
            for (ServerOptionRow r : config.serverOptions()) {
                rows += exec(c, "INSERT INTO server_option (server_id, read_weight, jdbc_url) VALUES (?, ?, ?)",
                        r.serverId(), r.readWeight(), r.jdbcUrl());
            }
            ConfigWriter variables = new ConfigWriter(c, cluster);
            for (var v : config.variables().entrySet()) {
                if (!v.getKey().equals("DBProxy config data update")) { // the stamp is the store's own
                    variables.variable(v.getKey(), v.getValue());
                }
            }
            ConfigSchema.touch(c);
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Object[] values(boolean cluster, String name, String clusterName, Object... rest) {
        Object[] out = new Object[rest.length + (cluster ? 2 : 1)];
        out[0] = name;
        int i = 1;
        if (cluster) {
            out[i++] = clusterName;
        }
        System.arraycopy(rest, 0, out, i, rest.length);
        return out;
    }

    private static void requireLayout(boolean cluster, String rowCluster) throws SQLException {
        if (!cluster && rowCluster != null && !rowCluster.isEmpty()) {
            throw new SQLException("the store has DBProxy's standard layout (no cluster column) and the topology names"
                    + " cluster '" + rowCluster + "'; import into a store with the cluster layout");
        }
    }

    private static boolean exists(Statement s, String probe) {
        try (ResultSet rs = s.executeQuery(probe)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
