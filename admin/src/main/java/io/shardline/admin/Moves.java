package io.shardline.admin;

import io.shardline.admin.MoveStore.Phase;
import io.shardline.admin.Rows.Rds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MoveShardDb: moves one shard database (what split_table_info or split_range_info rows place on a server) to another
 * registered server while applications keep reading and writing it through Shardline. In order:
 * <ol>
 *   <li>checks (before anything is written);</li>
 *   <li>a live copy under the same name from one consistent snapshot of the source, whose binary log position it
 *       remembers, then the privileges accounts hold on the database (accounts made with their password hashes);</li>
 *   <li>catch-up rounds from the source's binary log ({@link CatchUp}) until one round takes little time;</li>
 *   <li>the pause, on this shard only: {@code LOCK TABLES .. WRITE} on the source (writes to its tables wait), a last
 *       round, every table's checksum compared, the moving marker set in the metadata, the old tables renamed into the
 *       old copy's database (the waiting statements find their tables gone, never having run, and wait for the switch
 *       in their driver), the placements switched in one store transaction, {@code UNLOCK TABLES};</li>
 *   <li>the old copy is kept on the source under a new name until DropMovedShardDb.</li>
 * </ol>
 * Until the switch only the target changed: a failure or a cancel puts back whatever was renamed, removes the marker,
 * and drops what the move made on the target. The switch's transaction is the point of no return. A move whose admin
 * died is finished (switched) or rolled back (not switched) by the next MoveShardDb or by CancelMoveShardDbTask.
 * Thread-safe.
 */
final class Moves {
    private static final Logger LOG = LoggerFactory.getLogger(Moves.class);
    static final String ACTION = "MoveShardDb";
    private static final Set<String> SYSTEM = Set.of("mysql", "information_schema", "performance_schema", "sys");
    /** How long LOCK TABLES may wait for the shard's tables (running transactions) before the attempt is given up. */
    static final int LOCK_WAIT_SECONDS = 2;
    /** Longest pause before the switch: a pause whose last round and checks take longer is undone and tried again. */
    static final long PAUSE_LIMIT_MILLIS = 5_000;
    static final int PAUSE_ATTEMPTS = 5;
    /** A catch-up round this short means the last round, inside the pause, will be about as short. */
    static final long CLOSE_ENOUGH_MILLIS = 500;
    static final int MAX_ROUNDS = 100;
    /** Up to this many rows (the source's estimate) the pause compares CHECKSUM TABLE; beyond it, row counts. */
    static final long CHECKSUM_ROWS = 2_000_000;

    /** Everything a move needs, all checked. */
    record Plan(String id, Rds source, Rds target, ServerFacts sourceFacts, ServerFacts targetFacts, String db,
                String oldCopy, String charset, String collation) {
    }

    /** What a move measured, as it goes. */
    static final class Facts {
        Phase phase = Phase.COPYING;
        String oldCopyState = "";
        int tables;
        long rows;
        long copyMillis;
        int rounds;
        long transactions;
        long catchUpMillis;
        long pauseMillis = -1;
        int pauseAttempts;
    }

    /** A move running in this process. */
    static final class Run {
        final Plan plan;
        final Progress progress;
        final Facts facts = new Facts();
        final TaskListeners listeners = new TaskListeners();
        final CompletableFuture<ShardMove> done = new CompletableFuture<>();
        volatile boolean cancelled;
        volatile DrdsException failure;
        volatile long lastPersisted;
        volatile Thread thread;
        volatile long catchUpStart;
        /** System.nanoTime() when the last pause asked for its lock and when it ended (for tests). */
        volatile long pauseAskedNanos;
        volatile long pauseEndedNanos;

        Run(Plan plan, long start) {
            this.plan = plan;
            this.progress = new Progress(plan.id(), start);
        }

        ShardMove now() {
            return snapshot(progress.snapshot(TaskState.RUNNING, null, null));
        }

        ShardMove snapshot(CopyProgress p) {
            synchronized (facts) {
                return new ShardMove(p, plan.source().name(), plan.target().name(), plan.db(), facts.phase.word,
                        plan.oldCopy(), facts.oldCopyState, facts.tables, facts.rows, facts.copyMillis, facts.rounds,
                        facts.transactions, facts.catchUpMillis, facts.pauseMillis, facts.pauseAttempts);
            }
        }
    }

    private final Estate estate;
    private final Copies copies;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    Moves(Estate estate, Copies copies) {
        this.estate = estate;
        this.copies = copies;
    }

    // ---- starting a move

    /** Checks the request, records the task, starts it; answers the handle. Throws the codes of the checks. */
    MoveTask start(String id, String sourceName, String db, String targetName, CopyListener listener)
            throws DrdsException, SQLException {
        Plan plan = plan(id, sourceName, db, targetName);
        long now = System.currentTimeMillis();
        Run run = new Run(plan, now);
        if (listener != null) {
            run.listeners.add(listener);
        }
        try (Metadata m = estate.metadata()) {
            m.inTransaction(() -> {
                new TaskStore(m.connection(), estate.hasConfigServer()).insert(id, ACTION, sourceName, targetName,
                        "{\"DBName\":\"" + db + "\"}", now);
                new MoveStore(m.connection()).insert(id, plan.source().serverId(), plan.target().serverId(), db,
                        plan.oldCopy());
                return null;
            });
        }
        running.put(id, run);
        Thread t = new Thread(() -> execute(run), "shardline-move-" + id.substring(0, 8));
        t.setDaemon(true);
        run.thread = t;
        t.start();
        return new MoveTask(id, this, run);
    }

    private Plan plan(String id, String sourceName, String db, String targetName) throws DrdsException, SQLException {
        if (db == null || !Names.isTableName(db) || SYSTEM.contains(db.toLowerCase(Locale.ROOT))) {
            throw DrdsError.COPY_DB_NAME_FORMAT.with("DBName '" + db + "' is not a shard database name: letters, digits,"
                    + " _ and $, at most 64, not a system database");
        }
        recoverDead();
        Rds source;
        Rds target;
        try (Metadata m = estate.metadata()) {
            source = rds(m, sourceName, "DBInstanceId");
            target = rds(m, targetName, "TargetDBInstanceId");
            if (source.serverId() == target.serverId()) {
                throw DrdsError.TARGET_INSTANCE_FORMAT.with("TargetDBInstanceId must differ from DBInstanceId ("
                        + source.name() + ")");
            }
            if (!target.isMaster()) {
                throw DrdsError.READ_INSTANCE_NOT_SUPPORTED.with(target + " is a read-only replica; move to a master");
            }
            MoveStore moves = new MoveStore(m.connection());
            if (!moves.placedOn(source.serverId(), db)) {
                throw DrdsError.SHARD_DB_NOT_PLACED.with("no placement (split_table_info, split_range_info, single"
                        + " table) names database " + db + " on " + source + ": only a shard database can move");
            }
            for (MoveStore.Row r : moves.unfinishedOf(source.serverId(), db)) {
                throw DrdsError.SHARD_MOVE_RUNNING.with(db + " on " + source + " is being moved by task " + r.taskId()
                        + " (" + r.phase().word + "); wait for it or cancel it (CancelMoveShardDbTask)");
            }
        }
        try (Connection src = connect(source); Connection tgt = connect(target)) {
            ServerFacts sf = ServerFacts.of(src);
            ServerFacts tf = ServerFacts.of(tgt);
            if (sf.mariaDb() != tf.mariaDb()) {
                throw DrdsError.INSTANCE_VERSION.with(source + " runs " + sf.engine() + " " + sf.version() + ", "
                        + target + " " + tf.engine() + " " + tf.version() + ": a move needs the same engine");
            }
            if (sf.compareVersion(tf) > 0) {
                throw DrdsError.INSTANCE_VERSION.with(source + " runs " + sf.version() + ", newer than " + target
                        + "'s " + tf.version());
            }
            if (tf.readOnly()) {
                throw DrdsError.READ_INSTANCE_NOT_SUPPORTED.with(target + " is read-only (@@read_only = 1)");
            }
            if (!sf.logBin() || !"ROW".equalsIgnoreCase(sf.binlogFormat())) {
                throw DrdsError.ENGINE_NOT_SUPPORTED.with(source + " has log_bin " + (sf.logBin() ? "on" : "off")
                        + " and binlog_format=" + sf.binlogFormat() + ": a move catches the copy up from the binary log"
                        + " and needs log_bin on with binlog_format=ROW");
            }
            if (!Dump.exists(src, db)) {
                throw DrdsError.COPY_DB_NOT_FOUND.with(source + " has no database '" + db + "' although the placements"
                        + " name it there");
            }
            Dump.Schema schema;
            try {
                schema = Dump.schema(src, db);
            } catch (Dump.Refusal refusal) {
                throw DrdsError.ENGINE_NOT_SUPPORTED.with("cannot move " + db + " exactly: " + refusal.getMessage());
            }
            for (Dump.Definition d : schema.definitions()) {
                if (d.kind() == Dump.Kind.TRIGGER || d.kind() == Dump.Kind.EVENT) {
                    throw DrdsError.ENGINE_NOT_SUPPORTED.with(db + " has " + d.kind().name().toLowerCase(Locale.ROOT)
                            + " " + d.name() + ": a move renames the old tables into another database, which MariaDB"
                            + " refuses for tables with triggers, and an event would keep writing the old copy; drop"
                            + " it, move, then create it on the target");
                }
            }
            if (schema.tables().isEmpty()) {
                throw DrdsError.COPY_DB_NOT_FOUND.with(db + " on " + source + " holds no table: nothing to move");
            }
            if (Dump.exists(tgt, db)) {
                throw DrdsError.COPY_DB_DUPLICATE.with(target + " already has a database named '" + db + "'");
            }
            Long free = ServerFacts.freeBytes(tgt);
            if (free == null) {
                throw DrdsError.TARGET_ENGINE_NOT_SUPPORTED.with(target + " cannot tell its free disk space:"
                        + " information_schema.DISKS is missing; run INSTALL SONAME 'disks' there (MariaDB)");
            }
            long bytes = ServerFacts.databaseBytes(src, List.of(db));
            long needed = bytes + estate.options().freeSpaceReserve();
            if (free < needed) {
                throw DrdsError.STORAGE_SIZE.with(target + " has " + free + " bytes free on its data disk; the move"
                        + " needs " + bytes + " plus the reserve of " + estate.options().freeSpaceReserve());
            }
            BinlogReplay.checkTools();
            String oldCopy = oldCopyName(src, db, id);
            return new Plan(id, source, target, sf, tf, db, oldCopy, schema.charset(), schema.collation());
        } catch (SQLException e) {
            throw Failures.of(e, "checking " + source + " and " + target + " before moving " + db
                    + " (nothing was changed)");
        }
    }

    /** {@code <db>_moved_<8 hex of the task>}, at most 64 characters, a name the source does not have yet. */
    static String oldCopyName(Connection source, String db, String id) throws SQLException {
        String base = db.length() > 48 ? db.substring(0, 48) : db;
        String hex = id.replace("-", "").toLowerCase(Locale.ROOT);
        for (int i = 0; i + 8 <= hex.length(); i += 8) {
            String name = base + "_moved_" + hex.substring(i, i + 8);
            if (!Dump.exists(source, name)) {
                return name;
            }
        }
        throw new SQLException("no free name for the old copy of " + db);
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

    // ---- the task

    private void execute(Run run) {
        Plan plan = run.plan;
        String id = plan.id();
        TaskState outcome = TaskState.SUCCESS;
        String code = null;
        String message = null;
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            MoveStore moves = new MoveStore(m.connection());
            if (!tasks.lock(id)) {
                throw new SQLException("task " + id + " is already locked by another session");
            }
            try {
                try {
                    body(run, tasks, moves);
                } catch (Throwable e) {
                    DrdsException failure = asFailure(e, plan);
                    MoveStore.Row row = rowQuietly(moves, id);
                    if (row != null && row.phase().tookEffect()) {
                        // after the switch the move has taken effect: what failed afterwards is only reported
                        LOG.warn("{} {}: after the switch: {}", id, ACTION, failure.getMessage());
                    } else {
                        outcome = e instanceof Copies.Cancelled ? TaskState.CANCELLED : TaskState.FAILED;
                        code = failure.code();
                        message = failure.detail() + rollBack(id, tasks, moves);
                        run.failure = new DrdsException(code, failure.httpStatus(), message, e).withRequestId(id);
                    }
                }
                if (outcome == TaskState.SUCCESS) {
                    moves.phase(id, Phase.DONE);
                    synchronized (run.facts) {
                        run.facts.phase = Phase.DONE;
                    }
                    tasks.succeed(id);
                } else {
                    tasks.finish(id, outcome, code, message);
                }
            } finally {
                tasks.unlock(id);
            }
        } catch (SQLException | RuntimeException storeFailure) {
            outcome = TaskState.FAILED;
            code = DrdsError.SERVICE_UNAVAILABLE.code();
            message = "the metadata store failed during the move: " + storeFailure.getMessage()
                    + "; CancelMoveShardDbTask (or the next MoveShardDb) finishes or rolls it back";
            if (run.failure == null) {
                run.failure = DrdsError.SERVICE_UNAVAILABLE.with(message, storeFailure).withRequestId(id);
            }
        } finally {
            running.remove(id);
            ShardMove last = run.snapshot(run.progress.snapshot(outcome, code, message));
            run.listeners.notify(last.progress(), true);
            run.done.complete(last);
            if (outcome == TaskState.SUCCESS) {
                LOG.info("{} {} {} {} -> {}: done, {}", id, ACTION, plan.db(), plan.source().name(),
                        plan.target().name(), last.line());
            } else {
                LOG.warn("{} {} {} {} -> {}: {} {}", id, ACTION, plan.db(), plan.source().name(), plan.target().name(),
                        code, message);
            }
        }
    }

    private static MoveStore.Row rowQuietly(MoveStore moves, String id) {
        try {
            return moves.row(id);
        } catch (SQLException e) {
            return null;
        }
    }

    private void body(Run run, TaskStore tasks, MoveStore moves) throws Exception {
        Plan plan = run.plan;
        String id = plan.id();
        String db = plan.db();
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
        Path work = Files.createTempDirectory("shardline-move-");
        try (Connection source = connect(plan.source()); Connection target = connect(plan.target())) {
            // the old copy's database first, outside the binary log window the catch-up reads
            estate.step(ACTION + " " + id + ": create " + plan.oldCopy() + " on " + plan.source());
            execute(source, "CREATE DATABASE " + SqlText.quote(plan.oldCopy()) + " CHARACTER SET " + plan.charset()
                    + " COLLATE " + plan.collation());
            step(run, tasks, "copying data");
            long copyStart = System.nanoTime();
            ServerFacts.Position from;
            List<String> tables = new ArrayList<>();
            long rowsEstimate;
            try (Loader loader = new Loader(target, Map.of(db, db), ledger, run.progress, checkpoint);
                 Connection snapshot = connect(plan.source())) {
                estate.step(ACTION + " " + id + ": snapshot of " + plan.source());
                ServerFacts.Snapshot s = ServerFacts.beginSnapshot(snapshot, plan.sourceFacts());
                if (s.position() == null) {
                    throw DrdsError.ENGINE_NOT_SUPPORTED.with(plan.source() + " reports no binary log position for the"
                            + " snapshot: a move needs log_bin on");
                }
                Dump.Schema schema = Dump.schema(snapshot, db);
                for (Dump.TableSchema t : schema.tables()) {
                    tables.add(t.name());
                }
                rowsEstimate = schema.rowsEstimate();
                run.progress.addTotals(schema.tables().size(), schema.rowsEstimate(), schema.bytesEstimate());
                estate.step(ACTION + " " + id + ": copy database " + db + " to " + plan.target());
                Dump.emit(snapshot, schema, chunkBytes(plan.targetFacts()), loader);
                loader.finishData();
                ServerFacts.endSnapshot(snapshot);
                from = s.position();
                loader.createDefinitions();
            }
            CopyProgress copied = run.progress.snapshot(TaskState.RUNNING, null, null);
            synchronized (run.facts) {
                run.facts.tables = tables.size();
                run.facts.rows = copied.rowsDone();
                run.facts.copyMillis = Math.max(1, (System.nanoTime() - copyStart) / 1_000_000);
                moves.copied(id, tables.size(), run.facts.rows, run.facts.copyMillis);
            }

            step(run, tasks, "copying privileges");
            estate.step(ACTION + " " + id + ": privileges on " + plan.target());
            List<String> owners = moves.accountsOwning(plan.source().serverId(), db);
            List<String> before = existingUsers(target, owners);
            Privileges.copy(source, target, Map.of(db, db), ledger, checkpoint);
            List<String> accountsMade = new ArrayList<>(existingUsers(target, owners));
            accountsMade.removeAll(before);

            moves.phase(id, Phase.CATCHING_UP);
            synchronized (run.facts) {
                run.facts.phase = Phase.CATCHING_UP;
            }
            step(run, tasks, "catching up");
            CatchUp catchUp = new CatchUp(estate, plan.source(), plan.target(), db, from, work,
                    plan.targetFacts().maxAllowedPacket());
            run.catchUpStart = System.nanoTime();
            CatchUp.Round last;
            do {
                checkpoint.check();
                estate.step(ACTION + " " + id + ": catch-up round " + (run.facts.rounds + 1));
                last = catchUp.round(source, checkpoint);
                counted(run, moves, last);
                if (run.facts.rounds >= MAX_ROUNDS && last.millis() > CLOSE_ENOUGH_MILLIS) {
                    throw DrdsError.SHARD_MOVE_NO_CATCH_UP.with("after " + run.facts.rounds + " catch-up rounds the"
                            + " last still took " + last.millis() + " ms (" + last.transactions() + " transactions):"
                            + " " + plan.target() + " applies " + db + "'s changes slower than " + plan.source()
                            + " makes them; move at a quieter time");
                }
            } while (last.millis() > CLOSE_ENOUGH_MILLIS);

            step(run, tasks, "pausing writes and switching");
            boolean switched = false;
            for (int attempt = 1; attempt <= PAUSE_ATTEMPTS && !switched; attempt++) {
                checkpoint.check();
                switched = pause(run, moves, source, target, catchUp, tables, rowsEstimate <= CHECKSUM_ROWS,
                        accountsMade, attempt);
                if (!switched && attempt < PAUSE_ATTEMPTS) {
                    counted(run, moves, catchUp.round(source, checkpoint));
                }
            }
            if (!switched) {
                throw DrdsError.SHARD_MOVE_PAUSE_FAILED.with("writes on " + db + " could not be paused briefly in "
                        + PAUSE_ATTEMPTS + " attempts: LOCK TABLES waited more than " + LOCK_WAIT_SECONDS + " s for"
                        + " transactions holding its tables, or the last round took longer than " + PAUSE_LIMIT_MILLIS
                        + " ms; writes were never held longer than that, and nothing switched");
            }
            synchronized (run.facts) {
                run.facts.phase = Phase.SWITCHED;
                run.facts.oldCopyState = "Kept";
            }
            moves.oldCopy(id, "Kept");
            step(run, tasks, "done");
            try {
                estate.step(ACTION + " " + id + ": drop the emptied " + db + " on " + plan.source());
                dropHusk(source, db, false);
            } catch (SQLException e) {
                LOG.warn("{} {}: the empty database {} stays on {}: {}", id, ACTION, db, plan.source(), e.getMessage());
            }
        } finally {
            Backups.deleteTree(work);
        }
    }

    private static void counted(Run run, MoveStore moves, CatchUp.Round round) throws SQLException {
        synchronized (run.facts) {
            run.facts.rounds++;
            run.facts.transactions += round.transactions();
            run.facts.catchUpMillis = (System.nanoTime() - run.catchUpStart) / 1_000_000;
            moves.caughtUp(run.plan.id(), run.facts.rounds, run.facts.transactions, run.facts.catchUpMillis);
        }
    }

    /**
     * One attempt at the pause and the switch. Answers false when the attempt was given up before anything changed
     * (LOCK TABLES waited too long, or the last round and checks outlasted the pause limit): writes resume on the
     * source and another round runs first.
     */
    private boolean pause(Run run, MoveStore moves, Connection source, Connection target, CatchUp catchUp,
                          List<String> tables, boolean checksum, List<String> accountsMade, int attempt)
            throws Exception {
        Plan plan = run.plan;
        String id = plan.id();
        String db = plan.db();
        try (Connection lock = connect(plan.source())) {
            execute(lock, "SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            List<String> now = baseTables(lock, db);
            if (!now.equals(tables)) {
                throw DrdsError.SHARD_MOVE_CHANGED.with(db + " had tables " + tables + " when copied and has " + now
                        + " now: a table was created, dropped or renamed during the move");
            }
            StringBuilder sql = new StringBuilder("LOCK TABLES ");
            for (int i = 0; i < tables.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(SqlText.quote(db)).append('.').append(SqlText.quote(tables.get(i)))
                        .append(" WRITE");
            }
            estate.step(ACTION + " " + id + ": pause writes on " + db);
            long asked = System.nanoTime();
            run.pauseAskedNanos = asked;
            try {
                execute(lock, sql.toString());
            } catch (SQLException e) {
                if (e.getErrorCode() == 1205 || e.getErrorCode() == 1213) {
                    LOG.info("{} {}: pause attempt {} on {}: LOCK TABLES waited {} s for transactions holding its"
                            + " tables; writes resume, another round first", id, ACTION, attempt, db, LOCK_WAIT_SECONDS);
                    recordPause(run, moves, -1, attempt);
                    return false;
                }
                throw e;
            }
            boolean marked = false;
            boolean renaming = false;
            long locked = System.nanoTime();
            long[] at = new long[4];
            try {
                counted(run, moves, catchUp.round(source, () -> { }));
                at[0] = System.nanoTime();
                verify(lock, target, db, tables, checksum);
                at[1] = System.nanoTime();
                long elapsed = (System.nanoTime() - asked) / 1_000_000;
                if (elapsed > PAUSE_LIMIT_MILLIS) {
                    LOG.info("{} {}: pause attempt {} on {}: the last round and checks took {} ms; writes resume",
                            id, ACTION, attempt, db, elapsed);
                    return false;
                }
                moves.phase(id, Phase.PAUSING);
                estate.step(ACTION + " " + id + ": mark " + db + " moving");
                moves.marker(plan.source().serverId(), db, plan.target().serverId(), id, true);
                marked = true;
                at[2] = System.nanoTime();
                renaming = true;
                for (String t : tables) {
                    estate.step(ACTION + " " + id + ": rename " + db + "." + t + " into " + plan.oldCopy());
                    execute(lock, "ALTER TABLE " + SqlText.quote(db) + "." + SqlText.quote(t) + " RENAME "
                            + SqlText.quote(plan.oldCopy()) + "." + SqlText.quote(t));
                }
                estate.step(ACTION + " " + id + ": switch the placements of " + db);
                at[3] = System.nanoTime();
                int placements = moves.switchPlacements(id, plan.source().serverId(), db, plan.target().serverId(),
                        accountsMade);
                long end = System.nanoTime();
                LOG.info("{} {}: {} placements of {} now name {}; the pause: LOCK TABLES {} ms, last round {} ms,"
                        + " checks {} ms, marker {} ms, renames {} ms, switch {} ms", id, ACTION, placements, db,
                        plan.target(), ms(locked - asked), ms(at[0] - locked), ms(at[1] - at[0]), ms(at[2] - at[1]),
                        ms(at[3] - at[2]), ms(end - at[3]));
                return true;
            } catch (Throwable e) {
                if (renaming && switchedAfterAll(id)) {
                    LOG.warn("{} {}: the switch of {} committed although its answer was lost ({})", id, ACTION, db,
                            e.toString());
                    return true;
                }
                // not switched: the task rolls back (after UNLOCK, which renamed tables no longer hold): the tables
                // back under their name, then the marker removed, so the statements that found them gone run again
                LOG.warn("{} {}: pause attempt {} on {} failed{}: {}", id, ACTION, attempt, db,
                        marked ? " after marking it moving" : "", e.toString());
                throw e;
            } finally {
                try {
                    execute(lock, "UNLOCK TABLES");
                } catch (SQLException e) {
                    LOG.debug("UNLOCK TABLES failed on a lost session (its locks went with it): {}", e.getMessage());
                }
                run.pauseEndedNanos = System.nanoTime();
                recordPause(run, moves, (run.pauseEndedNanos - asked) / 1_000_000, attempt);
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void recordPause(Run run, MoveStore moves, long millis, int attempt) {
        synchronized (run.facts) {
            run.facts.pauseMillis = millis;
            run.facts.pauseAttempts = attempt;
        }
        try {
            moves.paused(run.plan.id(), millis, attempt);
        } catch (SQLException e) {
            LOG.debug("could not record the pause: {}", e.getMessage());
        }
    }

    /** Whether the switch's transaction committed, read on a new store connection (false when it cannot be read). */
    private boolean switchedAfterAll(String id) {
        try (Metadata m = estate.metadata()) {
            MoveStore.Row row = new MoveStore(m.connection()).row(id);
            return row != null && row.phase().tookEffect();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Under the pause: every table of the target equals the source's, by CHECKSUM TABLE (or, for shards above
     * {@link #CHECKSUM_ROWS} rows, by row count, so the pause stays short). A difference stops the move.
     */
    private static void verify(Connection lock, Connection target, String db, List<String> tables, boolean checksum)
            throws SQLException, DrdsException {
        for (String t : tables) {
            String q = SqlText.quote(db) + "." + SqlText.quote(t);
            String sql = checksum ? "CHECKSUM TABLE " + q : "SELECT COUNT(*) FROM " + q;
            int column = checksum ? 2 : 1;
            CompletableFuture<String> there = CompletableFuture.supplyAsync(() -> {
                try {
                    return first(target, sql, column); // both servers at once: the pause waits for the slower
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            String was = first(lock, sql, column);
            String is;
            try {
                is = there.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
            }
            if (!Objects.equals(was, is)) {
                throw DrdsError.SHARD_MOVE_MISMATCH.with("after catching up, " + db + "." + t + " has "
                        + (checksum ? "checksum " : "") + was + " on the source and " + is + " on the target (" + sql
                        + "); nothing switched");
            }
        }
    }

    private static String first(Connection c, String sql, int column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(column) : null;
        }
    }

    static List<String> baseTables(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Drops {@code db} on the source when it holds no table (the move renamed them all away); with
     * {@code definitions} false only when it holds nothing at all, with true also when views or routines remain (their
     * copies are on the target).
     */
    private static boolean dropHusk(Connection source, String db, boolean definitions) throws SQLException {
        if (!Dump.exists(source, db) || !baseTables(source, db).isEmpty()) {
            return false;
        }
        if (!definitions) {
            for (String sql : List.of("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
                    "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
                    "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?")) {
                try (PreparedStatement ps = source.prepareStatement(sql)) {
                    ps.setString(1, db);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return false;
                        }
                    }
                }
            }
        }
        execute(source, "DROP DATABASE " + SqlText.quote(db));
        return true;
    }

    private static List<String> existingUsers(Connection c, List<String> users) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String u : users) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mysql.user WHERE User = ?")) {
                ps.setString(1, u);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        out.add(u);
                    }
                }
            }
        }
        return out;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** INSERTs of up to 1 MiB, less when the target's max_allowed_packet is smaller. */
    private static int chunkBytes(ServerFacts target) {
        return (int) Math.max(16 << 10, Math.min(1 << 20, target.maxAllowedPacket() / 2));
    }

    private void step(Run run, TaskStore tasks, String name) throws SQLException {
        run.progress.step(name);
        CopyProgress p = run.progress.snapshot(TaskState.RUNNING, null, null);
        tasks.progress(p);
        run.listeners.notify(p, true);
    }

    /** Between chunks and rounds: stop when cancelled (here or, polled once a second, by another admin). */
    private void checkpoint(Run run, TaskStore tasks) throws Exception {
        if (run.cancelled) {
            throw new Copies.Cancelled();
        }
        long now = System.currentTimeMillis();
        if (now - run.lastPersisted >= 1000) {
            run.lastPersisted = now;
            tasks.progress(run.progress.snapshot(TaskState.RUNNING, null, null));
            if (tasks.cancelRequested(run.plan.id())) {
                run.cancelled = true;
                throw new Copies.Cancelled();
            }
        }
        if (run.listeners.due(now)) {
            run.listeners.notify(run.progress.snapshot(TaskState.RUNNING, null, null), false);
        }
    }

    private static DrdsException asFailure(Throwable e, Plan plan) {
        if (e instanceof DrdsException d) {
            return d;
        }
        if (e instanceof Copies.Cancelled) {
            return DrdsError.TASK_CANCELLED.with("the move was cancelled");
        }
        if (e instanceof Dump.Refusal r) {
            return DrdsError.ENGINE_NOT_SUPPORTED.with(r.getMessage());
        }
        if (e instanceof BinlogReplay.SchemaChanged s) {
            return DrdsError.SHARD_MOVE_CHANGED.with(s.getMessage().replace("between the backup and the restore time",
                    "during the move").replace("a point-in-time restore cannot replay that; restore a backup taken after"
                    + " it, or pick a time before it", "a move cannot follow that; move again"));
        }
        if (e instanceof SQLException s) {
            return Failures.of(s, "moving " + plan.db() + " from " + plan.source() + " to " + plan.target());
        }
        return DrdsError.INTERNAL_SERVER_ERROR.with("moving " + plan.db() + " from " + plan.source() + " to "
                + plan.target() + " failed: " + e, e);
    }

    // ---- rolling back, recovering

    /**
     * Undoes a move that did not switch: the old tables back under their name on the source (they are renamed only
     * after the last round, so nothing wrote them meanwhile), then the marker removed (statements that found them gone
     * run again there), the old copy's empty database dropped, and what the move made on the target removed. A move
     * that switched is left as it is. Answers what happened, for the message.
     */
    String rollBack(String id, TaskStore tasks, MoveStore moves) {
        MoveStore.Row row;
        try {
            row = moves.row(id);
        } catch (SQLException e) {
            return "; the store could not be read to roll the move back (" + e.getMessage() + "); CancelMoveShardDbTask"
                    + " finishes it";
        }
        if (row == null || row.phase().tookEffect() || row.phase() == Phase.ROLLED_BACK) {
            return "";
        }
        List<String> left = new ArrayList<>();
        List<String> done = new ArrayList<>();
        Rds source = null;
        try (Metadata m = estate.metadata()) {
            source = m.rdsOfServer(row.sourceServer());
        } catch (SQLException e) {
            left.add("the source's registration (" + e.getMessage() + ")");
        }
        boolean sourceClean = false;
        if (source != null) {
            try (Connection src = connect(source)) {
                int back = 0;
                if (Dump.exists(src, row.oldCopy())) {
                    for (String t : baseTables(src, row.oldCopy())) {
                        if (!baseTables(src, row.dbName()).contains(t)) {
                            estate.step("undo: rename " + row.oldCopy() + "." + t + " back to " + row.dbName());
                            execute(src, "ALTER TABLE " + SqlText.quote(row.oldCopy()) + "." + SqlText.quote(t) + " RENAME "
                                    + SqlText.quote(row.dbName()) + "." + SqlText.quote(t));
                            back++;
                        }
                    }
                }
                if (back > 0) {
                    done.add(back + " table(s) renamed back into " + row.dbName() + " on " + source);
                }
                moves.marker(row.sourceServer(), row.dbName(), row.targetServer(), id, false);
                if (Dump.exists(src, row.oldCopy())) {
                    if (baseTables(src, row.oldCopy()).isEmpty()) {
                        execute(src, "DROP DATABASE " + SqlText.quote(row.oldCopy()));
                    } else {
                        throw new SQLException(row.oldCopy() + " still holds tables that " + row.dbName() + " has too");
                    }
                }
                sourceClean = true;
            } catch (SQLException e) {
                left.add("on " + source + ": " + e.getMessage());
            }
        }
        String target = copies.undo(tasks, id, row.targetServer());
        boolean targetClean = !target.contains("not removed yet") && !target.contains("could not be listed");
        if (sourceClean && targetClean) {
            try {
                moves.phase(id, Phase.ROLLED_BACK);
            } catch (SQLException e) {
                left.add("the store (" + e.getMessage() + ")");
            }
        }
        StringBuilder b = new StringBuilder("; the move was rolled back");
        if (!done.isEmpty()) {
            b.append(": ").append(String.join(", ", done));
        }
        b.append(target.replace("; ", ", on the target: "));
        if (!left.isEmpty()) {
            b.append("; not undone yet: ").append(String.join("; ", left)).append(" (CancelMoveShardDbTask ")
                    .append(id).append(" finishes it when the servers answer)");
        }
        return b.toString();
    }

    /** Finishes or rolls back the moves whose admin is gone (or whose rollback could not reach a server). */
    void recoverDead() throws SQLException {
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            MoveStore moves = new MoveStore(m.connection());
            for (MoveStore.Row r : moves.unfinished()) {
                TaskStore.Row task = tasks.task(r.taskId());
                if (running.containsKey(r.taskId()) || task == null
                        || tasks.alive(task, estate.options().staleAfter())) {
                    continue;
                }
                recover(tasks, moves, task, r);
            }
        }
    }

    private boolean recover(TaskStore tasks, MoveStore moves, TaskStore.Row task, MoveStore.Row r) throws SQLException {
        if (!tasks.lock(task.id())) {
            return false;
        }
        try {
            boolean died = task.state() == TaskState.RUNNING;
            if (r.phase().tookEffect()) {
                moves.marker(r.sourceServer(), r.dbName(), r.targetServer(), r.taskId(), false);
                moves.phase(r.taskId(), Phase.DONE);
                moves.oldCopy(r.taskId(), "Kept");
                tasks.note(task.id(), TaskState.SUCCESS, null, died ? "the admin running this move stopped after the"
                        + " switch at: " + task.step() + "; the move took effect" : task.msg());
                LOG.info("{} {}: the move had switched; recorded as done", task.id(), ACTION);
                return true;
            }
            String undo = rollBack(task.id(), tasks, moves);
            String msg = (died ? "the admin running this move stopped at: " + task.step() : task.msg()) + undo;
            tasks.note(task.id(), died ? TaskState.FAILED : task.state(), died ? "ServiceUnavailable" : task.errorCode(),
                    msg);
            LOG.info("{} {}: cleaned up after it{}", task.id(), ACTION, undo);
            return true;
        } finally {
            tasks.unlock(task.id());
        }
    }

    // ---- describe, cancel, drop

    ShardMove describe(String id) throws DrdsException, SQLException {
        Run run = running.get(id);
        if (run != null) {
            return run.now();
        }
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            TaskStore.Row task = id == null ? null : tasks.task(id);
            MoveStore.Row move = task == null ? null : new MoveStore(m.connection()).row(id);
            if (task == null || move == null || !task.action().equals(ACTION)) {
                throw DrdsError.TASK_NOT_FOUND.with("no move task '" + id + "'");
            }
            CopyProgress p;
            if (task.state() == TaskState.RUNNING && !tasks.alive(task, estate.options().staleAfter())) {
                p = task.progress(TaskState.FAILED, DrdsError.SERVICE_UNAVAILABLE.code(), "the admin running this move"
                        + " stopped at: " + task.step() + "; CancelMoveShardDbTask (or the next MoveShardDb) "
                        + (move.phase().tookEffect() ? "records it as done: it switched" : "rolls it back"));
            } else {
                p = task.progress(task.state(), task.errorCode(), task.msg());
            }
            return new ShardMove(p, task.source(), task.target(), move.dbName(), move.phase().word, move.oldCopy(),
                    move.oldCopyState(), move.tables(), move.rowsCopied(), move.copyMillis(), move.rounds(),
                    move.transactions(), move.catchUpMillis(), move.pauseMillis(), move.pauseAttempts());
        }
    }

    /**
     * Cancels a running move (here: it stops at its next checkpoint before the pause, and a pause under way ends in
     * the switch or its rollback; in another admin: at its next checkpoint), or finishes or rolls back one whose admin
     * died. Answers the move as it ends.
     */
    ShardMove cancel(String id) throws DrdsException, SQLException {
        Run run = running.get(id);
        if (run != null) {
            run.cancelled = true;
            return Thread.currentThread() == run.thread ? run.now() : run.done.join();
        }
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            MoveStore moves = new MoveStore(m.connection());
            TaskStore.Row task = id == null ? null : tasks.task(id);
            MoveStore.Row move = task == null ? null : moves.row(id);
            if (task == null || move == null || !task.action().equals(ACTION)) {
                throw DrdsError.TASK_NOT_FOUND.with("no move task '" + id + "'");
            }
            if (tasks.alive(task, estate.options().staleAfter())) {
                tasks.requestCancel(id);
            } else if (move.phase() != Phase.DONE && move.phase() != Phase.ROLLED_BACK) {
                recover(tasks, moves, task, move);
            }
        }
        return describe(id);
    }

    /**
     * DropMovedShardDb: drops the old copy a move kept on its source, and the source's database of the old name when
     * no table is left in it and no placement names it there. Dropping twice does nothing more.
     */
    ShardMove drop(String id) throws DrdsException, SQLException {
        try (Metadata m = estate.metadata()) {
            TaskStore tasks = new TaskStore(m.connection(), estate.hasConfigServer());
            MoveStore moves = new MoveStore(m.connection());
            TaskStore.Row task = id == null ? null : tasks.task(id);
            MoveStore.Row move = task == null ? null : moves.row(id);
            if (task == null || move == null || !task.action().equals(ACTION)) {
                throw DrdsError.TASK_NOT_FOUND.with("no move task '" + id + "'");
            }
            if (move.phase() != Phase.DONE) {
                throw DrdsError.SHARD_MOVE_NOT_DONE.with("move " + id + " is " + move.phase().word + " ("
                        + task.state().specName() + "): only a move that switched keeps an old copy");
            }
            if (!move.oldCopyState().equals("Dropped")) {
                Rds source = m.rdsOfServer(move.sourceServer());
                if (source == null) {
                    throw DrdsError.RDS_INSTANCE_NOT_FOUND.with("the move's source, server " + move.sourceServer()
                            + ", is no longer registered; drop " + move.oldCopy() + " there yourself");
                }
                if (moves.placedOn(move.sourceServer(), move.oldCopy())) {
                    throw DrdsError.SHARD_MOVE_NOT_DONE.with("placements name " + move.oldCopy() + " on " + source
                            + ": it is in use and is not dropped");
                }
                try (Connection src = connect(source)) {
                    estate.step(Action.DROP_MOVED_SHARD_DB.specName() + " " + id + ": drop " + move.oldCopy());
                    execute(src, "DROP DATABASE IF EXISTS " + SqlText.quote(move.oldCopy()));
                    if (!moves.placedOn(move.sourceServer(), move.dbName())) {
                        dropHusk(src, move.dbName(), true);
                    }
                } catch (SQLException e) {
                    throw Failures.of(e, "dropping the old copy " + move.oldCopy() + " on " + source);
                }
                moves.oldCopy(id, "Dropped");
            }
        }
        return describe(id);
    }
}
