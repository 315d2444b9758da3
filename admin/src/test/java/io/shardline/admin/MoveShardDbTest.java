package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDbServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * MoveShardDb on real servers: a DRDS database whose two shard databases live on {@code src}; table {@code t} hashed
 * by id over them (even ids in shard 0, odd ids in shard 1, 100,000 preloaded rows each). Shard 1 moves to {@code dst}
 * while eight threads in two Shardline runtimes (as two application instances) read and write through the database's
 * own account: afterwards every acknowledged row is where it belongs exactly once, no statement failed, the account
 * works on the target, and the old copy stays until DropMovedShardDb. Also: every precondition's code, a cancelled
 * move and a move that fails inside its pause leave everything as it was, the command line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoveShardDbTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PASSWORD = "Move-pass-1";
    @TempDir
    static Path backupStore;
    private TestEstate estate;
    private ShardlineAdmin admin;
    private MariaDbServer src;
    private MariaDbServer dst;
    private String instance;

    @BeforeAll
    void servers() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withBackups(backupStore, Duration.ofDays(7))
                .withShardsPerRds(2));
        admin = estate.admin;
        src = CopyServers.src();
        dst = CopyServers.dst();
        CopyServers.register(estate);
        instance = estate.instance();
    }

    @AfterEach
    void noObserver() {
        admin.observeSteps(null);
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    private int serverId(String rds) throws SQLException {
        try (Connection c = estate.metadata(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_id FROM rds_instance WHERE instance_name = '" + rds + "'")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    /**
     * A DRDS database {@code <prefix><tag>} on src with table t hashed over its two shard databases, {@code rows}
     * preloaded rows per shard (ids 0 .. 2 rows - 1, v = 0).
     */
    private String database(String tag, int rows) throws Exception {
        String db = estate.db(tag);
        admin.createDrdsDB(instance, db, "utf8mb4", PASSWORD, List.of("src"));
        String cluster = instance + "." + db;
        int srcId = serverId("src");
        try (Connection meta = estate.metadata()) {
            new ConfigWriter(meta, true).hashTable(cluster, "t", 2, "id")
                    .placement(cluster, "t", 0, srcId, db + "_0000")
                    .placement(cluster, "t", 1, srcId, db + "_0001")
                    .fullTableScan(cluster, "t", true);
            ConfigSchema.touch(meta);
        }
        try (ShardlineDataSource ds = dataSource(db); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v INT NOT NULL DEFAULT 0, pad VARCHAR(64), KEY by_v (v))");
        }
        for (int n = 0; n < 2; n++) {
            CopyServers.run(src, "INSERT INTO " + db + "_000" + n + ".t_" + n + " (id, v, pad) SELECT seq, 0, 'preloaded'"
                    + " FROM " + db + "_000" + n + ".seq_0_to_" + (2 * rows - 1) + " WHERE seq % 2 = " + n);
        }
        return db;
    }

    private ShardlineDataSource dataSource(String db) throws DrdsException {
        return estate.dataSource(instance, db, db, PASSWORD);
    }

    /** Every row of t where the placements put it: shard 0 on src, shard 1 on {@code shard1}; id to v. */
    private static Map<Long, Integer> liveRows(String db, MariaDbServer shard1) throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        MariaDbServer[] servers = {CopyServers.src(), shard1};
        for (int n = 0; n < 2; n++) {
            try (Connection c = servers[n].connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, v FROM " + db + "_000" + n + ".t_" + n)) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    assertEquals(n, id % 2, "row " + id + " is in shard " + n + ": a wrong-shard write");
                    assertEquals(null, out.put(id, rs.getInt(2)), "row " + id + " is stored twice");
                }
            }
        }
        return out;
    }

    @Test
    void aShardMovesWhileEightThreadsWriteAndReadAndNothingIsLostOrDuplicated() throws Exception {
        int rows = 100_000;
        String db = database("mv", rows);
        String shard = db + "_0001";
        List<CopyProgress> seen = new CopyOnWriteArrayList<>();
        try (ShardlineDataSource one = dataSource(db); ShardlineDataSource two = dataSource(db)) {
            MoveLoad load = new MoveLoad(List.<DataSource>of(one, two), 2L * rows).start(8);
            MoveTask task;
            ShardMove moved;
            long started;
            long ended;
            try (load) {
                Thread.sleep(1500);
                started = System.nanoTime();
                task = admin.moveShardDb("src", shard, "dst", seen::add);
                moved = await(task);
                ended = System.nanoTime();
                Thread.sleep(1500);
            }
            long pauseFrom = task.run.pauseAskedNanos;
            long pauseTo = task.run.pauseEndedNanos;
            List<MoveLoad.Outcome> caught = load.outcomes.stream()
                    .filter(o -> o.endNanos() - o.nanos() < pauseTo && o.endNanos() > pauseFrom).toList();
            long after = ended + 1_000_000_000L; // statements caught in the pause end after the task does
            System.out.printf("MoveShardDb of %s (%d rows) under 8 threads: %s%n  copy %d rows in %d ms (%d rows/s),"
                    + " catch-up %d rounds, %d transactions in %d ms, write pause %d ms (attempt %d); %d statements"
                    + " overlapped the pause, the longest took %d ms (it waited for the lock, found its table gone,"
                    + " reloaded the metadata and ran on dst); during the move %d statements ended, the longest took %d"
                    + " ms, the longest stretch without a completed write %d ms%n", shard, rows, moved.line(),
                    moved.rowsCopied(), moved.copyMillis(), moved.copyRowsPerSecond(), moved.catchUpRounds(),
                    moved.catchUpTransactions(), moved.catchUpMillis(), moved.pauseMillis(), moved.pauseAttempts(),
                    caught.size(), caught.stream().mapToLong(o -> o.nanos() / 1_000_000).max().orElse(0),
                    load.count(started, after), load.longestMillis(started, after),
                    load.longestWriteGapMillis(started, after));
            assertTrue(!caught.isEmpty(), "statements ran into the pause");
            assertEquals(List.of(), load.failures().stream().map(o -> o.op() + ": " + o.failure()).toList(),
                    "no statement may fail while the shard moves");
            assertEquals(TaskState.SUCCESS, moved.state());
            assertEquals("done", moved.phase());
            assertEquals("Kept", moved.oldCopyState());
            assertTrue(moved.rowsCopied() >= rows, moved.line());
            assertTrue(moved.pauseMillis() >= 0 && moved.pauseMillis() < 10_000, "a bounded pause: " + moved.line());
            assertTrue(seen.stream().anyMatch(p -> p.step().equals("catching up")), seen.toString());

            // every acknowledged row exactly once where it belongs, the preloaded ones too, nothing else
            Map<Long, Integer> live = liveRows(db, dst);
            List<String> problems = new ArrayList<>();
            for (long id = 0; id < 2L * rows; id++) {
                if (!live.containsKey(id)) {
                    problems.add("preloaded row " + id + " is missing");
                }
            }
            load.acknowledged.forEach((id, v) -> {
                if (!v.equals(live.get(id))) {
                    problems.add("acknowledged row " + id + " holds " + live.get(id) + ", not " + v);
                }
            });
            for (long id : live.keySet()) {
                if (id >= 2L * rows && !load.acknowledged.containsKey(id)) {
                    problems.add("row " + id + " is there but no acknowledged statement wrote it");
                }
            }
            assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " problems");
            assertTrue(load.acknowledged.keySet().stream().anyMatch(id -> id % 2 == 1), "writes reached the moved shard");

            // where things are now: the shard on dst, the old copy on src under its new name, the old name gone
            assertTrue(CopyServers.exists(dst, shard));
            assertFalse(CopyServers.exists(src, shard), "the emptied database of the old name is dropped");
            assertTrue(CopyServers.exists(src, moved.oldCopyDbName()));
            assertEquals("100000", CopyServers.rows(src, "SELECT COUNT(*) FROM " + moved.oldCopyDbName()
                    + ".t_1 WHERE id < " + 2 * rows).get(0).get(0));
            try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
                 ResultSet rs = s.executeQuery("SELECT server_id FROM split_table_info WHERE database_name = '" + shard
                         + "'")) {
                assertTrue(rs.next());
                assertEquals(serverId("dst"), rs.getInt(1));
            }
            // the database's account now works on dst with the same password, and no password reached dst's log
            java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + dst.port() + "/?connectTimeout=3000", db,
                    PASSWORD).close();
            assertFalse(CopyServers.generalLogText().contains(PASSWORD), "a password reached dst's general log");
            // a fresh application instance reads and writes the moved shard
            try (ShardlineDataSource fresh = dataSource(db); Connection c = fresh.getConnection();
                 Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("INSERT INTO t (id, v) VALUES (" + (load.nextId() | 1) + ", 7)"));
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t WHERE id < " + 2 * rows)) {
                    assertTrue(rs.next());
                    assertEquals(2L * rows, rs.getLong(1));
                }
            }
            // DescribeShardDBs follows the shard to its new server
            assertTrue(admin.describeShardDBs(instance, db).stream()
                    .anyMatch(d -> d.subDbName().equals(shard) && d.instanceName().equals("dst")),
                    admin.describeShardDBs(instance, db).toString());

            // the old copy stays until dropped; dropping twice is fine
            ShardMove dropped = admin.dropMovedShardDb(task.requestId());
            assertEquals("Dropped", dropped.oldCopyState());
            assertFalse(CopyServers.exists(src, moved.oldCopyDbName()));
            assertEquals("Dropped", admin.dropMovedShardDb(task.requestId()).oldCopyState());
            Map<String, Object> described = admin.call("DescribeMoveShardDbTask", Map.of("TaskId", task.requestId()));
            assertEquals("Success", described.get("Status"));
            assertEquals(shard, described.get("DBName"));
            assertEquals(moved.pauseMillis(), described.get("WritePauseMilliseconds"));
        }
        admin.deleteDrdsDB(instance, db);
        assertFalse(CopyServers.exists(dst, shard), "DeleteDrdsDB follows the shard to its new server");
    }

    @Test
    void everyPreconditionHasItsCode() throws Exception {
        String db = database("pc", 10);
        String shard = db + "_0001";
        assertEquals("MissingParameter", code(Map.of("DBInstanceId", "src", "DBName", shard)));
        assertEquals("InvalidDBInstance.NotFound", code(Map.of("DBInstanceId", "nope", "DBName", shard,
                "TargetDBInstanceId", "dst")));
        assertEquals("InvalidDBInstance.NotFound", code(Map.of("DBInstanceId", "src", "DBName", shard,
                "TargetDBInstanceId", "nope")));
        assertEquals("InvalidTargetDBInstanceName.Format", code(Map.of("DBInstanceId", "src", "DBName", shard,
                "TargetDBInstanceId", "src")));
        assertEquals("InvalidDBName.Format", code(Map.of("DBInstanceId", "src", "DBName", "mysql",
                "TargetDBInstanceId", "dst")));
        assertEquals("InvalidDBName.Format", code(Map.of("DBInstanceId", "src", "DBName", "a-b",
                "TargetDBInstanceId", "dst")));
        assertEquals("InvalidDBName.NotPlaced", code(Map.of("DBInstanceId", "src", "DBName", db + "_0009",
                "TargetDBInstanceId", "dst")));
        assertEquals("InvalidDBName.NotPlaced", code(Map.of("DBInstanceId", "dst", "DBName", shard,
                "TargetDBInstanceId", "src")), "placed on src, not on dst");
        CopyServers.run(dst, "CREATE DATABASE " + shard);
        assertEquals("InvalidDBName.Duplicate", code(Map.of("DBInstanceId", "src", "DBName", shard,
                "TargetDBInstanceId", "dst")));
        CopyServers.run(dst, "DROP DATABASE " + shard);
        CopyServers.run(src, "CREATE TRIGGER " + shard + ".tr BEFORE INSERT ON " + shard + ".t_1 FOR EACH ROW SET NEW.v = 1");
        assertEquals("EngineNotSupported", code(Map.of("DBInstanceId", "src", "DBName", shard,
                "TargetDBInstanceId", "dst")));
        CopyServers.run(src, "DROP TRIGGER " + shard + ".tr");
        // rdsA (3306) logs no binary log: a shard placed there cannot be caught up
        String other = estate.db("nb");
        try (Connection c = TestEstate.root("rdsA"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + other);
            s.execute("CREATE TABLE " + other + ".t_0 (id BIGINT PRIMARY KEY)");
        }
        try (Connection meta = estate.metadata()) {
            new ConfigWriter(meta, true).hashTable(instance + ".nb", "t", 1, "id")
                    .placement(instance + ".nb", "t", 0, serverId("rdsA"), other);
        }
        assertEquals("EngineNotSupported", code(Map.of("DBInstanceId", "rdsA", "DBName", other,
                "TargetDBInstanceId", "dst")));
        for (String action : List.of("DescribeMoveShardDbTask", "CancelMoveShardDbTask", "DropMovedShardDb")) {
            DrdsException e = assertThrows(DrdsException.class, () -> admin.call(action, Map.of("TaskId", "nope")));
            assertEquals("InvalidTaskId.NotFound", e.code(), action);
        }
        assertEquals(404, assertThrows(DrdsException.class, () -> admin.dropMovedShardDb("nope")).httpStatus());
        assertTrue(CopyServers.exists(src, shard) && !CopyServers.exists(dst, shard), "nothing moved");
    }

    /** Waits for the move; when it does not end in time, prints where every thread is, then fails. */
    private static ShardMove await(MoveTask task) throws Exception {
        try {
            return task.await(WAIT);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder b = new StringBuilder("the move did not end within " + WAIT + ": " + task + "\n");
            Thread.getAllStackTraces().forEach((t, stack) -> {
                b.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement el : stack) {
                    b.append("    at ").append(el).append('\n');
                }
            });
            System.out.println(b);
            throw e;
        }
    }

    private String code(Map<String, String> params) {
        return assertThrows(DrdsException.class, () -> admin.call("MoveShardDb", params)).code();
    }

    @Test
    void aCancelledMoveAndAMoveFailingInItsPauseLeaveEverythingAsItWas() throws Exception {
        String db = database("cx", 2000);
        String shard = db + "_0001";
        Map<Long, Integer> before = liveRows(db, src);
        // cancelled while copying
        admin.observeSteps(step -> {
            if (step.contains("copy database " + shard + " ")) {
                admin.observeSteps(null);
                try {
                    admin.cancelMoveShardDbTask(step.substring(step.indexOf(' ') + 1, step.indexOf(':')));
                } catch (DrdsException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        MoveTask cancelled = admin.moveShardDb("src", shard, "dst");
        DrdsException e = assertThrows(DrdsException.class, () -> await(cancelled));
        assertEquals("OperationDenied.TaskCancelled", e.code(), e.getMessage());
        assertEquals(TaskState.CANCELLED, admin.describeMoveShardDbTask(cancelled.requestId()).state());
        assertEquals("rolled-back", admin.describeMoveShardDbTask(cancelled.requestId()).phase());
        assertLeftAsItWas(db, shard, before, cancelled.progress().oldCopyDbName());
        assertEquals("OperationDenied.ShardDbMoveNotDone", assertThrows(DrdsException.class,
                () -> admin.dropMovedShardDb(cancelled.requestId())).code());

        // fails after the old tables were renamed away, before the switch: a light load must not notice
        try (ShardlineDataSource ds = dataSource(db)) {
            MoveLoad load = new MoveLoad(List.<DataSource>of(ds), 4000).start(2);
            MoveTask failed;
            try (load) {
                admin.observeSteps(step -> {
                    if (step.contains("switch the placements of " + shard)) {
                        admin.observeSteps(null);
                        throw new IllegalStateException("the admin fails just before the switch");
                    }
                });
                failed = admin.moveShardDb("src", shard, "dst");
                assertThrows(DrdsException.class, () -> await(failed));
                Thread.sleep(500);
            }
            assertEquals(List.of(), load.failures().stream().map(o -> o.op() + ": " + o.failure()).toList());
            ShardMove m = admin.describeMoveShardDbTask(failed.requestId());
            assertEquals(TaskState.FAILED, m.state());
            assertEquals("rolled-back", m.phase(), m.progress().message());
            assertTrue(m.progress().message().contains("renamed back"), m.progress().message());
            Map<Long, Integer> now = liveRows(db, src);
            load.acknowledged.forEach((id, v) -> assertEquals(v, now.get(id), "row " + id));
            assertFalse(CopyServers.exists(dst, shard));
            try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM variable_setting WHERE name LIKE '"
                         + ConfigSchema.MOVING_PREFIX + "%'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no moving marker is left");
            }
        }

        // and the command line moves it for real afterwards
        Map<Long, Integer> beforeCli = liveRows(db, src);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AdminCli.run(new String[] {estate.adminUrl(), "MoveShardDb", "DBInstanceId=src", "DBName=" + shard,
            "TargetDBInstanceId=dst"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("\"WritePauseMilliseconds\""), printed);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("write pause"), err.toString(StandardCharsets.UTF_8));
        assertEquals(beforeCli, liveRows(db, dst), "every row on the live placements, shard 1 on dst now");
    }

    @Test
    void aMoveWhoseAdminDiedIsRolledBackOrFinishedByCancel() throws Exception {
        String db = database("dd", 500);
        String shard = db + "_0001";
        Map<Long, Integer> before = liveRows(db, src);
        // killed after the old tables were renamed away, before the switch: rolled back
        String id = killedAt(shard, "switch the placements of " + shard);
        assertFalse(CopyServers.exists(src, shard) && !CopyServers.rows(src, "SHOW TABLES FROM " + shard).isEmpty(),
                "the old tables were renamed away when the admin died");
        ShardMove dead = deadMove(id);
        assertEquals("pausing", dead.phase());
        ShardMove cancelled = admin.cancelMoveShardDbTask(id);
        assertEquals(TaskState.FAILED, cancelled.state());
        assertEquals("rolled-back", cancelled.phase(), cancelled.progress().message());
        assertLeftAsItWas(db, shard, before, dead.oldCopyDbName());
        try (ShardlineDataSource ds = dataSource(db); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO t (id, v) VALUES (100001, 1)"), "the shard works where it was");
        }
        // killed after the switch: the move took effect, and cancel records it as done
        String after = killedAt(shard, "drop the emptied " + shard);
        ShardMove switched = deadMove(after);
        assertEquals("switched", switched.phase());
        ShardMove done = admin.cancelMoveShardDbTask(after);
        assertEquals(TaskState.SUCCESS, done.state(), done.progress().message());
        assertEquals("done", done.phase());
        assertEquals("Kept", done.oldCopyState());
        Map<Long, Integer> now = new HashMap<>(before);
        now.put(100001L, 1);
        assertEquals(now, liveRows(db, dst));
        admin.dropMovedShardDb(after);
        assertFalse(CopyServers.exists(src, switched.oldCopyDbName()));
    }

    /** Starts a move in a child JVM, kills the JVM at {@code step}; answers the move's id. */
    private String killedAt(String shard, String step) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "io.shardline.admin.MoveChild", estate.adminUrl(), shard, step)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String id = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("TASK ")) {
                    id = line.substring(5);
                } else if (line.equals("PAUSED")) {
                    break;
                }
            }
            assertEquals("PAUSED", line, "the child reached " + step);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(id != null);
        return id;
    }

    /** The move of a killed admin, once the server has freed its task lock. */
    private ShardMove deadMove(String id) throws Exception {
        ShardMove m = admin.describeMoveShardDbTask(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (m.state() == TaskState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
            m = admin.describeMoveShardDbTask(id);
        }
        assertEquals(TaskState.FAILED, m.state());
        assertTrue(m.progress().message().contains("stopped"), m.progress().message());
        return m;
    }

    /** The shard's tables on src as before, nothing on dst, no old copy, placements and marker unchanged. */
    private void assertLeftAsItWas(String db, String shard, Map<Long, Integer> before, String oldCopy) throws Exception {
        assertEquals(before, liveRows(db, src));
        assertFalse(CopyServers.exists(dst, shard), shard + " is left on dst");
        assertFalse(CopyServers.exists(src, oldCopy), oldCopy + " is left on src");
        try (Connection meta = estate.metadata(); Statement s = meta.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_id FROM split_table_info WHERE database_name = '" + shard + "'")) {
            assertTrue(rs.next());
            assertEquals(serverId("src"), rs.getInt(1));
        }
    }
}
