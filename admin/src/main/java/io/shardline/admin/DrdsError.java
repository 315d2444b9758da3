package io.shardline.admin;

/**
 * Every error code string of the DRDS OpenAPI spec (and of the RDS copy-database spec, for the copy and backup
 * actions) that Shardline can answer, with the spec's HTTP-like status.
 * The spec spells some codes two ways depending on the action ({@code InvalidDRDSInstanceId.NotFound} and
 * {@code InvalidDrdsInstanceId.NotFound}, {@code InvalidDescription.Malformed} and {@code .MalFormed}); each action
 * answers with its own table's spelling (see {@link Action}).
 */
enum DrdsError {
    // appendix: client and server side
    MISSING_PARAMETER("MissingParameter", 400),
    INVALID_PARAMETER("InvalidParameter", 400),
    UNSUPPORTED_PARAMETER("UnsupportedParameter", 400),
    INVALID_ACTION("InvalidAction", 403),
    INTERNAL_SERVER_ERROR("InternalServerError", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),

    // CreateDrdsInstance
    PARAMETER_ERROR("ParameterError", 400),
    QUOTA_EXCEEDED_INSTANCE("QuotaExceeded.DRDInstance", 400),
    INVALID_REGION_NOT_FOUND("InvalidRegionId.NotFound", 404),
    INVALID_DESCRIPTION("InvalidDescription.Malformed", 400),
    INVALID_VSWITCH_ID("InvalidVSwitchId", 400),
    INVALID_VPC_ID("InvalidVpcId", 400),
    INVALID_ZONE_MISMATCH("InvalidZoneId.Mismatch", 400),
    PUBLIC_INSTANCE_EXISTS("publicInstanceAlreadyExist.Error", 400),
    INVALID_INSTANCE_TYPE("InvalidDRDSInstanceType.Error", 400),
    INVALID_QUANTITY("InvalidParameter.Quantity", 400),
    INVALID_REGION_ID("InvalidParameter.RegionId", 400),
    INVALID_ZONE_ID("InvalidParameter.ZoneId", 400),
    INVALID_PAY_TYPE("InvalidParameter.PayType", 400),
    INVALID_SPECIFICATION("InvalidParameter.Specification", 400),

    // instance lookups, in the two spellings of the spec
    DRDS_INSTANCE_NOT_FOUND_UPPER("InvalidDRDSInstanceId.NotFound", 404),
    DRDS_INSTANCE_NOT_FOUND("InvalidDrdsInstanceId.NotFound", 404),
    // ModifyDrdsInstanceDescription, RemoveDrdsInstance
    INVALID_DESCRIPTION_MODIFY("InvalidDescription.MalFormed", 400),
    REMOVE_DRDS_DB_FIRST("RemoveDrdsDBFirst", 400),

    // CreateDrdsDB and the database actions
    PARAMETER_MISMATCH("InvalidParameter.Mismatch", 400),
    QUOTA_EXCEEDED_DB("QuotaExceeded.DrdsDB", 400),
    INVALID_DB_NAME("InvalidDbname.Malformed", 400),
    INVALID_ENCODE("InvalidEncode.ValueNotSupported", 400),
    RDS_DB_NAME_EXISTS("OperationDenied.RdsDbNameExists", 400),
    RDS_ACCOUNT_EXISTS("OperationDenied.RdsAccountExists", 400),
    INVALID_PASSWORD("InvalidPassword.Malformed", 400),
    DB_PREFIX_ENDS_WITH_UNDERLINE("InvalidParameter_DbprefixCannotEndWithUnderline", 400),
    DB_NAME_DUPLICATED("InvalidDbprefixDuplicated", 400),
    RDS_REGION_MISMATCH("InvalidRds.RegionNotMatch", 400),
    DB_NOT_FOUND("InvalidDbName.NotFound", 404),
    DB_IS_CREATING("DbIsCreating", 400),
    DB_DELETING_OR_FAILED("InvalidDbname.DeleteStatusOrFailed", 400),
    INVALID_NEW_PASSWD("InvalidNewPasswd.Malformed", 400),
    DB_USER_NOT_FOUND("InvalidDbUserName.NotFound", 400),
    UPDATE_DB_PASSWORD_FAILED("UpdateDbUserPasswordFailed", 400),
    TABLE_NOT_FOUND("InvalidParameter.TableNotFound", 400),
    CONFLICT_WITH_ANOTHER_ACTION("InvalidAction.ConflictWithAnotherAction", 400),

    // ModifyRdsReadWeight
    INVALID_MAIN_INSTANCE("InvalidParameter.InvalidMainInstance", 400),
    ILLEGAL_WEIGHT("InvalidParameter.IllegalWeightParameter", 400),
    READ_INSTANCE_NOT_FOUND("InvalidParameter.InvalidRdsReadInstance_NotFound", 404),
    READ_INSTANCE_STATUS("InvalidStatus.RdsReadInstance", 400),

    // read-only accounts
    CREATE_READ_ONLY_ACCOUNT_FAILED("CreateReadOnlyAccount.Failed", 400),
    INSTANCE_NOT_RUNNING("InvalidInstanceStatus.NotRunning", 400),
    DB_NOT_RUNNING("InvalidDbStatus.NotRunning", 400),
    UPDATE_READ_ONLY_PASSWORD_FAILED("UpdateDbUserPassword.Failed", 400),
    READ_ONLY_ACCOUNT_NOT_FOUND("InvalidReadOnlyAccount.NotFound", 400),
    REMOVE_DB_USER_FAILED("OperationFailed.RemoveDbUserFailed", 400),

    // CopyDatabaseBetweenInstances (specs/rds-copy-database) and the backup actions it points to
    RDS_INSTANCE_NOT_FOUND("InvalidDBInstance.NotFound", 404),
    TARGET_INSTANCE_FORMAT("InvalidTargetDBInstanceName.Format", 400),
    INSTANCE_VERSION("InvalidInstanceVersion", 403),
    READ_INSTANCE_NOT_SUPPORTED("ReadDBInstanceNotSupport", 400),
    RECOVERY_DB_NAMES_FORMAT("InvalidRecoveryDBNames.Format", 400),
    COPY_DB_NOT_FOUND("InvalidDBName.NotFound", 400),
    COPY_DB_DUPLICATE("InvalidDBName.Duplicate", 400),
    COPY_DB_NAME_FORMAT("InvalidDBName.Format", 400),
    STORAGE_SIZE("InvalidRecoveryDbInstance.StorageSize", 400),
    PARAMETERS_CONFLICT("ErrorParametersConflict", 400),
    INVALID_BACKUP_SET_ID("InvalidBackupSetID", 400),
    BACKUP_OR_RESTORE_TIME_NOT_FOUND("InvalidBackupIdOrRestoreTime.NotFound", 400),
    TABLE_META_RESTORE_TIME("InvalidParamTableMeta.RestoreTime", 403),
    ENGINE_NOT_SUPPORTED("EngineNotSupported", 400),
    TARGET_ENGINE_NOT_SUPPORTED("TargetInstanceEngineNotSupported", 400),
    BACKUP_DB_NAMES_NOT_FOUND("InvalidBackupDBNames.NotFound", 400),
    BACKUP_DB_NAMES_MALFORMED("InvalidBackupDBNames.Malformed", 400),
    TASK_NOT_FOUND("InvalidTaskId.NotFound", 404),
    TASK_CANCELLED("OperationDenied.TaskCancelled", 400),

    // MoveShardDb (Shardline's, in the style of the codes above)
    SHARD_DB_NOT_PLACED("InvalidDBName.NotPlaced", 404),
    SHARD_MOVE_RUNNING("OperationDenied.ShardDbMoving", 400),
    SHARD_MOVE_NOT_DONE("OperationDenied.ShardDbMoveNotDone", 400),
    SHARD_MOVE_PAUSE_FAILED("ShardDbMove.PauseFailed", 503),
    SHARD_MOVE_NO_CATCH_UP("ShardDbMove.CatchUpTooSlow", 503),
    SHARD_MOVE_CHANGED("ShardDbMove.SchemaChanged", 403),
    SHARD_MOVE_MISMATCH("ShardDbMove.CopyMismatch", 500);

    private final String code;
    private final int httpStatus;

    DrdsError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    DrdsException with(String detail) {
        return new DrdsException(code, httpStatus, detail, null);
    }

    DrdsException with(String detail, Throwable cause) {
        return new DrdsException(code, httpStatus, detail, cause);
    }

    /** The appendix's {@code Invalid<parameter name>.Malformed} for a parameter without a code of its own. */
    static DrdsException malformed(String parameter, String detail) {
        return new DrdsException("Invalid" + parameter + ".Malformed", 400, detail, null);
    }

    /** The appendix's {@code Invalid<parameter name>.ValueNotSupported}. */
    static DrdsException notSupported(String parameter, String detail) {
        return new DrdsException("Invalid" + parameter + ".ValueNotSupported", 400, detail, null);
    }
}
