package io.shardline.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The 21 actions of the DRDS OpenAPI spec, CopyDatabaseBetweenInstances with the RDS backup actions it needs, the
 * copy task's describe and cancel, and Shardline's shard move with its describe, cancel and drop: their names (and the spec's second spelling of two of them), their
 * parameters as the spec writes them (a trailing {@code *} marks a required one), and which spelling of
 * "instance not found" their error table uses.
 */
enum Action {
    CREATE_DRDS_INSTANCE("CreateDrdsInstance", null, true,
            "Description*", "RegionId*", "Type*", "ZoneId*", "Quantity*", "Specification*", "PayType*", "VpcId", "VswitchId"),
    DESCRIBE_DRDS_INSTANCE("DescribeDrdsInstance", null, true, "DrdsInstanceId*"),
    DESCRIBE_DRDS_INSTANCES("DescribeDrdsInstances", null, true, "RegionId*", "type"),
    MODIFY_DRDS_INSTANCE_DESCRIPTION("ModifyDrdsInstanceDescription", null, true, "DrdsInstanceId*", "Description*"),
    REMOVE_DRDS_INSTANCE("RemoveDrdsInstance", null, true, "DrdsInstanceId*"),
    CREATE_DRDS_DB("CreateDrdsDB", null, true, "DrdsInstanceId*", "DbName*", "Encode*", "Password*", "RdsInstances*"),
    DESCRIBE_DRDS_DB("DescribeDrdsDB", null, true, "DbName*", "DrdsInstanceId*"),
    DESCRIBE_DRDS_DBS("DescribeDrdsDBs", null, false, "DrdsInstanceId*"),
    DELETE_DRDS_DB("DeleteDrdsDB", null, true, "DbName*", "DrdsInstanceId*"),
    DELETE_FAILED_DRDS_DB("DeleteFailedDrdsDB", null, false, "DrdsInstanceId*", "DbName*"),
    MODIFY_DRDS_DB_PSWD("ModifyDrdsDBPswd", "ModifyDrdsDBPasswd", true, "DbName*", "DrdsInstanceId*", "NewPasswd*"),
    MODIFY_DRDS_IP_WHITE_LIST("ModifyDrdsIpWhiteList", null, false, "DrdsInstanceId*", "DbName*", "IpWhiteList*", "Mode"),
    DESCRIBE_DRDS_DB_IP_WHITE_LIST("DescribeDrdsDBIpWhiteList", null, false, "DrdsInstanceId*", "DbName*"),
    MODIFY_FULL_TABLE_SCAN("ModifyFullTableScan", null, false, "DrdsInstanceId*", "DbName*", "TableNames*", "FullTableScan*"),
    DESCRIBE_RDS_LIST("DescribeRdsList", null, false, "DrdsInstanceId*", "DbName*"),
    DESCRIBE_SHARD_DBS("DescribeShardDBs", null, false, "DrdsInstanceId*", "DbName*"),
    MODIFY_RDS_READ_WEIGHT("ModifyRdsReadWeight", null, false, "DrdsInstanceId*", "DbName*", "InstanceNames*", "Weights*"),
    CREATE_READ_ONLY_ACCOUNT("CreateReadOnlyAccount", null, false, "DrdsInstanceId*", "DbName*", "password*"),
    DESCRIBE_READ_ONLY_ACCOUNT("DescribeReadOnlyAccount", null, false, "DrdsInstanceId*", "DbName*"),
    MODIFY_READ_ONLY_ACCOUNT_PASSWORD("ModifyReadOnlyAccountPassword", "ModifyReadOnlyAccount", false,
            "DrdsInstanceId*", "DbName*", "AccountName*", "OriginPassword*", "NewPassword*"),
    REMOVE_READ_ONLY_ACCOUNT("RemoveReadOnlyAccount", null, false, "DrdsInstanceId*", "DbName*", "AccountName*"),

    // specs/rds-copy-database, the RDS backup actions it points to, and Shardline's task actions
    COPY_DATABASE_BETWEEN_INSTANCES("CopyDatabaseBetweenInstances", null, false, "DBInstanceId*", "TargetDBInstanceId*",
            "DbNames*", "BackupId", "RestoreTime", "SyncUserPrivilege"),
    DESCRIBE_COPY_DATABASE_TASK("DescribeCopyDatabaseTask", null, false, "TaskId*"),
    CANCEL_COPY_DATABASE_TASK("CancelCopyDatabaseTask", null, false, "TaskId*"),
    CREATE_BACKUP("CreateBackup", null, false, "DBInstanceId*", "DBName", "BackupMethod", "BackupStrategy", "BackupType"),
    DESCRIBE_BACKUPS("DescribeBackups", null, false, "DBInstanceId*", "BackupId", "BackupStatus", "StartTime", "EndTime",
            "PageSize", "PageNumber"),
    DELETE_BACKUP("DeleteBackup", null, false, "DBInstanceId*", "BackupId*"),

    // Shardline's shard move (issue 12): one shard database to another registered server with traffic on
    MOVE_SHARD_DB("MoveShardDb", null, false, "DBInstanceId*", "DBName*", "TargetDBInstanceId*"),
    DESCRIBE_MOVE_SHARD_DB_TASK("DescribeMoveShardDbTask", null, false, "TaskId*"),
    CANCEL_MOVE_SHARD_DB_TASK("CancelMoveShardDbTask", null, false, "TaskId*"),
    DROP_MOVED_SHARD_DB("DropMovedShardDb", null, false, "TaskId*");

    /** The spec's common request parameters: the HTTP layer's business (signature, format), accepted and ignored. */
    static final Set<String> COMMON = Set.of("Action", "Format", "Version", "AccessKeyId", "SignatureMethod",
            "Timestamp", "SignatureVersion", "SignatureNonce", "Signature", "RegionId");

    private static final Map<String, Action> BY_NAME = new TreeMap<>();

    static {
        for (Action a : values()) {
            BY_NAME.put(a.specName, a);
            if (a.alias != null) {
                BY_NAME.put(a.alias, a);
            }
        }
    }

    private final String specName;
    private final String alias;
    private final DrdsError instanceNotFound;
    private final List<String> parameters;
    private final Set<String> required;

    Action(String specName, String alias, boolean upperCaseInstanceCode, String... parameters) {
        this.specName = specName;
        this.alias = alias;
        this.instanceNotFound = upperCaseInstanceCode ? DrdsError.DRDS_INSTANCE_NOT_FOUND_UPPER
                : DrdsError.DRDS_INSTANCE_NOT_FOUND;
        this.parameters = List.of(parameters).stream().map(p -> p.replace("*", "")).toList();
        this.required = Set.copyOf(List.of(parameters).stream().filter(p -> p.endsWith("*"))
                .map(p -> p.replace("*", "")).toList());
    }

    /** The action of a spec name (either spelling); names are case-sensitive, as in the spec. */
    static Action of(String name) throws DrdsException {
        Action a = name == null ? null : BY_NAME.get(name);
        if (a == null) {
            throw DrdsError.INVALID_ACTION.with("the specified action '" + name + "' is not valid; actions are "
                    + BY_NAME.keySet());
        }
        return a;
    }

    String specName() {
        return specName;
    }

    DrdsError instanceNotFound() {
        return instanceNotFound;
    }

    /** The action's own parameters, spelled as the spec spells them. */
    List<String> parameters() {
        return parameters;
    }

    boolean isRequired(String parameter) {
        return required.contains(parameter);
    }

    /** The spec spelling of {@code given} among this action's parameters (matched ignoring case), or null. */
    String canonical(String given) {
        for (String p : parameters) {
            if (p.equalsIgnoreCase(given)) {
                return p;
            }
        }
        return null;
    }

    static boolean isCommon(String given) {
        for (String c : COMMON) {
            if (c.equalsIgnoreCase(given)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return specName;
    }
}
