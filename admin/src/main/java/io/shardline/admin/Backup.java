package io.shardline.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup set as DescribeBackups reports it: a consistent logical backup of some databases of one RDS instance,
 * taken at {@code consistentTime} (the snapshot's instant on the server's clock), with the binary log position of that
 * instant (null when the server's binary log was off: such a backup cannot start a point-in-time restore).
 * {@code backupStatus} is {@code Success}, {@code Failed} or {@code Running}; {@code backupSize} the compressed bytes.
 */
public record Backup(String backupId, String dbInstanceId, String backupStatus, Instant backupStartTime,
                     Instant backupEndTime, Instant consistentTime, long backupSize, List<String> backupDbNames,
                     String binlogFile, Long binlogPosition) {
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    public Backup {
        backupDbNames = List.copyOf(backupDbNames);
    }

    /** One item of DescribeBackups' {@code Items.Backup}, with RDS's field names. */
    Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("BackupId", backupId);
        out.put("DBInstanceId", dbInstanceId);
        out.put("BackupStatus", backupStatus);
        out.put("BackupStartTime", backupStartTime == null ? null : ISO.format(backupStartTime));
        out.put("BackupEndTime", backupEndTime == null ? null : ISO.format(backupEndTime));
        out.put("BackupType", "FullBackup");
        out.put("BackupMode", "Manual");
        out.put("BackupMethod", "Logical");
        out.put("BackupDBNames", String.join(",", backupDbNames));
        out.put("BackupSize", backupSize);
        out.put("ConsistentTime", consistentTime == null ? null : consistentTime.getEpochSecond());
        return out;
    }
}
