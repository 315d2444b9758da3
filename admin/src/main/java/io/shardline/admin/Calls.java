package io.shardline.admin;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic entry of {@link ShardlineAdmin#call}: string parameters in, converted to the typed actions' arguments,
 * the spec's answer fields out (a thin HTTP front end serialises this map as JSON or XML).
 */
final class Calls {
    private final Instances instances;
    private final Databases databases;
    private final Accounts accounts;
    private final Routing routing;
    private final Backups backups;
    private final Copies copies;
    private final Moves moves;

    Calls(Instances instances, Databases databases, Accounts accounts, Routing routing, Backups backups, Copies copies,
          Moves moves) {
        this.instances = instances;
        this.databases = databases;
        this.accounts = accounts;
        this.routing = routing;
        this.backups = backups;
        this.copies = copies;
        this.moves = moves;
    }

    /**
     * The answer fields of the action (RequestId not included). With {@code later} non-null, CreateDrdsDB and
     * DeleteDrdsDB answer once their checks passed and their status is recorded (creating, deleting), and add the
     * work on the servers to {@code later}; the describe actions show it progressing.
     */
    Map<String, Object> answer(String requestId, Action a, Params p, List<Databases.Rest> later)
            throws DrdsException, SQLException {
        String id = p.get("DrdsInstanceId");
        String db = p.get("DbName");
        Map<String, Object> out = new LinkedHashMap<>();
        switch (a) {
            case CREATE_DRDS_INSTANCE -> out.putAll(instances.create(new CreateDrdsInstanceRequest(p.get("Description"),
                    p.get("RegionId"), p.get("Type"), p.get("ZoneId"), p.integer("Quantity", DrdsError.INVALID_QUANTITY),
                    p.get("Specification"), p.get("PayType"), p.get("VpcId"), p.get("VswitchId"))).fields());
            case DESCRIBE_DRDS_INSTANCE -> out.putAll(instances.describe(a, id).fields());
            case DESCRIBE_DRDS_INSTANCES -> out.put("Items", instances.list(p.get("RegionId"), p.optionalInteger("type"))
                    .stream().map(DrdsInstance::itemFields).toList());
            case MODIFY_DRDS_INSTANCE_DESCRIPTION -> instances.modifyDescription(a, id, p.get("Description"));
            case REMOVE_DRDS_INSTANCE -> instances.remove(a, id);
            case CREATE_DRDS_DB -> runOrDefer(databases.startCreate(a, id, db, p.get("Encode"), p.get("Password"),
                    p.jsonStrings("RdsInstances")), later);
            case DESCRIBE_DRDS_DB -> out.putAll(databases.describe(a, id, db).fields());
            case DESCRIBE_DRDS_DBS -> out.put("Items", databases.list(a, id).stream().map(DrdsDb::itemFields).toList());
            case DELETE_DRDS_DB -> runOrDefer(databases.startDelete(a, id, db), later);
            case DELETE_FAILED_DRDS_DB -> databases.deleteFailed(a, id, db);
            case MODIFY_DRDS_DB_PSWD -> accounts.modifyPassword(a, id, db, p.get("NewPasswd"));
            case MODIFY_DRDS_IP_WHITE_LIST -> accounts.modifyWhiteList(a, id, db, p.list("IpWhiteList"),
                    p.bool("Mode", true));
            case DESCRIBE_DRDS_DB_IP_WHITE_LIST -> out.put("IpWhiteList", accounts.describeWhiteList(a, id, db));
            case MODIFY_FULL_TABLE_SCAN -> routing.modifyFullTableScan(a, id, db, p.list("TableNames"),
                    p.bool("FullTableScan", false));
            case DESCRIBE_RDS_LIST -> out.put("Data", routing.describeRdsList(a, id, db).stream()
                    .map(RdsInstance::fieldsWithChildren).toList());
            case DESCRIBE_SHARD_DBS -> out.put("Data", routing.describeShardDbs(a, id, db).stream()
                    .map(ShardDb::fields).toList());
            case MODIFY_RDS_READ_WEIGHT -> routing.modifyReadWeight(a, id, db, p.list("InstanceNames"),
                    p.integers("Weights", DrdsError.ILLEGAL_WEIGHT));
            case CREATE_READ_ONLY_ACCOUNT -> out.putAll(accounts.createReadOnly(a, id, db, p.get("password")).fields());
            case DESCRIBE_READ_ONLY_ACCOUNT -> out.putAll(accounts.describeReadOnly(a, id, db).fields());
            case MODIFY_READ_ONLY_ACCOUNT_PASSWORD -> accounts.modifyReadOnlyPassword(a, id, db, p.get("AccountName"),
                    p.get("OriginPassword"), p.get("NewPassword"));
            case REMOVE_READ_ONLY_ACCOUNT -> accounts.removeReadOnly(a, id, db, p.get("AccountName"));
            case COPY_DATABASE_BETWEEN_INSTANCES -> copies.start(requestId, new CopyDatabaseRequest(p.get("DBInstanceId"),
                    p.get("TargetDBInstanceId"), Copies.parseDbNames(p.get("DbNames")), p.get("BackupId"),
                    Copies.parseRestoreTime(p.get("RestoreTime")), Copies.parseSync(p.get("SyncUserPrivilege"))), null);
            case DESCRIBE_COPY_DATABASE_TASK -> out.putAll(copies.describe(p.get("TaskId")).fields());
            case CANCEL_COPY_DATABASE_TASK -> out.putAll(copies.cancel(p.get("TaskId")).fields());
            case CREATE_BACKUP -> out.put("BackupJobId", backups.create(p.get("DBInstanceId"), p.list("DBName").stream()
                    .filter(n -> !n.isEmpty()).toList(), p.get("BackupMethod")).backupId());
            case DESCRIBE_BACKUPS -> out.putAll(describeBackups(p));
            case DELETE_BACKUP -> backups.delete(p.get("DBInstanceId"), p.list("BackupId"));
            case MOVE_SHARD_DB -> moves.start(requestId, p.get("DBInstanceId"), p.get("DBName"),
                    p.get("TargetDBInstanceId"), null);
            case DESCRIBE_MOVE_SHARD_DB_TASK -> out.putAll(moves.describe(p.get("TaskId")).fields());
            case CANCEL_MOVE_SHARD_DB_TASK -> out.putAll(moves.cancel(p.get("TaskId")).fields());
            case DROP_MOVED_SHARD_DB -> out.putAll(moves.drop(p.get("TaskId")).fields());
        }
        return out;
    }

    private static void runOrDefer(Databases.Rest rest, List<Databases.Rest> later) throws DrdsException, SQLException {
        if (later == null) {
            rest.run();
        } else {
            later.add(rest);
        }
    }

    /** RDS's DescribeBackups answer: counts, the page, and {@code Items.Backup}. */
    private Map<String, Object> describeBackups(Params p) throws DrdsException, SQLException {
        List<Backup> all = backups.describe(p.get("DBInstanceId"), p.get("BackupId"), p.get("BackupStatus"),
                p.get("StartTime"), p.get("EndTime"));
        Integer size = p.optionalInteger("PageSize");
        Integer number = p.optionalInteger("PageNumber");
        int pageSize = size == null ? 30 : size;
        int page = number == null ? 1 : number;
        if (pageSize < 1 || pageSize > 1000 || page < 1) {
            throw DrdsError.malformed("PageSize", "PageSize must be 1..1000 and PageNumber at least 1");
        }
        List<Backup> shown = all.subList(Math.min(all.size(), (page - 1) * pageSize),
                Math.min(all.size(), page * pageSize));
        long total = 0;
        for (Backup b : all) {
            total += b.backupSize();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalRecordCount", String.valueOf(all.size()));
        out.put("PageNumber", String.valueOf(page));
        out.put("PageRecordCount", String.valueOf(shown.size()));
        out.put("TotalBackupSize", total);
        out.put("Items", Map.of("Backup", shown.stream().map(Backup::fields).toList()));
        return out;
    }
}
