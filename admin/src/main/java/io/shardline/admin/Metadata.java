package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.DbObject;
import io.shardline.admin.Rows.Instance;
import io.shardline.admin.Rows.Kind;
import io.shardline.admin.Rows.Rds;
import io.shardline.driver.store.ConfigSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One action's session on the metadata store: reads and writes of the admin's tables and of the DBProxy/Shardline
 * rows the driver reads. Changes the driver must see end with {@link #touch()}. Not thread-safe: one per action.
 */
final class Metadata implements AutoCloseable {
    private static final String DB_COLUMNS = "instance_id, db_name, charset, status, msg, create_time, update_time,"
            + " db_password, ip_white_list, ro_password";
    private static final String INSTANCE_COLUMNS = "instance_id, description, region_id, zone_id, instance_type,"
            + " specification, pay_type, vpc_id, vswitch_id, order_id, status, create_time, version";
    private static final String RDS_COLUMNS = "r.instance_name, s.server_id, s.master_sid, r.region_id, s.host, s.port,"
            + " s.`user`, s.passwd";

    private final Connection c;

    Metadata(Connection c) {
        this.c = c;
    }

    Connection connection() {
        return c;
    }

    /** Tells running drivers to reload (DBProxy's update marker). */
    void touch() throws SQLException {
        ConfigSchema.touch(c);
    }

    // ---- DRDS instances

    Instance instance(String id) throws SQLException {
        List<Instance> rows = instances("SELECT " + INSTANCE_COLUMNS + " FROM drds_instance WHERE instance_id = ?", id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<Instance> instances(String regionId, Integer type) throws SQLException {
        if (type == null) {
            return instances("SELECT " + INSTANCE_COLUMNS + " FROM drds_instance WHERE region_id = ?"
                    + " ORDER BY create_time, instance_id", regionId);
        }
        return instances("SELECT " + INSTANCE_COLUMNS + " FROM drds_instance WHERE region_id = ? AND instance_type = ?"
                + " ORDER BY create_time, instance_id", regionId, type);
    }

    private List<Instance> instances(String sql, Object... args) throws SQLException {
        List<Instance> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getInt(11), rs.getLong(12), rs.getLong(13)));
            }
        }
        return out;
    }

    int instanceCount() throws SQLException {
        return count("SELECT COUNT(*) FROM drds_instance");
    }

    boolean hasPublicInstance(String regionId) throws SQLException {
        return count("SELECT COUNT(*) FROM drds_instance WHERE region_id = ? AND instance_type = 0", regionId) > 0;
    }

    /** The regions Shardline knows: those of registered servers and of existing instances. */
    TreeSet<String> regions() throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        for (String sql : List.of("SELECT DISTINCT region_id FROM rds_instance", "SELECT DISTINCT region_id FROM drds_instance")) {
            try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** False when the id is taken. */
    boolean insertInstance(Instance i) throws SQLException {
        return insertUnlessDuplicate("INSERT INTO drds_instance (" + INSTANCE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)", i.id(), i.description(), i.regionId(), i.zoneId(), i.type(), i.specification(),
                i.payType(), i.vpcId(), i.vswitchId(), i.orderId(), i.status(), i.createTime(), i.version());
    }

    void updateDescription(String id, String description) throws SQLException {
        update("UPDATE drds_instance SET description = ? WHERE instance_id = ?", description, id);
    }

    /** Deletes the instance unless it still has databases; false when it has. Atomic against CreateDrdsDB. */
    boolean deleteInstanceWithoutDbs(String id) throws SQLException {
        return update("DELETE FROM drds_instance WHERE instance_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM drds_db WHERE drds_db.instance_id = ?)", id, id) > 0;
    }

    int dbCount(String instanceId) throws SQLException {
        return count("SELECT COUNT(*) FROM drds_db WHERE instance_id = ?", instanceId);
    }

    // ---- registered servers

    Rds rds(String name) throws SQLException {
        List<Rds> rows = rdsRows("WHERE r.instance_name = ?", name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    Rds rdsOfServer(int serverId) throws SQLException {
        List<Rds> rows = rdsRows("WHERE s.server_id = ?", serverId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<Rds> replicasOf(int masterId) throws SQLException {
        return rdsRows("WHERE s.master_sid = ? ORDER BY s.server_id", masterId);
    }

    private List<Rds> rdsRows(String where, Object... args) throws SQLException {
        List<Rds> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT " + RDS_COLUMNS + " FROM rds_instance r JOIN server_info s"
                + " ON s.server_id = r.server_id " + where, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Rds(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    /** The {@code server_info} id at this address, or null. */
    Integer serverAt(String host, int port) throws SQLException {
        try (PreparedStatement ps = prepare("SELECT server_id FROM server_info WHERE host = ? AND port = ?", host, port);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : null;
        }
    }

    /** A {@code server_info} row and its {@code rds_instance} name, in one transaction; returns the server id. */
    int insertRds(String name, String regionId, String host, int port, String user, String sealedPassword,
                  int masterId) throws SQLException {
        return inTransaction(() -> {
            int id = count("SELECT COALESCE(MAX(server_id), 0) + 1 FROM server_info");
            update("INSERT INTO server_info (server_id, master_sid, host, port, `user`, passwd, timeout,"
                    + " default_database_name) VALUES (?, ?, ?, ?, ?, ?, 0, '')", id, masterId, host, port, user, sealedPassword);
            update("INSERT INTO rds_instance (instance_name, server_id, region_id, create_time) VALUES (?, ?, ?, ?)",
                    name, id, regionId, System.currentTimeMillis());
            return id;
        });
    }

    /** What still uses a server: DRDS databases, DBProxy placements, replicas. Empty when it may go. */
    List<String> usesOfServer(int serverId) throws SQLException {
        List<String> uses = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT DISTINCT instance_id, db_name FROM drds_db_object WHERE server_id = ?",
                serverId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                uses.add("DRDS database " + rs.getString(2) + " of " + rs.getString(1));
            }
        }
        int placements = count("SELECT COUNT(*) FROM split_table_info WHERE server_id = ?", serverId)
                + count("SELECT COUNT(*) FROM split_range_info WHERE server_id = ?", serverId);
        if (placements > 0) {
            uses.add(placements + " placements in split_table_info/split_range_info");
        }
        int replicas = count("SELECT COUNT(*) FROM server_info WHERE master_sid = ?", serverId);
        if (replicas > 0) {
            uses.add(replicas + " replicas");
        }
        return uses;
    }

    void deleteRds(String name, int serverId) throws SQLException {
        inTransaction(() -> {
            update("DELETE FROM rds_instance WHERE instance_name = ?", name);
            update("DELETE FROM server_option WHERE server_id = ?", serverId);
            update("DELETE FROM server_info WHERE server_id = ?", serverId);
            return null;
        });
    }

    /** The configured read weights ({@code server_option.read_weight}) of these servers; unset ones are absent. */
    Map<Integer, Integer> readWeights(Collection<Integer> serverIds) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        for (int id : serverIds) {
            try (PreparedStatement ps = prepare("SELECT read_weight FROM server_option WHERE server_id = ?", id);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    int w = rs.getInt(1);
                    if (!rs.wasNull()) {
                        out.put(id, w);
                    }
                }
            }
        }
        return out;
    }

    /** Sets every weight of one master group at once, so the driver never sees a group that does not sum to 100. */
    void setReadWeights(Map<Integer, Integer> weights) throws SQLException {
        inTransaction(() -> {
            for (var e : weights.entrySet()) {
                if (update("UPDATE server_option SET read_weight = ? WHERE server_id = ?", e.getValue(), e.getKey()) == 0) {
                    update("INSERT INTO server_option (server_id, read_weight) VALUES (?, ?)", e.getKey(), e.getValue());
                }
            }
            touch();
            return null;
        });
    }

    // ---- DRDS databases

    Db db(String instanceId, String dbName) throws SQLException {
        List<Db> rows = dbs("SELECT " + DB_COLUMNS + " FROM drds_db WHERE instance_id = ? AND db_name = ?",
                instanceId, dbName);
        return rows.isEmpty() ? null : rows.get(0);
    }

    List<Db> dbs(String instanceId) throws SQLException {
        return dbs("SELECT " + DB_COLUMNS + " FROM drds_db WHERE instance_id = ? ORDER BY create_time, db_name", instanceId);
    }

    private List<Db> dbs(String sql, Object... args) throws SQLException {
        List<Db> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String hosts = rs.getString(9);
                out.add(new Db(rs.getString(1), rs.getString(2), rs.getString(3), DbStatus.of(rs.getInt(4)),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8),
                        hosts.isEmpty() ? List.of() : Arrays.asList(hosts.split(",")), rs.getString(10)));
            }
        }
        return out;
    }

    /** The database row and the objects it plans to make, in one transaction; false when the name is taken. */
    boolean insertDb(Db db, List<DbObject> planned) throws SQLException {
        return inTransaction(() -> {
            if (!insertUnlessDuplicate("INSERT INTO drds_db (" + DB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    db.instanceId(), db.dbName(), db.charset(), db.status().code(), db.msg(), db.createTime(),
                    db.updateTime(), db.sealedPassword(), String.join(",", db.whiteList()), db.sealedRoPassword())) {
                return false;
            }
            insertObjects(db, planned);
            return true;
        });
    }

    /**
     * Moves the database to {@code to} if it is still exactly as {@code seen} (same status, no progress since):
     * two admins acting on one database cannot both proceed.
     */
    boolean compareAndSetStatus(Db seen, DbStatus to, String msg) throws SQLException {
        return update("UPDATE drds_db SET status = ?, msg = ?, update_time = ? WHERE instance_id = ? AND db_name = ?"
                + " AND status = ? AND update_time = ?", to.code(), clip(msg), System.currentTimeMillis(),
                seen.instanceId(), seen.dbName(), seen.status().code(), seen.updateTime()) == 1;
    }

    /** Records progress (or the end) of a creation or deletion. */
    void setStatus(Db db, DbStatus status, String msg) throws SQLException {
        update("UPDATE drds_db SET status = ?, msg = ?, update_time = ? WHERE instance_id = ? AND db_name = ?",
                status.code(), clip(msg), System.currentTimeMillis(), db.instanceId(), db.dbName());
    }

    void setPassword(Db db, String sealed) throws SQLException {
        update("UPDATE drds_db SET db_password = ? WHERE instance_id = ? AND db_name = ?", sealed, db.instanceId(), db.dbName());
    }

    void setWhiteList(Db db, List<String> hosts) throws SQLException {
        update("UPDATE drds_db SET ip_white_list = ? WHERE instance_id = ? AND db_name = ?", String.join(",", hosts),
                db.instanceId(), db.dbName());
    }

    /** The read-only account's sealed password, or null when the database has none. */
    void setReadOnlyPassword(Db db, String sealed) throws SQLException {
        update("UPDATE drds_db SET ro_password = ? WHERE instance_id = ? AND db_name = ?", sealed, db.instanceId(), db.dbName());
    }

    List<DbObject> objects(Db db) throws SQLException {
        List<DbObject> out = new ArrayList<>();
        try (PreparedStatement ps = prepare("SELECT server_id, kind, name, created FROM drds_db_object"
                + " WHERE instance_id = ? AND db_name = ? ORDER BY server_id, kind, name", db.instanceId(), db.dbName());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DbObject(rs.getInt(1), Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                        rs.getString(3), rs.getInt(4) != 0));
            }
        }
        return out;
    }

    /** Plans objects (not yet created); planning one twice keeps the first row. */
    void insertObjects(Db db, List<DbObject> objects) throws SQLException {
        for (DbObject o : objects) {
            insertUnlessDuplicate("INSERT INTO drds_db_object (instance_id, db_name, server_id, kind, name, created)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", db.instanceId(), db.dbName(), o.serverId(),
                    o.kind().name().toLowerCase(Locale.ROOT), o.name(), o.created() ? 1 : 0);
        }
    }

    void markCreated(Db db, DbObject o, boolean created) throws SQLException {
        update("UPDATE drds_db_object SET created = ? WHERE instance_id = ? AND db_name = ? AND server_id = ? AND kind = ?"
                + " AND name = ?", created ? 1 : 0, db.instanceId(), db.dbName(), o.serverId(),
                o.kind().name().toLowerCase(Locale.ROOT), o.name());
        progress(db);
    }

    void deleteObject(Db db, DbObject o) throws SQLException {
        update("DELETE FROM drds_db_object WHERE instance_id = ? AND db_name = ? AND server_id = ? AND kind = ? AND name = ?",
                db.instanceId(), db.dbName(), o.serverId(), o.kind().name().toLowerCase(Locale.ROOT), o.name());
        progress(db);
    }

    /** Each object made or removed is progress: it keeps a long creation or deletion from looking stale. */
    private void progress(Db db) throws SQLException {
        update("UPDATE drds_db SET update_time = ? WHERE instance_id = ? AND db_name = ?", System.currentTimeMillis(),
                db.instanceId(), db.dbName());
    }

    /** Removes the database and everything the driver knew of its tables, in one transaction. */
    void deleteDb(Db db) throws SQLException {
        inTransaction(() -> {
            for (String table : List.of("table_info", "split_table_info", "split_range_info", "table_option")) {
                update("DELETE FROM " + table + " WHERE cluster = ?", db.cluster());
            }
            update("DELETE FROM drds_db_object WHERE instance_id = ? AND db_name = ?", db.instanceId(), db.dbName());
            update("DELETE FROM drds_db WHERE instance_id = ? AND db_name = ?", db.instanceId(), db.dbName());
            touch();
            return null;
        });
    }

    // ---- the database's tables, as the driver reads them

    TreeSet<String> tables(String cluster) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        try (PreparedStatement ps = prepare("SELECT table_name FROM table_info WHERE cluster = ?", cluster);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Sets {@code table_option.full_table_scan} of these tables, keeping their other options. */
    void setFullTableScan(String cluster, Collection<String> tables, boolean on) throws SQLException {
        inTransaction(() -> {
            for (String t : tables) {
                if (update("UPDATE table_option SET full_table_scan = ? WHERE table_name = ? AND cluster = ?",
                        on ? 1 : 0, t, cluster) == 0) {
                    update("INSERT INTO table_option (table_name, cluster, full_table_scan) VALUES (?, ?, ?)",
                            t, cluster, on ? 1 : 0);
                }
            }
            touch();
            return null;
        });
    }

    // ---- plumbing

    interface Work<T> {
        T run() throws SQLException;
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        return StoreSql.prepare(c, sql, args);
    }

    private int update(String sql, Object... args) throws SQLException {
        return StoreSql.update(c, sql, args);
    }

    private boolean insertUnlessDuplicate(String sql, Object... args) throws SQLException {
        try {
            update(sql, args);
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1062 || "23505".equals(e.getSQLState())) {
                return false; // duplicate key, as MySQL (ER_DUP_ENTRY) and H2 report it
            }
            throw e;
        }
    }

    private int count(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String clip(String msg) {
        return msg == null ? "" : msg.length() <= 2048 ? msg : msg.substring(0, 2045) + "...";
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
