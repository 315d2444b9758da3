package io.shardline.admin;

import io.shardline.admin.Rows.Db;
import io.shardline.admin.Rows.DbObject;
import io.shardline.admin.Rows.Kind;
import io.shardline.admin.Rows.Rds;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What feeds the router and where a database lives: ModifyFullTableScan ({@code table_option.full_table_scan}),
 * ModifyRdsReadWeight ({@code server_option.read_weight}), DescribeRdsList and DescribeShardDBs (asked of the
 * servers themselves). Read weights belong to servers, as in DBProxy: setting them for one database sets them for
 * every database on those servers.
 */
final class Routing {
    private final Estate estate;

    Routing(Estate estate) {
        this.estate = estate;
    }

    void modifyFullTableScan(Action a, String instanceId, String dbName, List<String> tableNames, boolean on)
            throws DrdsException, SQLException {
        if (tableNames == null || tableNames.isEmpty()) {
            throw DrdsError.TABLE_NOT_FOUND.with("TableNames names no table");
        }
        try (Metadata m = estate.metadata()) {
            Db db = Lookups.runningDb(m, a, instanceId, dbName, estate);
            TreeSet<String> known = m.tables(db.cluster());
            List<String> missing = tableNames.stream().filter(t -> !Names.isTableName(t) || !known.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw DrdsError.TABLE_NOT_FOUND.with("database " + dbName + " has no table(s) " + missing
                        + (known.isEmpty() ? "; it has no tables yet" : "; its tables are " + known));
            }
            m.setFullTableScan(db.cluster(), new TreeSet<>(tableNames), on);
        }
    }

    void modifyReadWeight(Action a, String instanceId, String dbName, List<String> instanceNames, List<Integer> weights)
            throws DrdsException, SQLException {
        if (instanceNames == null || instanceNames.isEmpty()) {
            throw DrdsError.INVALID_MAIN_INSTANCE.with("InstanceNames names no RDS instance");
        }
        if (weights == null || weights.size() != instanceNames.size()) {
            throw DrdsError.PARAMETER_MISMATCH.with(instanceNames.size() + " instance name(s) but "
                    + (weights == null ? 0 : weights.size()) + " weight(s)");
        }
        if (new HashSet<>(instanceNames).size() != instanceNames.size()) {
            throw DrdsError.PARAMETER_MISMATCH.with("InstanceNames names an instance twice: " + instanceNames);
        }
        int sum = 0;
        for (Integer w : weights) {
            if (w == null || w < 0 || w > 100) {
                throw DrdsError.ILLEGAL_WEIGHT.with("each weight must be 0..100: " + weights);
            }
            sum += w;
        }
        if (sum != 100) {
            throw DrdsError.ILLEGAL_WEIGHT.with("the weights must sum to 100, sum to " + sum + ": " + weights);
        }
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.runningDb(m, a, instanceId, dbName, estate);
            List<Integer> masters = masters(m.objects(db));
            Rds main = null;
            List<Rds> named = new ArrayList<>();
            for (String name : instanceNames) {
                Rds rds = Names.isRdsName(name) ? m.rds(name) : null;
                if (rds == null) {
                    throw DrdsError.READ_INSTANCE_NOT_FOUND.with("RDS instance '" + name + "' is not registered");
                }
                if (rds.isMaster()) {
                    if (main != null || !masters.contains(rds.serverId())) {
                        throw DrdsError.INVALID_MAIN_INSTANCE.with(main != null ? "InstanceNames names two main"
                                + " instances, " + main.name() + " and " + name + "; set one group at a time"
                                : rds + " is not a main RDS instance of database " + dbName);
                    }
                    main = rds;
                }
                named.add(rds);
            }
            if (main == null) {
                throw DrdsError.INVALID_MAIN_INSTANCE.with("InstanceNames must include the main RDS instance whose"
                        + " replicas it weighs");
            }
            Map<Integer, Integer> set = new LinkedHashMap<>();
            for (Rds replica : m.replicasOf(main.serverId())) {
                set.put(replica.serverId(), 0); // replicas not named get no reads
            }
            for (int i = 0; i < named.size(); i++) {
                Rds rds = named.get(i);
                if (!rds.isMaster() && rds.masterId() != main.serverId()) {
                    throw DrdsError.READ_INSTANCE_NOT_FOUND.with(rds + " is not a read-only instance of " + main.name());
                }
                if (!rds.isMaster() && weights.get(i) > 0) {
                    try {
                        sessions.get(rds.serverId()).ping();
                    } catch (SQLException e) {
                        throw DrdsError.READ_INSTANCE_STATUS.with(rds + " does not answer, so it cannot take reads: "
                                + Failures.describe(e), e);
                    }
                }
                set.put(rds.serverId(), weights.get(i));
            }
            m.setReadWeights(set);
        }
    }

    List<RdsInstance> describeRdsList(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.db(m, a, instanceId, dbName);
            List<RdsInstance> out = new ArrayList<>();
            for (int masterId : masters(m.objects(db))) {
                List<Rds> group = new ArrayList<>();
                group.add(m.rdsOfServer(masterId));
                group.addAll(m.replicasOf(masterId));
                Map<Integer, Integer> weights = weights(m, group);
                List<RdsInstance> children = new ArrayList<>();
                for (Rds replica : group.subList(1, group.size())) {
                    children.add(answer(sessions, replica, weights, List.of()));
                }
                out.add(answer(sessions, group.get(0), weights, children));
            }
            return out;
        }
    }

    /** The driver's read shares: the configured weights, or, when the group has none, equal parts of 100. */
    private static Map<Integer, Integer> weights(Metadata m, List<Rds> group) throws SQLException {
        Map<Integer, Integer> configured = m.readWeights(group.stream().map(Rds::serverId).toList());
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            int id = group.get(i).serverId();
            if (!configured.isEmpty()) {
                out.put(id, configured.getOrDefault(id, 0));
            } else {
                out.put(id, 100 / group.size() + (i == 0 ? 100 % group.size() : 0));
            }
        }
        return out;
    }

    private static RdsInstance answer(Sessions sessions, Rds rds, Map<Integer, Integer> weights,
                                      List<RdsInstance> children) {
        String status;
        try {
            sessions.get(rds.serverId()).ping();
            status = "Running";
        } catch (SQLException e) {
            status = "Unreachable";
        }
        return new RdsInstance(rds.serverId(), rds.name(), rds.host(), rds.port(), status, "mysql",
                weights.get(rds.serverId()), children);
    }

    List<ShardDb> describeShardDbs(Action a, String instanceId, String dbName) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata(); Sessions sessions = new Sessions(estate, m)) {
            Db db = Lookups.db(m, a, instanceId, dbName);
            List<DbObject> objects = m.objects(db);
            List<ShardDb> out = new ArrayList<>();
            for (int serverId : masters(objects)) {
                try {
                    String name = m.rdsOfServer(serverId).name();
                    for (String found : sessions.get(serverId).existingDatabases(
                            Databases.names(objects, serverId, Kind.DATABASE))) {
                        out.add(new ShardDb(found, name));
                    }
                } catch (SQLException e) {
                    throw Failures.of(e, "listing the shard databases of " + dbName + " on " + sessions.label(serverId));
                }
            }
            return out;
        }
    }

    /** The master servers holding the database's shard databases, in order. */
    private static List<Integer> masters(List<DbObject> objects) {
        List<Integer> ids = new ArrayList<>();
        for (DbObject o : objects) {
            if (o.kind() == Kind.DATABASE && !ids.contains(o.serverId())) {
                ids.add(o.serverId());
            }
        }
        return ids;
    }
}
