package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.testing.MariaDb;
import io.shardline.router.dbproxy.SplitInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * refresh while 8 threads query, with the metadata in a MariaDB config database as DBProxy keeps it: a new range slot
 * becomes routable, a bad configuration is refused and the old one keeps serving, and a runtime with a check interval
 * reloads on its own when the update stamp moves. No query fails.
 */
class DbproxyRefreshTest extends DbproxyEstate {
    private static final int THREADS = 8;
    private static final List<String> CONFIG_TABLES = List.of("server_info", "table_info", "split_table_info",
            "split_range_info", "table_option", "server_option");

    /** The fixture's metadata copied into a config database on MariaDB. */
    private String createConfigDatabase() throws SQLException {
        String database = fixture.db("config");
        try (Connection h2 = DriverManager.getConnection(fixture.metadataJdbcUrl()); Connection maria = MariaDb.primary()) {
            try (Statement s = maria.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            maria.setCatalog(database);
            ConfigSchema.create(maria, false);
            for (String table : CONFIG_TABLES) {
                copy(h2, maria, table);
            }
            ConfigSchema.touch(maria);
        }
        return database;
    }

    private static void copy(Connection from, Connection to, String table) throws SQLException {
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            StringBuilder columns = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                columns.append(i > 1 ? ", `" : "`").append(rs.getMetaData().getColumnLabel(i)).append('`');
            }
            String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(n - 1) + "?)";
            try (PreparedStatement ps = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        ps.setObject(i, rs.getObject(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    private Connection config() throws SQLException {
        Connection c = MariaDb.primary();
        c.setCatalog(fixture.db("config"));
        return c;
    }

    private void metadata(String sql) throws SQLException {
        try (Connection c = config(); Statement s = c.createStatement()) {
            s.execute(sql);
            ConfigSchema.touch(c);
        }
    }

    private void addSlot(int index, String database) throws SQLException {
        try (Connection c = config()) {
            new ConfigWriter(c, false).rangeSlot("", "ud", index, 0, 2, fixture.db(database));
            ConfigSchema.touch(c);
        }
    }

    private int slots(Shardline shardline) throws SQLException {
        return ((SplitInfo.Range) shardline.splitInfo("msg")).count();
    }

    @Test
    void reloadsWhileEightThreadsQueryAndNoQueryFails() throws Exception {
        String url = "jdbc:shardline:mysql://127.0.0.1:3306/" + createConfigDatabase() + "?user=root&password=";
        try (ShardlineDataSource configured = new ShardlineDataSource(url + "&checkInterval=0")) {
            reloadUnderLoad(configured.unwrap(Shardline.class), url);
            assertEquals(0, configured.runtime().pools().activeConnections());
        } finally {
            try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + fixture.db("config"));
            }
        }
    }

    private void reloadUnderLoad(Shardline dbproxy, String url) throws Exception {
        List<Long> ids = dbproxy.allSplitHintIds("msg");
        for (long id : ids) {
            insertMsg(id, "c" + id);
        }
        try (Connection c = fixture.physical(2); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + fixture.db("ud_3"));
            for (int n = 0; n < 4; n++) {
                s.execute("CREATE TABLE " + fixture.db("ud_3") + ".msg" + n
                        + " (id BIGINT NOT NULL PRIMARY KEY, content VARCHAR(200), created DATETIME)");
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicIntegerArray done = new AtomicIntegerArray(THREADS);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            Thread thread = new Thread(() -> {
                for (int i = me; !stop.get(); i++) {
                    long id = ids.get(i % ids.size());
                    try {
                        List<List<String>> rows = i % 4 == 0
                                ? dbproxy.iQuery(List.of(id, ids.get((i + 5) % ids.size())), "msg",
                                        "SELECT content FROM msg WHERE id = " + id, null, false).asRows().rows()
                                : dbproxy.query(id, "msg", "SELECT content FROM msg WHERE id = ?", List.of(Long.toString(id)),
                                        false).asRows().rows();
                        assertEquals(List.of(List.of("c" + id)), rows);
                        done.incrementAndGet(me);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "query-" + t);
            thread.start();
            threads.add(thread);
        }
        try {
            awaitProgress(done, 10);
            assertEquals(100404, code(() -> dbproxy.query(600001, "msg", "SELECT * FROM msg", null, false)));

            addSlot(3, "ud_3");
            dbproxy.refresh();
            assertEquals(4, slots(dbproxy), "refresh() returns with the new metadata in use");
            dbproxy.query(600001, "msg", "INSERT INTO msg (id, content) VALUES (600001, 'new slot')", null, false);
            assertEquals(List.of("new slot"), physical(2, "ud_3", "msg0", "content"));
            assertEquals(20, dbproxy.allSplitHintIds("msg").size());
            awaitProgress(done, 20);

            addSlot(5, "ud_3"); // a gap: slot 4 is missing
            assertEquals(100503, code(dbproxy::refresh), "an invalid configuration is refused");
            assertEquals(4, slots(dbproxy), "and the old one keeps serving");
            assertEquals(List.of(List.of("new slot")), dbproxy.query(600001, "SELECT content FROM msg WHERE id = 600001").asRows().rows());
            metadata("DELETE FROM split_range_info WHERE split_index = 5");
            dbproxy.refresh();
            awaitProgress(done, 30);

            try (Shardline watcher = Shardline.open(url + "&checkInterval=1")) {
                assertEquals(4, slots(watcher));
                metadata("DELETE FROM split_range_info WHERE split_index = 3");
                // checked every second on the JVM's one checker thread: allow for a busy machine
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (slots(watcher) != 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(3, slots(watcher), "the periodic check saw the new stamp and reloaded");
                assertEquals(4, slots(dbproxy), "a runtime without checks waits for refresh()");
                dbproxy.refresh();
                assertEquals(3, slots(dbproxy));
            }
            awaitProgress(done, 40);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            try (Connection c = fixture.physical(2); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + fixture.db("ud_3"));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " queries failed; the first: " + failures.peek());
    }

    /** Waits until every thread has answered at least {@code n} queries, so each reload happens under load. */
    private static void awaitProgress(AtomicIntegerArray done, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int t = 0; t < done.length(); t++) {
            while (done.get(t) < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(done.get(t) >= n, "thread " + t + " answered only " + done.get(t) + " queries");
        }
    }
}
