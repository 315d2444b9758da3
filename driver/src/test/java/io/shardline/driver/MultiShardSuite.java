package io.shardline.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.exec.ShardExecutor;
import io.shardline.driver.testing.ShardedFixture;
import io.shardline.router.plan.MultiPlan;
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * Multi-shard behaviour the differential corpus cannot show by comparing answers: the bounded executor (a full queue: the caller runs the lanes),
 * the connection cap, failures of one shard (nothing written, every connection back), transactions, EXPLAIN
 * SHARDLINE, broadcast and single tables, global sequences, DDL fan-out, the merge's memory cap, and the JDBC
 * behaviour of merged result sets. Runs on H2 and MariaDB; after every test no connection is left borrowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MultiShardSuite {
    private ShardedFixture fixture;
    private ShardlineDataSource dataSource;
    private final List<ShardlineDataSource> extra = new ArrayList<>();

    abstract ShardedFixture.Engine engine();

    @BeforeAll
    void createEstate() throws SQLException {
        fixture = ShardedFixture.create(engine());
        dataSource = fixture.dataSource();
    }

    @AfterAll
    void dropEstate() throws SQLException {
        ShardedFixture.close(fixture, dataSource);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        fixture.truncateAll();
    }

    @AfterEach
    void noConnectionLeftBorrowed() throws SQLException {
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "physical connections still borrowed");
        for (ShardlineDataSource ds : extra) {
            assertEquals(0, ds.runtime().pools().activeConnections(), "physical connections still borrowed");
            ds.close();
        }
        extra.clear();
    }

    /** A second runtime over the same metadata with other parameters (its own pools, executor, sequence blocks). */
    private ShardlineDataSource dataSource(String params) {
        ShardlineDataSource ds = new ShardlineDataSource(fixture.url() + "&" + params);
        extra.add(ds);
        return ds;
    }

    private static int code(Executable e) {
        return assertThrows(SQLException.class, e).getErrorCode();
    }

    private void users(Connection c, int... uids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user (uid, name, balance) VALUES (?, ?, ?)")) {
            for (int uid : uids) {
                ps.setInt(1, uid);
                ps.setString(2, "user" + uid);
                ps.setBigDecimal(3, new BigDecimal(uid + ".25"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private int usersOnServers() throws SQLException {
        int n = 0;
        for (int t = 0; t < 10; t++) {
            n += fixture.count(t < 5 ? 1 : 2, t < 5 ? "u_0" : "u_1", "user_" + t);
        }
        return n;
    }

    @Test
    void keysReachTheirShardsAndTheAnswerIsMerged() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            users(c, 1, 6, 11, 16, 3);
            try (PreparedStatement ps = c.prepareStatement("SELECT uid, name FROM user WHERE uid IN (?, ?, ?) ORDER BY uid DESC")) {
                ps.setInt(1, 1);
                ps.setInt(2, 6);
                ps.setInt(3, 16);
                List<Integer> uids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getInt("uid"));
                    }
                }
                assertEquals(List.of(16, 6, 1), uids);
                MultiPlan plan = assertInstanceOf(MultiPlan.class, ps.unwrap(ShardlineStatement.class).lastPlan());
                assertEquals(2, plan.units().size(), "uids 6 and 16 share user_6");
                assertNull(ps.unwrap(ShardlineStatement.class).lastRoute());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(balance), AVG(uid)"
                    + " FROM user WHERE uid IN (1, 3, 6, 11, 16)")) {
                assertTrue(rs.next());
                assertEquals(5, rs.getLong(1));
                assertEquals(0, new BigDecimal("38.25").compareTo(rs.getBigDecimal(2)));
                assertEquals(0, new BigDecimal("7.4").compareTo(rs.getBigDecimal(3)));
            }
        }
    }

    @Test
    void anAvgWhoseSumIsSelectedTooKeepsItsMetadataAndValue() throws SQLException {
        // the shards send 0 in the place of an AVG that divides a selected SUM of the same column: its metadata must
        // still be what the shards report for that AVG selected alone (its label, the SUM's type), and its value exact
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            users(c, 1, 3, 6, 11, 16);
            List<String> alone;
            try (ResultSet rs = s.executeQuery("SELECT AVG(balance), AVG(balance) AS mean FROM user"
                    + " WHERE uid IN (1, 3, 6, 11, 16)")) {
                alone = List.of(describe(rs.getMetaData(), 1), describe(rs.getMetaData(), 2));
            }
            try (ResultSet rs = s.executeQuery("SELECT SUM(balance), AVG(balance), AVG(balance) AS mean FROM user"
                    + " WHERE uid IN (1, 3, 6, 11, 16)")) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals(alone, List.of(describe(md, 2), describe(md, 3)));
                assertTrue(rs.next());
                assertEquals(0, new BigDecimal("38.25").compareTo(rs.getBigDecimal(1)));
                assertEquals(0, new BigDecimal("7.65").compareTo(rs.getBigDecimal(2)), rs.getString(2));
                assertEquals(rs.getBigDecimal(2), rs.getBigDecimal("mean"));
            }
            try (ResultSet plan = s.executeQuery("EXPLAIN SHARDLINE SELECT SUM(balance), AVG(balance) FROM user"
                    + " WHERE uid IN (1, 6)")) {
                StringBuilder text = new StringBuilder();
                while (plan.next()) {
                    text.append(plan.getString(1)).append('\n');
                }
                assertTrue(text.toString().contains("0 AS `AVG(balance)`"), text.toString());
            }
        }
    }

    /** Everything the metadata says of a column. */
    private static String describe(ResultSetMetaData md, int i) throws SQLException {
        return md.getColumnLabel(i) + " name=" + md.getColumnName(i) + " type=" + md.getColumnType(i) + " "
                + md.getColumnTypeName(i) + "(" + md.getPrecision(i) + ", " + md.getScale(i) + ") class="
                + md.getColumnClassName(i) + " nullable=" + md.isNullable(i) + " signed=" + md.isSigned(i)
                + " size=" + md.getColumnDisplaySize(i) + " table=" + md.getTableName(i) + " caseSensitive="
                + md.isCaseSensitive(i) + " currency=" + md.isCurrency(i) + " readOnly=" + md.isReadOnly(i);
    }

    @Test
    void mergedResultSetsBehaveLikeJdbcResultSets() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (uid, item) VALUES (1, 'pen'), (2, 'pen'), (3, NULL), (4, 'ink')");
            ResultSet rs = s.executeQuery("SELECT item, COUNT(*) AS n, AVG(uid) FROM orders GROUP BY item ORDER BY n DESC, item");
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(3, md.getColumnCount(), "hidden helper columns are not visible");
            assertEquals("n", md.getColumnLabel(2));
            assertEquals("avg(uid)", md.getColumnLabel(3).toLowerCase(java.util.Locale.ROOT),
                    "AVG keeps its label though the shards computed SUM");
            assertTrue(rs.next());
            assertEquals("pen", rs.getString("item"));
            assertEquals(2, rs.getInt(2));
            assertEquals(1.5, rs.getDouble(3), 1e-9);
            assertEquals(Long.valueOf(2), rs.getObject("n", Long.class));
            assertTrue(rs.next());
            assertNull(rs.getString(1), "the NULL group: NULL sorts first among the groups of count 1");
            assertTrue(rs.wasNull());
            assertTrue(rs.next());
            assertEquals("ink", rs.getString(1));
            assertFalse(rs.wasNull());
            assertFalse(rs.next());
            assertEquals(100403, code(rs::previous), "forward-only");
            assertEquals(100403, code(() -> rs.updateString(1, "x")), "read-only");
            assertEquals(100422, code(() -> rs.findColumn("nosuch")));
            assertTrue(dataSource.runtime().pools().activeConnections() > 0, "the open result set holds its connections");
            rs.close();
            assertTrue(rs.isClosed());
            assertTrue(dataSource.runtime().pools().activeConnections() <= dataSource.runtime().pools().serversInUse(),
                    "closing it returns every connection but the one its logical connection keeps per server");
            ResultSet again = s.executeQuery("SELECT uid FROM orders ORDER BY uid");
            s.close();
            assertTrue(again.isClosed(), "closing the statement closes its merged result set");
        }
        assertEquals(0, dataSource.runtime().pools().activeConnections(), "closing the connection returns the kept ones");
    }

    @Test
    void aStatementHoldsAtMostItsConnectionCap() throws SQLException {
        ShardlineDataSource capped = dataSource("maxConnectionsPerQuery=2");
        try (Connection c = capped.getConnection(); Statement s = c.createStatement()) {
            users(c, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            s.unwrap(ShardlineStatement.class).setAllShards();
            try (ResultSet rs = s.executeQuery("SELECT uid FROM user ORDER BY uid")) {
                assertEquals(10, ((MultiPlan) s.unwrap(ShardlineStatement.class).lastPlan()).units().size());
                assertEquals(2, capped.runtime().pools().activeConnections(), "ten shards, two connections");
                int n = 0;
                while (rs.next()) {
                    assertEquals(n++, rs.getInt(1));
                }
                assertEquals(10, n);
            }
        }
    }

    @Test
    void aFullQueueMakesTheCallerRunTheLanesItself() throws Exception {
        ShardlineDataSource tiny = dataSource("executorThreads=1&executorQueueSize=1");
        int expected;
        try (Connection c = tiny.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            assertTrue(rs.next());
            expected = rs.getInt(1);
        }
        try (AutoCloseable full = fill(tiny.runtime().executor(), 1);
             Connection c = tiny.getConnection(); Statement s = c.createStatement()) {
            int n = 0;
            try (ResultSet rs = s.executeQuery("SELECT uid FROM orders")) {
                while (rs.next()) {
                    n++;
                }
            }
            assertEquals(expected, n, "every shard's rows, read by the calling thread while the executor is full");
            assertTrue(tiny.runtime().pools().activeConnections() <= tiny.runtime().pools().serversInUse(),
                    "the statement returned its connections but those its logical connection keeps, one per server");
        }
        assertEquals(0, tiny.runtime().pools().activeConnections(), "closing the connection returns the kept ones");
    }

    @Test
    void fastStatementsTryTheCallingThreadAndAnswerTheSame() throws Exception {
        ShardlineDataSource inline = dataSource("inlineMicros=60000000&executorThreads=1&executorQueueSize=16");
        ShardlineDataSource parallel = dataSource("inlineMicros=0");
        String sql = "SELECT uid, name FROM user ORDER BY name DESC LIMIT 1, 6";
        try (Connection c = inline.getConnection(); Connection p = parallel.getConnection()) {
            users(c, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            List<String> expected = rows(p, sql);
            assertEquals(List.of("8 user8", "7 user7", "6 user6", "5 user5", "4 user4", "3 user3"), expected);
            assertEquals(expected, rows(c, sql), "first run: in parallel, measured");
            try (AutoCloseable full = fill(inline.runtime().executor(), 16)) {
                assertEquals(10, rows(c, "SELECT uid, name FROM user ORDER BY uid").size(),
                        "a statement not yet measured runs its lanes on the calling thread while the executor is full");
                assertEquals(expected, rows(c, sql),
                        "measured under the threshold in parallel, it next tries the calling thread alone");
            }
        }
    }

    /**
     * Occupies the executor's one thread and fills its queue of {@code queueSize} units; closing the result frees
     * them again and waits for them.
     */
    private static AutoCloseable fill(ShardExecutor executor, int queueSize) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        List<Future<Boolean>> tasks = new ArrayList<>();
        tasks.add(java.util.Objects.requireNonNull(executor.trySubmit(() -> {
            running.countDown();
            return release.await(30, TimeUnit.SECONDS);
        })));
        assertTrue(running.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < queueSize; i++) {
            tasks.add(java.util.Objects.requireNonNull(executor.trySubmit(() -> release.await(30, TimeUnit.SECONDS))));
        }
        return () -> {
            release.countDown();
            for (Future<Boolean> t : tasks) {
                t.get(10, TimeUnit.SECONDS);
            }
        };
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.unwrap(ShardlineStatement.class).setAllShards();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + " " + rs.getString(2));
                }
            }
        }
        return rows;
    }

    @Test
    void aFailingShardFailsTheStatementNamingItAndReleasesEverything() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            users(c, 1, 6);
            try (Connection server2 = fixture.physical(2); Statement p = server2.createStatement()) {
                p.execute(rename(fixture.db("u_1"), "user_6", "user_6_away"));
                try {
                    SQLException e = assertThrows(SQLException.class,
                            () -> s.executeQuery("SELECT name FROM user WHERE uid IN (1, 6)").close());
                    assertEquals(100502, e.getErrorCode());
                    assertTrue(e.getMessage().contains("server 2"), e.getMessage());
                    assertEquals(0, dataSource.runtime().pools().activeConnections());
                } finally {
                    p.execute(rename(fixture.db("u_1"), "user_6_away", "user_6"));
                }
            }
        }
    }

    private String rename(String db, String from, String to) {
        return engine() == ShardedFixture.Engine.H2 ? "ALTER TABLE " + db + "." + from + " RENAME TO " + to
                : "RENAME TABLE " + db + "." + from + " TO " + db + "." + to;
    }

    @Test
    void aWriteOverSeveralShardsIsAllOrNothing() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            users(c, 6);
            SQLException dup = assertThrows(SQLException.class, () -> s.executeUpdate(
                    "INSERT INTO user (uid, name) VALUES (1, 'one'), (11, 'eleven'), (6, 'duplicate'), (2, 'two')"));
            assertEquals(100502, dup.getErrorCode());
            assertEquals(1, usersOnServers(), "the rows of server 1 were rolled back with server 2's failure");
            assertEquals(3, s.executeUpdate("INSERT INTO user (uid, name) VALUES (1, 'one'), (11, 'eleven'), (7, 'seven')"));
            assertEquals(3, s.executeUpdate("UPDATE user SET balance = 1 WHERE uid IN (1, 6, 7)"));
            assertEquals(4, usersOnServers());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user (uid, name) VALUES (?, 'b')")) {
                for (int uid : new int[] {20, 25, 7, 30}) {
                    ps.setInt(1, uid);
                    ps.addBatch();
                }
                BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
                assertEquals(100502, e.getErrorCode());
                assertTrue(e.getMessage().contains("nothing of the batch was written"), e.getMessage());
                assertArrayEquals(new int[] {Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED,
                        Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED}, e.getUpdateCounts());
            }
            assertEquals(4, usersOnServers(), "the failed batch wrote nothing on either server");
            try (PreparedStatement ps = c.prepareStatement("UPDATE user SET name = ? WHERE uid = ?")) {
                for (int uid : new int[] {1, 6, 99, 11}) {
                    ps.setString(1, "n" + uid);
                    ps.setInt(2, uid);
                    ps.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 0, 1}, ps.executeBatch(), "counts in the caller's order");
            }
        }
    }

    @Test
    void transactionsStayOnOneServer() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            users(c, 1, 2, 6);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user WHERE uid IN (1, 2)")) {
                    rs.next();
                    assertEquals(2, rs.getInt(1), "two shards of server 1 inside the transaction");
                }
                assertEquals(1, c.unwrap(ShardlineConnection.class).transactionServerId());
                assertEquals(2, s.executeUpdate("UPDATE user SET name = 'tx' WHERE uid IN (1, 2)"));
                assertEquals(100403, code(() -> s.executeQuery("SELECT * FROM user WHERE uid IN (1, 6)")),
                        "a second server is refused");
                assertEquals(100403, code(() -> s.executeUpdate("CREATE INDEX k ON user (name)")), "no DDL in a transaction");
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user WHERE uid IN (1, 2) AND name = 'tx'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the multi-shard update rolled back with the transaction");
            }
        }
    }

    @Test
    void explainShardlinePrintsThePlanAndRunsNothing() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN SHARDLINE SELECT uid, COUNT(*) FROM user WHERE uid IN (1, 6) GROUP BY uid")) {
                assertEquals("plan", rs.getMetaData().getColumnLabel(1));
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            assertTrue(lines.get(0).startsWith("StreamGroup"), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("`" + fixture.db("u_1") + "`.`user_6`")), lines.toString());
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN SHARDLINE INSERT INTO user (uid, name) VALUES (?, 'x'), (?, 'y')")) {
                ps.setInt(1, 1);
                ps.setInt(2, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("SumCounts", rs.getString(1));
                }
            }
            assertEquals(0, usersOnServers(), "explaining an INSERT writes nothing");
            String plan = s.unwrap(ShardlineStatement.class).explain("SELECT * FROM msg WHERE id BETWEEN 190000 AND 210000");
            assertTrue(plan.startsWith("Concat\n  Units(3, "), plan);
            assertEquals(100403, code(() -> s.executeQuery("EXPLAIN SHARDLINE SELECT * FROM msg")), "refusals are explained too");
        }
    }

    @Test
    void broadcastTablesChangeEveryCopyAndSingleTablesLiveOnOneServer() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(2, s.executeUpdate("INSERT INTO region (id, name) VALUES (1, 'north'), (2, 'south')"),
                    "a broadcast write counts the rows once, not once per copy");
            for (String db : ShardedFixture.SERVER_A_DBS) {
                assertEquals(2, fixture.count(1, db, "region"), db);
            }
            for (String db : ShardedFixture.SERVER_B_DBS) {
                if (!db.equals("single")) {
                    assertEquals(2, fixture.count(2, db, "region"), db);
                }
            }
            assertEquals(1, s.executeUpdate("UPDATE region SET name = 'North' WHERE id = 1"));
            users(c, 1, 6);
            s.executeUpdate("UPDATE user SET balance = 1 WHERE uid IN (1, 6)");
            try (ResultSet rs = s.executeQuery("SELECT u.uid, r.name FROM user u JOIN region r ON r.id = 1"
                    + " WHERE u.uid IN (1, 6) ORDER BY u.uid")) {
                assertTrue(rs.next());
                assertEquals("North", rs.getString(2));
                assertTrue(rs.next());
                assertEquals("North", rs.getString(2), "each shard joins the copy beside it");
                assertFalse(rs.next());
            }
            assertEquals(1, s.executeUpdate("INSERT INTO audit (id, note) VALUES (1, 'kept')"));
            assertEquals(1, fixture.count(2, "single", "audit"));
            try (ResultSet rs = s.executeQuery("SELECT a.note, u.name FROM audit a JOIN user u ON u.uid = 6 WHERE a.id = 1")) {
                assertTrue(rs.next(), "a single table joins the shard on its server");
            }
            // shards on another server than the single table: gathered beside it, joined there
            try (ResultSet rs = s.executeQuery("SELECT a.note, u.uid FROM audit a JOIN user u ON u.uid IN (1, 6) ORDER BY u.uid")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(2));
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
                assertEquals(6, rs.getLong(2));
                assertFalse(rs.next());
            }
            assertTrue(s.unwrap(ShardlineStatement.class).lastPlan().describe().startsWith("Gather("));
        }
    }

    @Test
    void globalSequencesHandOutUniqueIdsAcrossShardsAndDrivers() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO orders (uid, item) VALUES (?, 'a'), (?, 'b'), (?, 'c')",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setInt(1, 1);
            ps.setInt(2, 2);
            ps.setInt(3, 3);
            assertEquals(3, ps.executeUpdate());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
        }
        assertEquals(3, ids.size());
        assertTrue(ids.get(0) < ids.get(1) && ids.get(1) < ids.get(2), "ids follow the rows' order: " + ids);
        assertEquals(1, fixture.count(1, "u_0", "orders_0"));
        assertEquals(2, fixture.count(2, "u_1", "orders_1"));
        ShardlineDataSource other = dataSource("sqlCacheSize=100"); // another driver: its own runtime and blocks
        TreeSet<Long> all = new TreeSet<>(ids);
        for (ShardlineDataSource ds : List.of(dataSource, other, dataSource)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    s.executeUpdate("INSERT INTO orders (uid, item) VALUES (" + i + ", 'x')", Statement.RETURN_GENERATED_KEYS);
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        assertTrue(keys.next());
                        assertTrue(all.add(keys.getLong(1)), "no id is handed out twice");
                    }
                }
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT id), COUNT(*) FROM orders")) {
            rs.next();
            assertEquals(12, rs.getInt(1));
            assertEquals(12, rs.getInt(2));
        }
    }

    @Test
    void aNewSequenceStartsAfterTheLargestIdInTheShards() throws SQLException {
        try (Connection meta = DriverManager.getConnection(fixture.metadataJdbcUrl()); Statement s = meta.createStatement()) {
            s.executeUpdate("DELETE FROM global_sequence WHERE name = 'orders'");
        }
        try (Connection server2 = fixture.physical(2); Statement p = server2.createStatement()) {
            p.executeUpdate("INSERT INTO " + fixture.db("u_1") + ".orders_1 (id, uid, item) VALUES (5000, 1, 'old')");
        }
        ShardlineDataSource fresh = dataSource("sqlCacheSize=101");
        try (Connection c = fresh.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (uid, item) VALUES (2, 'new')", Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals(5001, keys.getLong(1));
            }
        }
    }

    @Test
    void ddlRunsOnEveryPhysicalTableAndSaysWhereItStopped() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertEquals(0, s.executeUpdate("ALTER TABLE account ADD COLUMN tag VARCHAR(8)"));
            for (int n = 0; n < 4; n++) {
                String db = fixture.db(n < 2 ? "a_0" : "a_1");
                try (Connection p = fixture.physical(n < 2 ? 1 : 2); Statement ps = p.createStatement();
                     ResultSet rs = ps.executeQuery("SELECT tag FROM " + db + ".account_" + n)) {
                    assertFalse(rs.next(), "account_" + n + " has the new column");
                }
            }
            s.executeUpdate("ALTER TABLE account DROP COLUMN tag");
            s.executeUpdate("DROP TABLE account");
            s.executeUpdate("CREATE TABLE account (name VARCHAR(64) NOT NULL PRIMARY KEY, note VARCHAR(200))");
            s.executeUpdate("INSERT INTO account (name, note) VALUES ('abc', 'back')");
            try (Connection p = fixture.physical(2); Statement ps = p.createStatement()) {
                ps.execute("ALTER TABLE " + fixture.db("a_1") + ".account_3 ADD COLUMN extra INT");
            }
            SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("ALTER TABLE account ADD COLUMN extra INT"));
            assertEquals(100502, e.getErrorCode());
            assertTrue(e.getMessage().contains("failed part-way on " + fixture.db("a_1") + ".account_3"), e.getMessage());
            assertTrue(e.getMessage().contains("Changed: [" + fixture.db("a_0") + ".account_0, " + fixture.db("a_0")
                    + ".account_1, " + fixture.db("a_1") + ".account_2]"), e.getMessage());
            assertTrue(e.getMessage().contains("not run: none"), e.getMessage());
            s.executeUpdate("ALTER TABLE account DROP COLUMN extra");
        }
    }

    @Test
    void theMergeMemoryCapFailsClearly() throws SQLException {
        ShardlineDataSource small = dataSource("maxMergeRows=3");
        try (Connection c = small.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO orders (uid, item) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
            SQLException e = assertThrows(SQLException.class, () -> {
                try (ResultSet rs = s.executeQuery("SELECT item, COUNT(*) AS n FROM orders GROUP BY item ORDER BY n DESC, item")) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
            });
            assertEquals(100403, e.getErrorCode());
            assertTrue(e.getMessage().contains("maxMergeRows"), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT item FROM orders ORDER BY item")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(5, n, "a streaming merge holds one row per shard, whatever the cap");
            }
        }
    }

    @Test
    void hintsNameShardsExplicitly() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            users(c, 1, 6, 11);
            ShardlineStatement hinted = s.unwrap(ShardlineStatement.class);
            hinted.setHints(1, 6);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "shards user_1 and user_6");
            }
            hinted.setHints(6);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            hinted.setAllShards();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM user")) {
                rs.next();
                assertEquals(3, rs.getInt(1), "every shard, though user's full-table-scan switch is off");
            }
            hinted.clearHint();
            assertEquals(100403, code(() -> s.executeQuery("SELECT COUNT(*) FROM user")));
            try (ResultSet rs = s.executeQuery("/*+ shardline(hint=(1, 11)) */ SELECT COUNT(*) FROM user")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
            assertEquals(100422, code(() -> hinted.setHints(new long[0])));
        }
    }
}
