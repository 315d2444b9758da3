package io.shardline.admin;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import io.shardline.admin.Rows.Rds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The binary-log half of a point-in-time restore. The source's binary logs from the backup's position on are fetched
 * over the replication protocol by the server's own {@code mariadb-binlog --read-from-remote-server --raw}; the
 * library reader ({@code mysql-binlog-connector-java}) then walks them transaction by transaction to decide exactly
 * where to stop (before the first transaction committed at or after the restore time) and to refuse a window holding
 * anything but row changes for the copied databases (DDL, statement-logged DML). The chosen range is applied by
 * {@code mariadb-binlog --database=<old> --rewrite-db=<old>-><new> | mariadb} on the fetched files (the filter
 * applies to the original name and works on local files, as the tool's help says): the target applies the source's own
 * row events ({@code BINLOG} statements), so every value is exact and no trigger fires twice. Stateless.
 */
final class BinlogReplay {
    /** The stretch of binary log to replay: whole files fetched into {@code dir}, from {@code start} in the first to
     *  {@code stop} in the last. */
    record Range(Path dir, List<String> files, long start, long stop, int transactions) {
    }

    /** The window between backup and restore time changes a copied database's schema (or logs DML as statements). */
    static final class SchemaChanged extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaChanged(String message) {
            super(message);
        }
    }

    static final List<String> BINLOG_TOOLS = List.of("mariadb-binlog", "mysqlbinlog");
    static final List<String> CLIENTS = List.of("mariadb", "mysql");

    private BinlogReplay() {
    }

    /** The source must log every change, row by row. */
    static void checkSettings(Rds source, ServerFacts facts) throws DrdsException {
        if (!facts.logBin()) {
            throw DrdsError.ENGINE_NOT_SUPPORTED.with(source + " has its binary log off (log_bin): a restore to a point"
                    + " in time needs log_bin on, binlog_format=ROW, and binary logs kept as long as backups");
        }
        if (!"ROW".equalsIgnoreCase(facts.binlogFormat())) {
            throw DrdsError.ENGINE_NOT_SUPPORTED.with(source + " logs with binlog_format=" + facts.binlogFormat()
                    + ": a restore to a point in time needs binlog_format=ROW, so that every change names its rows");
        }
    }

    /** The server's tools must be on this host. */
    static void checkTools() throws DrdsException {
        if (tool(BINLOG_TOOLS) == null || tool(CLIENTS) == null) {
            throw DrdsError.INTERNAL_SERVER_ERROR.with("a restore to a point in time runs mariadb-binlog and mariadb"
                    + " on the admin's host; install the MariaDB client tools (Debian: mariadb-client)");
        }
    }

    static String tool(List<String> names) {
        for (String name : names) {
            for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/local/mysql/bin")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    /**
     * Fetches the source's binary logs from the backup's file on, and finds where the replay stops: before the first
     * transaction whose commit is stamped at or after {@code until} (the binary log stamps whole seconds), or at the
     * end of what the server has logged. Refuses a window in which anything else touches the databases.
     */
    static Range prepare(Estate estate, Rds source, Backup base, Instant until, Set<String> databases, Path work,
                         Loader.Checkpoint checkpoint) throws Exception {
        Path fetched = Files.createDirectories(work.resolve("binlog"));
        Path cnf = credentials(work.resolve("source.cnf"), source, estate.password(source));
        run(List.of(tool(BINLOG_TOOLS), "--defaults-extra-file=" + cnf, "--read-from-remote-server", "--raw",
                "--to-last-log", "--result-file=" + fetched + "/", base.binlogFile()), null, work, "fetching the binary"
                + " log of " + source);
        List<String> files;
        try (Stream<Path> list = Files.list(fetched)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (files.isEmpty() || !files.get(0).equals(base.binlogFile())) {
            throw new IOException("mariadb-binlog fetched " + files + ", not " + base.binlogFile() + " onwards");
        }
        long untilMillis = until.toEpochMilli();
        List<String> used = new ArrayList<>();
        int transactions = 0;
        for (String file : files) {
            used.add(file);
            long start = file.equals(base.binlogFile()) ? base.binlogPosition() : 4;
            Scan scan = scan(fetched.resolve(file), start, untilMillis, databases, checkpoint);
            transactions += scan.transactions;
            if (scan.stop >= 0) {
                return new Range(fetched, used, base.binlogPosition(), scan.stop, transactions);
            }
        }
        long end = Files.size(fetched.resolve(used.get(used.size() - 1)));
        return new Range(fetched, used, base.binlogPosition(), end, transactions);
    }

    static final class Scan {
        long stop = -1;
        int transactions;
    }

    static Scan scan(Path file, long from, long untilMillis, Set<String> databases, Loader.Checkpoint checkpoint)
            throws Exception {
        EventDeserializer deserializer = new EventDeserializer();
        for (EventType t : List.of(EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS,
                EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS,
                EventType.PRE_GA_WRITE_ROWS, EventType.PRE_GA_UPDATE_ROWS, EventType.PRE_GA_DELETE_ROWS,
                EventType.PARTIAL_UPDATE_ROWS_EVENT, EventType.ANNOTATE_ROWS, EventType.ROWS_QUERY)) {
            deserializer.setEventDataDeserializer(t, new NullEventDataDeserializer());
        }
        Scan out = new Scan();
        long groupStart = -1;
        boolean standalone = false;
        String offence = null;
        boolean touches = false;
        try (BinaryLogFileReader reader = new BinaryLogFileReader(file.toFile(), deserializer)) {
            Event e;
            int seen = 0;
            while ((e = reader.readEvent()) != null) {
                if (++seen % 10_000 == 0) {
                    checkpoint.check();
                }
                EventHeaderV4 h = e.getHeader();
                long position = h.getPosition();
                if (position < from) {
                    continue;
                }
                EventType type = h.getEventType();
                boolean end = false;
                switch (type) {
                    case MARIADB_GTID, GTID, ANONYMOUS_GTID, GTID_TAGGED -> {
                        groupStart = position;
                        offence = null;
                        touches = false;
                        standalone = type == EventType.MARIADB_GTID && e.getData() instanceof MariadbGtidEventData g
                                && (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0;
                    }
                    case TABLE_MAP -> {
                        TableMapEventData t = e.getData();
                        touches |= t != null && databases.contains(t.getDatabase());
                    }
                    case XID -> end = true;
                    case QUERY -> {
                        QueryEventData q = e.getData();
                        String sql = q.getSql() == null ? "" : q.getSql().trim();
                        String word = sql.toUpperCase(Locale.ROOT);
                        if (groupStart < 0) {
                            groupStart = position; // a log without GTID events: BEGIN opens the group
                        }
                        if (word.equals("COMMIT") || word.equals("ROLLBACK")) {
                            end = true;
                        } else if (!word.equals("BEGIN") && !word.startsWith("XA ") && !word.startsWith("SAVEPOINT")
                                && !word.startsWith("ROLLBACK TO") && !word.startsWith("RELEASE SAVEPOINT")) {
                            String db = databases.contains(q.getDatabase()) ? q.getDatabase()
                                    : SqlText.mentionedDatabase(sql, databases);
                            if (db != null && offence == null) {
                                offence = "at " + file.getFileName() + ":" + position + " the source ran on " + db + ": "
                                        + (sql.length() > 200 ? sql.substring(0, 200) + "..." : sql);
                            }
                            end = standalone || groupStart == position; // DDL is a group of its own
                        }
                    }
                    default -> {
                        // rows, annotations, checkpoints, rotations: decided by the group they belong to
                    }
                }
                if (end) {
                    if (h.getTimestamp() >= untilMillis) {
                        out.stop = groupStart;
                        return out;
                    }
                    if (offence != null) {
                        throw new SchemaChanged("between the backup and the restore time the databases changed other"
                                + " than row by row (" + offence + "): a point-in-time restore cannot replay that;"
                                + " restore a backup taken after it, or pick a time before it");
                    }
                    if (touches) {
                        out.transactions++;
                    }
                    groupStart = -1;
                    standalone = false;
                }
            }
        }
        return out;
    }

    /** Replays the range into the target, one copied database at a time, under its new name. */
    static void apply(Estate estate, Rds target, Range range, Map<String, String> names, Loader.Checkpoint checkpoint)
            throws Exception {
        Path work = range.dir().getParent();
        Path cnf = credentials(work.resolve("target.cnf"), target, estate.password(target));
        for (var e : names.entrySet()) {
            checkpoint.check();
            List<String> reader = new ArrayList<>(List.of(tool(BINLOG_TOOLS), "--no-defaults",
                    "--skip-annotate-row-events", "--database=" + e.getKey(),
                    "--rewrite-db=" + e.getKey() + "->" + e.getValue(), "--start-position=" + range.start()));
            for (String f : range.files()) {
                reader.add(range.dir().resolve(f).toString());
            }
            reader.add("--stop-position=" + range.stop());
            List<String> client = List.of(tool(CLIENTS), "--defaults-extra-file=" + cnf, "--binary-mode", "--batch",
                    "--database=" + e.getValue());
            run(reader, client, work, "replaying the binary log of " + e.getKey() + " into " + e.getValue() + " on "
                    + target);
        }
    }

    /** A client option file readable only by this user: passwords never reach a command line or a log. */
    static Path credentials(Path path, Rds rds, String password) throws IOException {
        String text = "[client]\nhost=" + rds.host() + "\nport=" + rds.port() + "\nuser=" + rds.user() + "\npassword=\""
                + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
        Files.deleteIfExists(path);
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    /** Runs a tool, or a tool piped into a second; a non-zero exit fails with what they wrote on stderr. */
    static void run(List<String> first, List<String> second, Path work, String doing)
            throws IOException, InterruptedException {
        Path err1 = work.resolve("stderr-1.txt");
        Path err2 = work.resolve("stderr-2.txt");
        ProcessBuilder a = new ProcessBuilder(first).redirectError(err1.toFile());
        List<Process> processes;
        if (second == null) {
            a.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            processes = List.of(a.start());
        } else {
            ProcessBuilder b = new ProcessBuilder(second).redirectError(err2.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            processes = ProcessBuilder.startPipeline(List.of(a, b));
        }
        try {
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
                    String err = Files.exists(i == 0 ? err1 : err2) ? Files.readString(i == 0 ? err1 : err2).trim() : "";
                    throw new IOException(doing + " failed: " + Path.of(processes.size() == 1 || i == 0 ? first.get(0)
                            : second.get(0)).getFileName() + " exited with " + (p.isAlive() ? "no end" : p.exitValue())
                            + (err.isEmpty() ? "" : ": " + err));
                }
            }
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }
}
