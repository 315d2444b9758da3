package io.shardline.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CopyDatabaseBetweenInstances' parameters: the source and target RDS instances (registered servers), the databases
 * to copy with their new names ({@code DbNames}, in order), and at most one of {@code backupId} (restore that backup
 * set) and {@code restoreTime} (the state as of that second, from the newest backup before it and the source's
 * binary log); with neither, the databases are copied live. {@code syncUserPrivilege} copies the accounts'
 * privileges on the databases to the new names.
 */
public record CopyDatabaseRequest(String dbInstanceId, String targetDbInstanceId, Map<String, String> dbNames,
                                  String backupId, Instant restoreTime, boolean syncUserPrivilege) {
    public CopyDatabaseRequest {
        dbNames = dbNames == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dbNames));
    }

    /** A live copy of the databases, without privileges. */
    public static CopyDatabaseRequest live(String source, String target, Map<String, String> dbNames) {
        return new CopyDatabaseRequest(source, target, dbNames, null, null, false);
    }

    public CopyDatabaseRequest withBackupId(String id) {
        return new CopyDatabaseRequest(dbInstanceId, targetDbInstanceId, dbNames, id, restoreTime, syncUserPrivilege);
    }

    public CopyDatabaseRequest withRestoreTime(Instant time) {
        return new CopyDatabaseRequest(dbInstanceId, targetDbInstanceId, dbNames, backupId, time, syncUserPrivilege);
    }

    public CopyDatabaseRequest withSyncUserPrivilege(boolean sync) {
        return new CopyDatabaseRequest(dbInstanceId, targetDbInstanceId, dbNames, backupId, restoreTime, sync);
    }
}
