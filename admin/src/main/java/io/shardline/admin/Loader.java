package io.shardline.admin;

import io.shardline.admin.Dump.Definition;
import io.shardline.admin.Dump.Item;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Loads a {@link Dump} stream into the target server under the new names: each database is recorded in the task's
 * ledger, then created (never one that exists); tables are created from their DDL with copied databases' qualifiers
 * renamed; rows go in as the stream's multi-row INSERTs, run by one writer thread so the next chunk is read while
 * the target writes this one. Views, routines, triggers and events wait until {@link #createDefinitions()}, so
 * triggers do not fire on copied rows and a point-in-time restore can replay the binary log first. Fed by one thread.
 */
final class Loader implements Dump.Sink, AutoCloseable {
    /** What the task records before it makes something, and marks after. */
    interface Ledger {
        int plan(String kind, String name, String detail) throws SQLException;

        void made(int seq) throws SQLException;
    }

    /** Called before each chunk and statement: throws to stop a cancelled task. */
    interface Checkpoint {
        void check() throws Exception;
    }

    private static final String DATA_SESSION = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00',"
            + " foreign_key_checks = 0, unique_checks = 0";
    private static final Runnable STOP = () -> { };

    private final Connection target;
    private final Map<String, String> renames;
    private final Ledger ledger;
    private final Progress progress;
    private final Checkpoint checkpoint;
    private final Map<String, List<Definition>> definitions = new LinkedHashMap<>();
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(3);
    private final Thread writer;
    private volatile Exception writeFailure;
    private int pending;
    private final Object pendingLock = new Object();
    private String database;
    private String table;

    Loader(Connection target, Map<String, String> renames, Ledger ledger, Progress progress, Checkpoint checkpoint)
            throws SQLException {
        this.target = target;
        this.renames = renames;
        this.ledger = ledger;
        this.progress = progress;
        this.checkpoint = checkpoint;
        execute(DATA_SESSION);
        this.writer = new Thread(this::write, "shardline-copy-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** The new name of a source database of the stream. */
    String newName(String source) throws SQLException {
        String name = renames.get(source);
        if (name == null) {
            throw new SQLException("the stream holds database " + source + ", which DbNames does not map");
        }
        return name;
    }

    @Override
    public void accept(Item item) throws Exception {
        checkpoint.check();
        if (item instanceof Dump.Database d) {
            drain();
            endTable();
            database = newName(d.name());
            if (!d.charset().matches("[A-Za-z0-9_]{1,64}") || !d.collation().matches("[A-Za-z0-9_]{1,64}")) {
                throw new SQLException("database " + d.name() + " has an unreadable character set or collation");
            }
            String sql = "CREATE DATABASE " + SqlText.quote(database) + " CHARACTER SET " + d.charset()
                    + " COLLATE " + d.collation();
            int seq = ledger.plan("database", database, null);
            execute(sql); // no IF NOT EXISTS: a database of that name made since the checks is not ours
            ledger.made(seq);
            execute("USE " + SqlText.quote(database));
            definitions.put(database, new ArrayList<>());
        } else if (item instanceof Dump.Table t) {
            drain();
            endTable();
            execute(SqlText.renameQualifiers(t.createSql(), renames));
            table = database + "." + t.name();
            progress.startTable(table);
        } else if (item instanceof Dump.Rows r) {
            submit(r);
        } else if (item instanceof Definition d) {
            drain();
            endTable();
            definitions.get(database).add(d);
        }
    }

    private void endTable() {
        if (table != null) {
            progress.endTable();
            table = null;
        }
    }

    /** Waits until every chunk handed to the writer is in; rethrows the writer's failure. */
    void finishData() throws Exception {
        drain();
        endTable();
    }

    /** Routines, then views (in an order that lets each find the views it reads), then triggers, then events. */
    void createDefinitions() throws Exception {
        finishData();
        for (var e : definitions.entrySet()) {
            execute("USE " + SqlText.quote(e.getKey()));
            List<Definition> views = new ArrayList<>();
            for (Definition d : e.getValue()) {
                if (d.kind() == Dump.Kind.ROUTINE) {
                    define(d);
                } else if (d.kind() == Dump.Kind.VIEW) {
                    views.add(d);
                }
            }
            while (!views.isEmpty()) {
                List<Definition> failed = new ArrayList<>();
                SQLException last = null;
                for (Definition v : views) {
                    checkpoint.check();
                    try {
                        define(v);
                    } catch (SQLException missing) {
                        failed.add(v); // it may read a view not made yet; tried again after the others
                        last = missing;
                    }
                }
                if (failed.size() == views.size()) {
                    throw new SQLException("cannot create view " + e.getKey() + "." + failed.get(0).name() + ": "
                            + last.getMessage(), last.getSQLState(), last.getErrorCode(), last);
                }
                views = failed;
            }
            for (Dump.Kind kind : List.of(Dump.Kind.TRIGGER, Dump.Kind.EVENT)) {
                for (Definition d : e.getValue()) {
                    if (d.kind() == kind) {
                        define(d);
                    }
                }
            }
        }
        execute(DATA_SESSION);
    }

    private void define(Definition d) throws Exception {
        checkpoint.check();
        StringBuilder session = new StringBuilder("SET SESSION sql_mode = ")
                .append(SqlText.literal(d.sqlMode() == null ? "" : d.sqlMode()));
        if (d.collationConnection() != null) {
            session.append(", collation_connection = ").append(SqlText.literal(d.collationConnection()));
        }
        if (d.timeZone() != null) {
            session.append(", time_zone = ").append(SqlText.literal(d.timeZone()));
        }
        execute(session.toString());
        execute(SqlText.renameQualifiers(d.sql(), renames));
        execute(DATA_SESSION + ", collation_connection = 'utf8mb4_general_ci'");
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute(sql);
        }
    }

    // ---- the writer thread: runs INSERT chunks in order

    private void submit(Dump.Rows r) throws Exception {
        rethrow();
        synchronized (pendingLock) {
            pending++;
        }
        queue.put(() -> {
            try {
                execute(r.sql());
                progress.rows(r.rows(), r.bytes());
            } catch (SQLException e) {
                writeFailure = new SQLException("loading " + table + ": " + e.getMessage(), e.getSQLState(),
                        e.getErrorCode(), e);
            }
        });
    }

    private void write() {
        while (true) {
            Runnable job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            if (writeFailure == null) {
                job.run(); // after a failure the rest is skipped: the task is failing and will drop what it made
            }
            synchronized (pendingLock) {
                pending--;
                pendingLock.notifyAll();
            }
        }
    }

    private void drain() throws Exception {
        synchronized (pendingLock) {
            while (pending > 0) {
                pendingLock.wait(1000);
                if (!writer.isAlive()) {
                    break;
                }
            }
        }
        rethrow();
    }

    private void rethrow() throws Exception {
        Exception e = writeFailure;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        queue.clear();
        if (!queue.offer(STOP)) {
            writer.interrupt();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
