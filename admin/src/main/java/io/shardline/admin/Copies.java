package io.shardline.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardline.admin.Rows.Rds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CopyDatabaseBetweenInstances: checks every precondition before anything is written, then runs the copy as a task on
 * its own thread. A live copy reads the source inside one consistent snapshot; a copy by BackupId restores that
 * backup set; a copy by RestoreTime restores the newest backup before that time and replays the source's binary log
 * up to it. Either way the target gets each database under its new name (tables, rows, then routines, views,
 * triggers, events), then, when asked, the accounts' privileges. Everything made on the target is in the task's
 * ledger first; a task that fails or is cancelled removes it, and one whose admin died is cleaned by the next copy
 * (or CancelCopyDatabaseTask). Thread-safe.
 */
final class Copies {
    private static final Logger LOG = LoggerFactory.getLogger(Copies.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** Names a copy creates: the spec's shape (a lower-case letter first, a letter or digit last), MySQL's length. */
    private static final Pattern NEW_NAME = Pattern.compile("[a-z]([a-z0-9_]{0,62}[a-z0-9])?");
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
    static final String ACTION = "CopyDatabaseBetweenInstances";

    enum Mode { LIVE, BACKUP, TIME }

    /** Everything a copy task needs, all checked. */
    record Plan(String id, Rds source, Rds target, ServerFacts sourceFacts, ServerFacts targetFacts,
                Map<String, String> names, Mode mode, Backups.Stored backup, Instant restoreTime, boolean privileges,
                long bytes) {
    }

    /** A task running in this process. */
    static final class Run {
        final String id;
        final Progress progress;
        final TaskListeners listeners = new TaskListeners();
        final CompletableFuture<CopyProgress> done = new CompletableFuture<>();
        volatile boolean cancelled;
        volatile DrdsException failure;
        volatile long lastPersisted;
        volatile Thread thread;

        Run(String id, long start) {
            this.id = id;
            this.progress = new Progress(id, start);
        }

        CopyProgress now() {
            return progress.snapshot(TaskState.RUNNING, null, null);
        }
    }

    /** Stops a cancelled task at its next checkpoint. */
    static final class Cancelled extends Exception {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled");
        }
    }

    private final Estate estate;
    private final Backups backups;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    Copies(Estate estate, Backups backups) {
        this.estate = estate;
        this.backups = backups;
    }

    // ---- starting a copy

    /** Checks the request, records the task, starts it; answers the handle. Throws the spec's codes. */
    CopyTask start(String id, CopyDatabaseRequest r, CopyListener listener) throws DrdsException, SQLException {
        Map<String, String> names = names(r.dbNames());
        if (r.backupId() != null && r.restoreTime() != null) {
            throw DrdsError.PARAMETERS_CONFLICT.with("BackupId and RestoreTime can only exist one");
        }
        Plan plan = plan(id, r, names);
        long now = System.currentTimeMillis();
        Run run = new Run(id, now);
        if (listener != null) {
            run.listeners.add(listener);
        }
        try (Metadata m = estate.metadata()) {
            new TaskStore(m.connection(), estate.hasConfigServer()).insert(id, ACTION, r.dbInstanceId(),
                    r.targetDbInstanceId(), params(r), now);
        }
        running.put(id, run);
        Thread t = new Thread(() -> execute(plan, run), "shardline-copy-" + id.substring(0, 8));
        t.setDaemon(true);
        run.thread = t;
        t.start();
        return new CopyTask(id, this, run);
    }

    /** DbNames: a JSON object of source name to new name, each name well formed, no new name twice. */
    static Map<String, String> names(Map<String, String> given) throws DrdsException {
        if (given == null || given.isEmpty()) {
            throw DrdsError.RECOVERY_DB_NAMES_FORMAT.with("DbNames names no database; give"
                    + " {\"source\":\"new name\",...}");
        }
        Set<String> targets = new HashSet<>();
        for (var e : given.entrySet()) {
            String from = e.getKey();
            String to = e.getValue();
            if (from == null || !Names.isTableName(from) || SYSTEM.contains(from.toLowerCase(Locale.ROOT))) {
                throw DrdsError.COPY_DB_NAME_FORMAT.with("source database name '" + from + "' is not valid: letters,"
                        + " digits, _ and $, at most 64, not a system database");
            }
            if (to == null || !NEW_NAME.matcher(to).matches()) {
                throw DrdsError.COPY_DB_NAME_FORMAT.with("new database name '" + to + "' is not valid: lower-case"
                        + " letters, digits and underscores, a letter first, a letter or digit last, at most 64");
            }
            if (!targets.add(to)) {
                throw DrdsError.RECOVERY_DB_NAMES_FORMAT.with("DbNames gives the new name '" + to + "' twice");
            }
        }
        return new LinkedHashMap<>(given);
    }

    /** DbNames as the spec writes it: {@code {"test1":"newtest1","test2":"newtest2"}}. */
    static Map<String, String> parseDbNames(String json) throws DrdsException {
        JsonNode node;
        try {
            node = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw DrdsError.RECOVERY_DB_NAMES_FORMAT.with("DbNames must be a JSON object of database names, like"
                    + " {\"test1\":\"newtest1\",\"test2\":\"newtest2\"}, not '" + json + "'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw DrdsError.RECOVERY_DB_NAMES_FORMAT.with("DbNames maps '" + e.getKey() + "' to " + e.getValue()
                        + ", not to a name");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** RestoreTime: ISO 8601 in UTC, {@code yyyy-MM-ddTHH:mm:ssZ}. */
    static Instant parseRestoreTime(String value) throws DrdsException {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(Backup.ISO.parse(value));
        } catch (DateTimeParseException e) {
            throw DrdsError.BACKUP_OR_RESTORE_TIME_NOT_FOUND.with("RestoreTime '" + value + "' is not"
                    + " yyyy-MM-ddTHH:mm:ssZ (UTC)");
        }
    }

    /** SyncUserPrivilege: YES or NO, NO when absent. */
    static boolean parseSync(String value) throws DrdsException {
        if (value == null || value.equals("NO")) {
            return false;
        }
        if (value.equals("YES")) {
            return true;
        }
        throw DrdsError.malformed("SyncUserPrivilege", "SyncUserPrivilege must be YES or NO, is '" + value + "'");
    }

    private Plan plan(String id, CopyDatabaseRequest r, Map<String, String> names) throws DrdsException, SQLException {
        Rds source;
        Rds target;
        List<TaskStore.Entry> leftovers = new ArrayList<>();
        try (Metadata m = estate.metadata()) {
            source = rds(m, r.dbInstanceId(), "DBInstanceId");
            target = rds(m, r.targetDbInstanceId(), "TargetDBInstanceId");
            if (source.serverId() == target.serverId()) {
                throw DrdsError.TARGET_INSTANCE_FORMAT.with("TargetDBInstanceId must differ from DBInstanceId ("
                        + source.name() + ")");
            }
            if (!target.isMaster()) {
                throw DrdsError.READ_INSTANCE_NOT_SUPPORTED.with(target + " is a read-only replica; copy to its master");
            }
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            for (TaskStore.Row row : tasks.tasksWithLeftovers()) {
                if (row.action().equals(ACTION) && !running.containsKey(row.id())
                        && !tasks.alive(row, estate.options().staleAfter())) {
                    for (TaskStore.Entry e : tasks.ledger(row.id())) {
                        if (e.created() && e.serverId() == target.serverId() && e.kind().equals("database")) {
                            leftovers.add(e);
                        }
                    }
                }
            }
        }
        Backups.Stored backup = null;
        if (r.backupId() != null) {
            backup = backups.find(r.backupId());
            if (backup == null || !backup.backup().dbInstanceId().equals(source.name())) {
                throw DrdsError.INVALID_BACKUP_SET_ID.with("backup set '" + r.backupId() + "' of " + source.name()
                        + " does not exist (DescribeBackups lists them)");
            }
            if (!backup.backup().backupStatus().equals(Backups.SUCCESS) || backup.manifest() == null) {
                throw DrdsError.INVALID_BACKUP_SET_ID.with("backup set " + r.backupId() + " is "
                        + backup.backup().backupStatus() + ", not a complete backup");
            }
        }
        try (Connection src = connect(source); Connection tgt = connect(target)) {
            ServerFacts sf = ServerFacts.of(src);
            ServerFacts tf = ServerFacts.of(tgt);
            if (sf.mariaDb() != tf.mariaDb()) {
                throw DrdsError.INSTANCE_VERSION.with(source + " runs " + sf.engine() + " " + sf.version() + ", "
                        + target + " " + tf.engine() + " " + tf.version() + ": copies need the same engine");
            }
            if (sf.compareVersion(tf) > 0) {
                throw DrdsError.INSTANCE_VERSION.with(source + " runs " + sf.version() + ", newer than " + target
                        + "'s " + tf.version());
            }
            if (tf.readOnly()) {
                throw DrdsError.READ_INSTANCE_NOT_SUPPORTED.with(target + " is read-only (@@read_only = 1)");
            }
            Mode mode = Mode.LIVE;
            long bytes;
            if (r.restoreTime() != null) {
                mode = Mode.TIME;
                backup = pointInTimeBase(src, source, sf, r.restoreTime(), names);
            }
            if (backup != null) {
                mode = mode == Mode.TIME ? Mode.TIME : Mode.BACKUP;
                bytes = 0;
                for (String db : names.keySet()) {
                    BackupFiles.FileInfo f = backup.manifest().database(db);
                    if (f == null) {
                        throw DrdsError.COPY_DB_NOT_FOUND.with("backup set " + backup.backup().backupId() + " holds "
                                + backup.backup().backupDbNames() + ", not database '" + db + "'");
                    }
                    bytes += f.rawBytes() * 2; // tables take about twice their values' bytes with indexes and pages
                }
            } else {
                for (String db : names.keySet()) {
                    if (!Dump.exists(src, db)) {
                        throw DrdsError.COPY_DB_NOT_FOUND.with(source + " has no database '" + db + "'");
                    }
                    try {
                        Dump.schema(src, db);
                    } catch (Dump.Refusal refusal) {
                        throw DrdsError.ENGINE_NOT_SUPPORTED.with("cannot copy " + db + " exactly: " + refusal.getMessage());
                    }
                }
                bytes = ServerFacts.databaseBytes(src, names.keySet());
            }
            Set<String> ours = new HashSet<>();
            for (TaskStore.Entry e : leftovers) {
                ours.add(e.name());
            }
            for (String to : names.values()) {
                if (Dump.exists(tgt, to) && !ours.contains(to)) {
                    throw DrdsError.COPY_DB_DUPLICATE.with(target + " already has a database named '" + to + "'");
                }
            }
            Long free = ServerFacts.freeBytes(tgt);
            if (free == null) {
                throw DrdsError.TARGET_ENGINE_NOT_SUPPORTED.with(target + " cannot tell its free disk space:"
                        + " information_schema.DISKS is missing; run INSTALL SONAME 'disks' there (MariaDB)");
            }
            long needed = bytes + estate.options().freeSpaceReserve();
            if (free < needed) {
                throw DrdsError.STORAGE_SIZE.with(target + " has " + free + " bytes free on its data disk; the copy"
                        + " needs " + bytes + " plus the reserve of " + estate.options().freeSpaceReserve());
            }
            Plan plan = new Plan(id, source, target, sf, tf, names, mode, backup, r.restoreTime(), r.syncUserPrivilege(),
                    bytes);
            recoverDead(target.serverId());
            return plan;
        } catch (SQLException e) {
            throw Failures.of(e, "checking " + source + " and " + target + " before copying (nothing was changed)");
        }
    }

    /**
     * The backup a point-in-time restore starts from: the newest complete one of the source taken at or before the
     * time, holding every database, with a binary log position the server still has.
     */
    private Backups.Stored pointInTimeBase(Connection src, Rds source, ServerFacts sf, Instant time,
                                           Map<String, String> names) throws DrdsException, SQLException {
        long serverNow;
        try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT UNIX_TIMESTAMP()")) {
            rs.next();
            serverNow = rs.getLong(1);
        }
        if (time.getEpochSecond() >= serverNow) {
            throw DrdsError.BACKUP_OR_RESTORE_TIME_NOT_FOUND.with("RestoreTime " + Backup.ISO.format(time)
                    + " is not in the past of " + source + " (its clock reads " + Backup.ISO.format(
                    Instant.ofEpochSecond(serverNow)) + ")");
        }
        BinlogReplay.checkSettings(source, sf);
        Backups.Stored base = null;
        for (Backups.Stored s : backups.successful(source.name())) {
            Backup b = s.backup();
            if (b.consistentTime() != null && !b.consistentTime().isAfter(time) && b.binlogFile() != null
                    && s.manifest() != null && names.keySet().stream().allMatch(db -> s.manifest().database(db) != null)) {
                base = s;
                break;
            }
        }
        if (base == null) {
            throw DrdsError.BACKUP_OR_RESTORE_TIME_NOT_FOUND.with("no backup of " + source + " holding " + names.keySet()
                    + " was taken with the binary log on at or before " + Backup.ISO.format(time)
                    + " (CreateBackup makes one; backups are kept " + estate.options().backupRetention().toDays()
                    + " days)");
        }
        List<String> logs = ServerFacts.binaryLogs(src);
        if (!logs.contains(base.backup().binlogFile())) {
            throw DrdsError.BACKUP_OR_RESTORE_TIME_NOT_FOUND.with("backup " + base.backup().backupId() + " starts at "
                    + base.backup().binlogFile() + ", which " + source + " no longer has (its oldest binary log is "
                    + (logs.isEmpty() ? "none" : logs.get(0)) + "): raise binlog_expire_logs_seconds or take backups"
                    + " more often");
        }
        BinlogReplay.checkTools();
        return base;
    }

    private static Rds rds(Metadata m, String name, String parameter) throws DrdsException, SQLException {
        Rds rds = Names.isRdsName(name) ? m.rds(name) : null;
        if (rds == null) {
            throw DrdsError.RDS_INSTANCE_NOT_FOUND.with(parameter + " '" + name + "' is not a registered RDS instance");
        }
        return rds;
    }

    private Connection connect(Rds rds) throws SQLException {
        try {
            return estate.connect(rds);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to " + rds + ": " + e.getMessage(), e.getSQLState(),
                    e.getErrorCode(), e);
        }
    }

    private static String params(CopyDatabaseRequest r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("DbNames", r.dbNames());
        p.put("BackupId", r.backupId());
        p.put("RestoreTime", r.restoreTime() == null ? null : Backup.ISO.format(r.restoreTime()));
        p.put("SyncUserPrivilege", r.syncUserPrivilege() ? "YES" : "NO");
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the task

    private void execute(Plan plan, Run run) {
        String id = plan.id();
        TaskState outcome = TaskState.SUCCESS;
        String code = null;
        String message = null;
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            if (!tasks.lock(id)) {
                throw new SQLException("task " + id + " is already locked by another session");
            }
            try {
                try {
                    body(plan, run, tasks);
                } catch (Throwable e) {
                    DrdsException failure = asFailure(e, plan);
                    outcome = e instanceof Cancelled ? TaskState.CANCELLED : TaskState.FAILED;
                    code = failure.code();
                    String undo = undo(tasks, id, plan.target().serverId());
                    message = failure.detail() + undo;
                    run.failure = new DrdsException(code, failure.httpStatus(), message, e).withRequestId(id);
                }
                if (outcome == TaskState.SUCCESS) {
                    tasks.succeed(id);
                } else {
                    tasks.finish(id, outcome, code, message);
                }
            } finally {
                tasks.unlock(id);
            }
        } catch (SQLException | RuntimeException storeFailure) {
            // the store went away: the task is recorded as running, and turns dead (lock freed) for the next admin
            outcome = TaskState.FAILED;
            code = DrdsError.SERVICE_UNAVAILABLE.code();
            message = "the metadata store failed during the copy: " + storeFailure.getMessage();
            if (run.failure == null) {
                run.failure = DrdsError.SERVICE_UNAVAILABLE.with(message, storeFailure).withRequestId(id);
            }
        } finally {
            running.remove(id);
            CopyProgress last = run.progress.snapshot(outcome, code, message);
            run.listeners.notify(last, true);
            run.done.complete(last);
            if (outcome == TaskState.SUCCESS) {
                LOG.info("{} {} {} -> {} {}: done, {}", id, ACTION, plan.source().name(), plan.target().name(),
                        plan.names(), last.line());
            } else {
                LOG.warn("{} {} {} -> {}: {} {}", id, ACTION, plan.source().name(), plan.target().name(), code, message);
            }
        }
    }

    private void body(Plan plan, Run run, TaskStore tasks) throws Exception {
        String id = plan.id();
        int targetId = plan.target().serverId();
        Loader.Ledger ledger = new Loader.Ledger() {
            @Override
            public int plan(String kind, String name, String detail) throws SQLException {
                return tasks.plan(id, targetId, kind, name, detail);
            }

            @Override
            public void made(int seq) throws SQLException {
                tasks.made(id, seq);
            }
        };
        Loader.Checkpoint checkpoint = () -> checkpoint(run, tasks);
        Path work = null;
        try (Connection target = connect(plan.target())) {
            BinlogReplay.Range range = null;
            if (plan.mode() == Mode.TIME) {
                step(run, tasks, "reading the binary log");
                work = Files.createTempDirectory("shardline-binlog-");
                range = BinlogReplay.prepare(estate, plan.source(), plan.backup().backup(), plan.restoreTime(),
                        plan.names().keySet(), work, checkpoint);
            }
            if (plan.mode() != Mode.LIVE) {
                step(run, tasks, "verifying the backup");
                String damaged = Backups.verify(plan.backup(), List.copyOf(plan.names().keySet()));
                if (damaged != null) {
                    throw DrdsError.INVALID_BACKUP_SET_ID.with(damaged);
                }
                for (String db : plan.names().keySet()) {
                    BackupFiles.FileInfo f = plan.backup().manifest().database(db);
                    run.progress.addTotals(f.tables(), f.rows(), f.rawBytes());
                }
            }
            try (Loader loader = new Loader(target, plan.names(), ledger, run.progress, checkpoint)) {
                if (plan.mode() == Mode.LIVE) {
                    try (Connection source = connect(plan.source())) {
                        estate.step(ACTION + " " + id + ": snapshot of " + plan.source());
                        ServerFacts.beginSnapshot(source, plan.sourceFacts());
                        List<Dump.Schema> schemas = new ArrayList<>();
                        for (String db : plan.names().keySet()) {
                            Dump.Schema s = Dump.schema(source, db);
                            schemas.add(s);
                            run.progress.addTotals(s.tables().size(), s.rowsEstimate(), s.bytesEstimate());
                        }
                        step(run, tasks, "copying data");
                        int chunk = chunkBytes(plan.targetFacts());
                        for (Dump.Schema s : schemas) {
                            estate.step(ACTION + " " + id + ": copy database " + s.name() + " to " + plan.target());
                            Dump.emit(source, s, chunk, loader);
                        }
                        loader.finishData();
                        ServerFacts.endSnapshot(source);
                    }
                } else {
                    step(run, tasks, "restoring the backup");
                    for (String db : plan.names().keySet()) {
                        estate.step(ACTION + " " + id + ": restore database " + db + " to " + plan.target());
                        BackupFiles.read(plan.backup().location().resolve(plan.backup().manifest().database(db).file()),
                                loader);
                    }
                    loader.finishData();
                }
                if (range != null) {
                    step(run, tasks, "replaying the binary log");
                    estate.step(ACTION + " " + id + ": replay the binary log on " + plan.target());
                    BinlogReplay.apply(estate, plan.target(), range, plan.names(), checkpoint);
                }
                step(run, tasks, "creating views, routines, triggers and events");
                estate.step(ACTION + " " + id + ": definitions on " + plan.target());
                loader.createDefinitions();
            }
            if (plan.privileges()) {
                step(run, tasks, "copying privileges");
                estate.step(ACTION + " " + id + ": privileges on " + plan.target());
                try (Connection source = connect(plan.source())) {
                    Privileges.copy(source, target, plan.names(), ledger, checkpoint);
                }
            }
            checkpoint.check();
            step(run, tasks, "done");
        } finally {
            if (work != null) {
                Backups.deleteTree(work);
            }
        }
    }

    /** INSERTs of up to 1 MiB, less when the target's max_allowed_packet is smaller. */
    private static int chunkBytes(ServerFacts target) {
        return (int) Math.max(16 << 10, Math.min(1 << 20, target.maxAllowedPacket() / 2));
    }

    private void step(Run run, TaskStore tasks, String name) throws SQLException {
        run.progress.step(name);
        CopyProgress p = run.now();
        tasks.progress(p);
        run.listeners.notify(p, true);
    }

    /** Between chunks: stop when cancelled (here or, polled once a second, by another admin); report progress. */
    private void checkpoint(Run run, TaskStore tasks) throws Exception {
        if (run.cancelled) {
            throw new Cancelled();
        }
        long now = System.currentTimeMillis();
        if (now - run.lastPersisted >= 1000) {
            run.lastPersisted = now;
            tasks.progress(run.now());
            if (tasks.cancelRequested(run.id)) {
                run.cancelled = true;
                throw new Cancelled();
            }
        }
        if (run.listeners.due(now)) {
            run.listeners.notify(run.now(), false);
        }
    }

    private static DrdsException asFailure(Throwable e, Plan plan) {
        if (e instanceof DrdsException d) {
            return d;
        }
        if (e instanceof Cancelled) {
            return DrdsError.TASK_CANCELLED.with("the copy was cancelled");
        }
        if (e instanceof Dump.Refusal r) {
            return DrdsError.ENGINE_NOT_SUPPORTED.with(r.getMessage());
        }
        if (e instanceof BinlogReplay.SchemaChanged s) {
            return DrdsError.TABLE_META_RESTORE_TIME.with(s.getMessage());
        }
        if (e instanceof SQLException s) {
            return Failures.of(s, "copying " + plan.names() + " from " + plan.source() + " to " + plan.target());
        }
        return DrdsError.INTERNAL_SERVER_ERROR.with("copying " + plan.names() + " from " + plan.source() + " to "
                + plan.target() + " failed: " + e, e);
    }

    // ---- undoing what a task made

    /**
     * Removes what the task's ledger says it made, newest first (grants, then accounts, then databases), each entry
     * deleted once its object is gone; answers what that left, for the message.
     */
    String undo(TaskStore tasks, String id, int defaultServer) {
        List<String> remaining = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<Integer, Connection> sessions = new LinkedHashMap<>();
        try (Metadata m = estate.metadata()) {
            for (TaskStore.Entry e : tasks.ledger(id)) {
                if (!e.created()) {
                    tasks.remove(id, e.seq());
                    continue;
                }
                String what = e.kind() + " " + e.name();
                try {
                    Connection c = sessions.get(e.serverId());
                    if (c == null) {
                        Rds rds = m.rdsOfServer(e.serverId());
                        if (rds == null) {
                            throw new SQLException("server " + e.serverId() + " is no longer registered");
                        }
                        c = connect(rds);
                        sessions.put(e.serverId(), c);
                    }
                    estate.step("undo " + what);
                    remove(c, e);
                    tasks.remove(id, e.seq());
                    removed.add(what);
                } catch (SQLException failed) {
                    remaining.add(what + " (" + failed.getMessage() + ")");
                }
            }
        } catch (SQLException storeDown) {
            return "; what it made could not be listed (" + storeDown.getMessage() + "); the next copy removes it";
        } finally {
            for (Connection c : sessions.values()) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // a dead server's connection
                }
            }
        }
        if (!remaining.isEmpty()) {
            return "; not removed yet: " + String.join(", ", remaining) + "; the next copy to that server, or"
                    + " CancelCopyDatabaseTask, removes it";
        }
        return removed.isEmpty() ? "; nothing had been made on the target" : "; removed what it made: "
                + String.join(", ", removed);
    }

    private static void remove(Connection c, TaskStore.Entry e) throws SQLException {
        try (Statement s = c.createStatement()) {
            switch (e.kind()) {
                case "grant" -> {
                    try {
                        s.execute(e.detail());
                    } catch (SQLException gone) {
                        if (gone.getErrorCode() != 1141 && gone.getErrorCode() != 1147 && gone.getErrorCode() != 1403) {
                            throw gone; // "there is no such grant": it is gone already
                        }
                    }
                }
                case "account" -> s.execute("DROP USER IF EXISTS " + e.name());
                case "role" -> s.execute("DROP ROLE IF EXISTS " + e.name());
                case "database" -> s.execute("DROP DATABASE IF EXISTS " + SqlText.quote(e.name()));
                default -> throw new SQLException("unknown ledger entry " + e.kind());
            }
        }
    }

    /** Cleans up, on {@code serverId}, the leftovers of copies whose admin is gone. */
    private void recoverDead(int serverId) throws SQLException {
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            for (TaskStore.Row row : tasks.tasksWithLeftovers()) {
                if (!row.action().equals(ACTION) || running.containsKey(row.id())
                        || tasks.alive(row, estate.options().staleAfter())) {
                    continue; // a move's leftovers are the move's to undo (Moves): its old tables may need renaming back
                }
                if (tasks.ledger(row.id()).stream().noneMatch(e -> e.serverId() == serverId)) {
                    continue;
                }
                recover(tasks, row);
            }
        }
    }

    /** Takes over a dead or failed task's ledger and removes what it made; false when another admin holds it. */
    private boolean recover(TaskStore tasks, TaskStore.Row row) throws SQLException {
        if (!tasks.lock(row.id())) {
            return false;
        }
        try {
            String undo = undo(tasks, row.id(), 0);
            boolean died = row.state() == TaskState.RUNNING;
            String msg = (died ? "the admin running this copy stopped at: " + row.step()
                    : row.msg()) + undo.replace("; removed what it made", "; later removed what it made");
            tasks.note(row.id(), died ? TaskState.FAILED : row.state(), died ? "ServiceUnavailable" : row.errorCode(), msg);
            LOG.info("{} {}: cleaned up after it{}", row.id(), ACTION, undo);
            return true;
        } finally {
            tasks.unlock(row.id());
        }
    }

    // ---- describe and cancel

    CopyProgress describe(String id) throws DrdsException, SQLException {
        Run run = running.get(id);
        if (run != null) {
            return run.now();
        }
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            TaskStore.Row row = id == null ? null : tasks.task(id);
            if (row == null || !row.action().equals(ACTION)) {
                throw DrdsError.TASK_NOT_FOUND.with("no copy task '" + id + "'");
            }
            if (row.state() == TaskState.RUNNING && !tasks.alive(row, estate.options().staleAfter())) {
                return row.progress(TaskState.FAILED, DrdsError.SERVICE_UNAVAILABLE.code(), "the admin running this copy"
                        + " stopped at: " + row.step() + "; what it made is removed by the next copy to "
                        + row.target() + " or by CancelCopyDatabaseTask");
            }
            return row.progress(row.state(), row.errorCode(), row.msg());
        }
    }

    /**
     * Cancels a running task (here at once, in another admin at its next checkpoint), or removes what a dead or
     * failed one left behind. Answers the task as it ends.
     */
    CopyProgress cancel(String id) throws DrdsException, SQLException {
        Run run = running.get(id);
        if (run != null) {
            run.cancelled = true;
            // from the task's own thread (a listener) waiting would never end: it stops at its next checkpoint
            return Thread.currentThread() == run.thread ? run.now() : run.done.join();
        }
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            TaskStore.Row row = id == null ? null : tasks.task(id);
            if (row == null || !row.action().equals(ACTION)) {
                throw DrdsError.TASK_NOT_FOUND.with("no copy task '" + id + "'");
            }
            if (tasks.alive(row, estate.options().staleAfter())) {
                tasks.requestCancel(id);
            } else if (tasks.ledger(id).stream().anyMatch(TaskStore.Entry::created)) {
                recover(tasks, row);
            }
        }
        return describe(id);
    }
}
