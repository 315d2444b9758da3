package io.shardline.driver.dbproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.router.dbproxy.SplitInfo;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * refresh while 8 threads query: a new range slot becomes routable, a bad configuration is refused and the old one
 * keeps serving, and a runtime with a check interval reloads on its own when the update stamp moves. No query fails.
 */
class DbproxyRefreshTest extends DbproxyEstate {
    private static final int THREADS = 8;

    private void metadata(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(fixture.metadataJdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
            ConfigSchema.touch(c);
        }
    }

    private void addSlot(int index, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(fixture.metadataJdbcUrl())) {
            new ConfigWriter(c, false).rangeSlot("", "ud", index, 0, 2, fixture.db(database));
            ConfigSchema.touch(c);
        }
    }

    private int slots(Shardline shardline) throws SQLException {
        return ((SplitInfo.Range) shardline.splitInfo("msg")).count();
    }

    @Test
    void reloadsWhileEightThreadsQueryAndNoQueryFails() throws Exception {
        List<Long> ids = api.allSplitHintIds("msg");
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
                                ? api.iQuery(List.of(id, ids.get((i + 5) % ids.size())), "msg",
                                        "SELECT content FROM msg WHERE id = " + id, null, false).asRows().rows()
                                : api.query(id, "msg", "SELECT content FROM msg WHERE id = ?", List.of(Long.toString(id)),
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
            assertEquals(100404, code(() -> api.query(600001, "msg", "SELECT * FROM msg", null, false)));

            addSlot(3, "ud_3");
            api.refresh();
            assertEquals(4, slots(api), "refresh() returns with the new metadata in use");
            api.query(600001, "msg", "INSERT INTO msg (id, content) VALUES (600001, 'new slot')", null, false);
            assertEquals(List.of("new slot"), physical(2, "ud_3", "msg0", "content"));
            assertEquals(20, api.allSplitHintIds("msg").size());
            awaitProgress(done, 20);

            addSlot(5, "ud_3"); // a gap: slot 4 is missing
            assertEquals(100503, code(api::refresh), "an invalid configuration is refused");
            assertEquals(4, slots(api), "and the old one keeps serving");
            assertEquals(List.of(List.of("new slot")), api.query(600001, "SELECT content FROM msg WHERE id = 600001").asRows().rows());
            metadata("DELETE FROM split_range_info WHERE split_index = 5");
            api.refresh();
            awaitProgress(done, 30);

            try (Shardline watcher = Shardline.open(fixture.url().replace("checkInterval=0", "checkInterval=1"))) {
                assertEquals(4, slots(watcher));
                metadata("DELETE FROM split_range_info WHERE split_index = 3");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (slots(watcher) != 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(3, slots(watcher), "the periodic check saw the new stamp and reloaded");
                assertEquals(4, slots(api), "a runtime without checks waits for refresh()");
                api.refresh();
                assertEquals(3, slots(api));
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
