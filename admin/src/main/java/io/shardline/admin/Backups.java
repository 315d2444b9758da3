package io.shardline.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardline.admin.BackupFiles.FileInfo;
import io.shardline.admin.Rows.Rds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Backup sets (CreateBackup, DescribeBackups, DeleteBackup): a consistent logical backup of chosen databases of one
 * registered server, read inside one snapshot as a copy reads them, written to {@code <backupStore>/<instance>/<id>/}
 * as one gzip file per database plus {@code manifest.json} (binary log position, per-file SHA-256, counts), and
 * listed in {@code rds_backup}. Sets older than the retention are deleted when the next backup of the same server
 * is taken. Thread-safe: each call opens its own connections.
 */
final class Backups {
    static final String SUCCESS = "Success";
    static final String FAILED = "Failed";
    static final String RUNNING = "Running";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
    static final int CHUNK_BYTES = 1 << 20;

    /** What manifest.json holds. */
    record Manifest(String backupId, String dbInstanceId, String serverVersion, long consistentTime, String binlogFile,
                    Long binlogPosition, List<FileInfo> databases) {
        FileInfo database(String name) {
            for (FileInfo f : databases) {
                if (f.database().equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A stored set, with where its files are. */
    record Stored(Backup backup, Path location, Manifest manifest) {
    }

    private final Estate estate;

    Backups(Estate estate) {
        this.estate = estate;
    }

    Backup create(String instanceName, List<String> dbNames, String method) throws DrdsException, SQLException {
        if (method != null && !method.equals("Logical")) {
            throw DrdsError.notSupported("BackupMethod", "BackupMethod '" + method + "' is not supported: Shardline"
                    + " takes Logical backups");
        }
        Rds rds;
        try (Metadata m = estate.metadata()) {
            rds = Names.isRdsName(instanceName) ? m.rds(instanceName) : null;
        }
        if (rds == null) {
            throw DrdsError.RDS_INSTANCE_NOT_FOUND.with("RDS instance '" + instanceName + "' is not registered");
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(dbNames == null ? List.of() : dbNames));
        for (String n : names) {
            if (!Names.isTableName(n) || SYSTEM.contains(n.toLowerCase(java.util.Locale.ROOT))) {
                throw DrdsError.BACKUP_DB_NAMES_MALFORMED.with("DBName '" + n + "' is not a database that can be"
                        + " backed up");
            }
        }
        String id = newId();
        Path dir = estate.options().backupStore().resolve(instanceName).resolve(id);
        long start = System.currentTimeMillis();
        try (Connection source = estate.connect(rds)) {
            ServerFacts facts = ServerFacts.of(source);
            if (names.isEmpty()) {
                names = userDatabases(source);
            }
            for (String n : names) {
                if (!Dump.exists(source, n)) {
                    throw DrdsError.BACKUP_DB_NAMES_NOT_FOUND.with(rds + " has no database '" + n + "'");
                }
            }
            List<Dump.Schema> schemas = new ArrayList<>();
            ServerFacts.Snapshot snap = ServerFacts.beginSnapshot(source, facts);
            for (String n : names) {
                try {
                    schemas.add(Dump.schema(source, n));
                } catch (Dump.Refusal r) {
                    throw DrdsError.BACKUP_DB_NAMES_MALFORMED.with("cannot back up " + n + ": " + r.getMessage());
                }
            }
            insert(id, instanceName, names, start, dir);
            estate.step("CreateBackup " + id + " of " + rds + ": write " + dir);
            List<FileInfo> files = new ArrayList<>();
            try {
                Files.createDirectories(dir);
                for (Dump.Schema schema : schemas) {
                    try (BackupFiles.Writer w = new BackupFiles.Writer(dir.resolve(schema.name() + ".dump.gz"))) {
                        Dump.emit(source, schema, CHUNK_BYTES, w);
                        files.add(w.finish());
                    }
                }
                ServerFacts.endSnapshot(source);
                ServerFacts.Position pos = snap.position();
                Manifest manifest = new Manifest(id, instanceName, facts.version(), snap.timeMillis(),
                        pos == null ? null : pos.file(), pos == null ? null : pos.position(), files);
                String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
                Files.writeString(dir.resolve("manifest.json"), json);
                long size = 0;
                for (FileInfo f : files) {
                    size += f.size();
                }
                finish(id, SUCCESS, System.currentTimeMillis(), snap.timeMillis(), size, pos, json);
            } catch (Exception e) {
                deleteTree(dir);
                finish(id, FAILED, System.currentTimeMillis(), null, 0, null, null);
                if (e instanceof SQLException se) {
                    throw Failures.of(se, "backing up " + names + " of " + rds + " (backup " + id + " failed)");
                }
                throw DrdsError.INTERNAL_SERVER_ERROR.with("backing up " + names + " of " + rds + " into " + dir
                        + " failed: " + e, e);
            }
            purgeExpired(instanceName, id);
            return find(id).backup();
        } catch (SQLException e) {
            throw Failures.of(e, "backing up " + names + " of " + rds);
        }
    }

    /** The databases of a server that are not its own (mysql, information_schema, ...). */
    static List<String> userDatabases(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SCHEMA_NAME FROM"
                + " information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                if (!SYSTEM.contains(rs.getString(1).toLowerCase(java.util.Locale.ROOT))) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Numeric ids, as RDS's: the start time to the second and four random digits. */
    private static String newId() {
        return Backup.ISO.format(Instant.now()).replaceAll("[^0-9]", "")
                + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
    }

    List<Backup> describe(String instanceName, String backupId, String status, String startTime, String endTime)
            throws DrdsException, SQLException {
        Instant from = time(startTime, "StartTime");
        Instant to = time(endTime, "EndTime");
        try (Metadata m = estate.metadata()) {
            if (!Names.isRdsName(instanceName) || m.rds(instanceName) == null) {
                throw DrdsError.RDS_INSTANCE_NOT_FOUND.with("RDS instance '" + instanceName + "' is not registered");
            }
            List<Backup> out = new ArrayList<>();
            for (Stored s : sets(m.connection(), "WHERE instance_name = ? ORDER BY start_time DESC, backup_id DESC",
                    instanceName)) {
                Backup b = s.backup();
                if ((backupId == null || b.backupId().equals(backupId))
                        && (status == null || b.backupStatus().equals(status))
                        && (from == null || !b.backupStartTime().isBefore(from))
                        && (to == null || !b.backupStartTime().isAfter(to))) {
                    out.add(b);
                }
            }
            return out;
        }
    }

    private static Instant time(String value, String name) throws DrdsException {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(Backup.ISO.parse(value.length() == 17 ? value.replace("Z", ":00Z") : value));
        } catch (DateTimeParseException e) {
            throw new DrdsException("Invalid" + name + ".Format", 400, name + " '" + value + "' is not"
                    + " yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ (UTC)", null);
        }
    }

    void delete(String instanceName, List<String> backupIds) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            if (!Names.isRdsName(instanceName) || m.rds(instanceName) == null) {
                throw DrdsError.RDS_INSTANCE_NOT_FOUND.with("RDS instance '" + instanceName + "' is not registered");
            }
            List<Stored> sets = new ArrayList<>();
            for (String id : backupIds) {
                Stored s = find(m.connection(), id);
                if (s == null || !s.backup().dbInstanceId().equals(instanceName)) {
                    throw DrdsError.INVALID_BACKUP_SET_ID.with("backup set '" + id + "' of " + instanceName
                            + " does not exist");
                }
                sets.add(s);
            }
            for (Stored s : sets) {
                deleteTree(s.location());
                update(m.connection(), "DELETE FROM rds_backup WHERE backup_id = ?", s.backup().backupId());
            }
        }
    }

    /** Deletes the server's sets that ended before the retention period, never {@code keep} (the one just taken). */
    void purgeExpired(String instanceName, String keep) throws SQLException {
        long before = System.currentTimeMillis() - estate.options().backupRetention().toMillis();
        try (Metadata m = estate.metadata()) {
            for (Stored s : sets(m.connection(), "WHERE instance_name = ? AND COALESCE(end_time, start_time) < ?"
                    + " AND backup_id <> ?", instanceName, before, keep)) {
                deleteTree(s.location());
                update(m.connection(), "DELETE FROM rds_backup WHERE backup_id = ?", s.backup().backupId());
            }
        }
    }

    Stored find(String id) throws SQLException {
        try (Metadata m = estate.metadata()) {
            return find(m.connection(), id);
        }
    }

    /** The server's successful sets, newest first. */
    List<Stored> successful(String instanceName) throws SQLException {
        try (Metadata m = estate.metadata()) {
            return sets(m.connection(), "WHERE instance_name = ? AND status = ? ORDER BY consistent_time DESC",
                    instanceName, SUCCESS);
        }
    }

    private static Stored find(Connection c, String id) throws SQLException {
        if (id == null || !id.matches("[0-9]{1,32}")) {
            return null;
        }
        List<Stored> sets = sets(c, "WHERE backup_id = ?", id);
        return sets.isEmpty() ? null : sets.get(0);
    }

    private static List<Stored> sets(Connection c, String where, Object... args) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT backup_id, instance_name, db_names, status, start_time,"
                + " end_time, consistent_time, backup_size, binlog_file, binlog_pos, location, manifest FROM rds_backup "
                + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long end = rs.getLong(6);
                    Instant endTime = rs.wasNull() ? null : Instant.ofEpochMilli(end);
                    long consistent = rs.getLong(7);
                    Instant consistentTime = rs.wasNull() ? null : Instant.ofEpochMilli(consistent);
                    long pos = rs.getLong(10);
                    Long binlogPos = rs.wasNull() ? null : pos;
                    Backup b = new Backup(rs.getString(1), rs.getString(2), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), endTime, consistentTime, rs.getLong(8),
                            Arrays.asList(rs.getString(3).split(",")), rs.getString(9), binlogPos);
                    String manifest = rs.getString(12);
                    Manifest mf;
                    try {
                        mf = manifest == null ? null : JSON.readValue(manifest, Manifest.class);
                    } catch (IOException e) {
                        throw new SQLException("the manifest of backup " + b.backupId() + " cannot be read: " + e, e);
                    }
                    out.add(new Stored(b, Path.of(rs.getString(11)), mf));
                }
            }
        }
        return out;
    }

    private void insert(String id, String instance, List<String> names, long start, Path dir) throws SQLException {
        try (Metadata m = estate.metadata()) {
            update(m.connection(), "INSERT INTO rds_backup (backup_id, instance_name, db_names, status, start_time,"
                    + " location) VALUES (?, ?, ?, ?, ?, ?)", id, instance, String.join(",", names), RUNNING, start,
                    dir.toAbsolutePath().toString());
        }
    }

    private void finish(String id, String status, long end, Long consistent, long size, ServerFacts.Position pos,
                        String manifest) throws SQLException {
        try (Metadata m = estate.metadata()) {
            update(m.connection(), "UPDATE rds_backup SET status = ?, end_time = ?, consistent_time = ?, backup_size = ?,"
                    + " binlog_file = ?, binlog_pos = ?, manifest = ? WHERE backup_id = ?", status, end, consistent, size,
                    pos == null ? null : pos.file(), pos == null ? null : pos.position(), manifest, id);
        }
    }

    /**
     * Checks every file of the set against the manifest's SHA-256 before anything is restored from it; answers what
     * is wrong, or null.
     */
    static String verify(Stored set, List<String> databases) {
        for (String db : databases) {
            FileInfo f = set.manifest().database(db);
            if (f == null) {
                return "backup " + set.backup().backupId() + " does not hold database " + db;
            }
            Path file = set.location().resolve(f.file());
            try {
                if (!BackupFiles.sha256(file).equals(f.sha256())) {
                    return file + " does not match its checksum: the backup file is damaged";
                }
            } catch (IOException e) {
                return file + " cannot be read: " + e.getMessage();
            }
        }
        return null;
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // what is left is listed nowhere and harmless
        }
    }
}
