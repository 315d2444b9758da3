package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.MariaDbServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies cut short: the target server killed, the source server killed, the copy cancelled, the admin's whole process
 * killed. Each leaves no database under a new name (at once, or as soon as the next copy or a cancel can reach the
 * target), the source untouched, and a retry that copies everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path backupStore;
    private TestEstate estate;
    private ShardlineAdmin admin;
    private MariaDbServer src;
    private MariaDbServer dst;

    @BeforeAll
    void servers() throws Exception {
        estate = TestEstate.create(AdminOptions.defaults().withBackups(backupStore, Duration.ofDays(7)));
        admin = estate.admin;
        src = CopyServers.src();
        dst = CopyServers.dst();
        CopyServers.register(estate);
    }

    @AfterEach
    void serversBack() {
        admin.observeSteps(null);
        for (MariaDbServer s : List.of(src, dst)) {
            try (Connection c = s.connect()) {
                c.isValid(1);
            } catch (SQLException dead) {
                s.restart();
            }
        }
    }

    @AfterAll
    void drop() throws SQLException {
        estate.close();
    }

    /** Two source databases of this test, {@code <p>a} and {@code <p>b}, and their copies' names {@code ..._c}. */
    private Map<String, String> fixture(String tag) throws SQLException {
        String a = estate.prefix + tag + "a";
        String b = estate.prefix + tag + "b";
        CopyDatabaseTest.fill(src, a, b, 400);
        Map<String, String> names = new LinkedHashMap<>();
        names.put(a, a + "_c");
        names.put(b, b + "_c");
        return names;
    }

    private void stopAt(String database, Runnable action) {
        admin.observeSteps(step -> {
            if (step.contains("copy database " + database + " ")) {
                admin.observeSteps(null);
                action.run();
            }
        });
    }

    private void assertNothingOnTarget(Map<String, String> names) throws SQLException {
        for (String n : names.values()) {
            assertFalse(CopyServers.exists(dst, n), n + " is left half-made");
        }
    }

    private void assertCopied(Map<String, String> names) throws SQLException {
        for (var e : names.entrySet()) {
            assertEquals(CopyServers.tableChecksums(src, e.getKey()), CopyServers.tableChecksums(dst, e.getValue()));
            assertEquals(CopyServers.definitions(src, e.getKey(), names), CopyServers.definitions(dst, e.getValue(), names));
        }
    }

    @Test
    void aTargetKilledPartWayIsCleanedByTheRetry() throws Exception {
        Map<String, String> names = fixture("tk");
        String second = List.copyOf(names.keySet()).get(1);
        stopAt(second, dst::kill);
        CopyTask task = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names));
        DrdsException e = assertThrows(DrdsException.class, () -> task.await(WAIT));
        assertEquals("ServiceUnavailable", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("not removed yet: database " + names.get(List.copyOf(names.keySet()).get(0))),
                e.getMessage());
        CopyProgress failed = admin.describeCopyDatabaseTask(task.requestId());
        assertEquals(TaskState.FAILED, failed.state());

        dst.restart();
        assertTrue(CopyServers.exists(dst, names.get(List.copyOf(names.keySet()).get(0))), "left while dst was down");
        CopyProgress retried = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names))
                .await(WAIT);
        assertEquals(TaskState.SUCCESS, retried.state());
        assertCopied(names);
        assertTrue(admin.describeCopyDatabaseTask(task.requestId()).message().contains("later removed what it made"),
                admin.describeCopyDatabaseTask(task.requestId()).message());
    }

    @Test
    void aSourceKilledPartWayLeavesNothingOnTheTarget() throws Exception {
        Map<String, String> names = fixture("sk");
        Map<String, String> before = CopyServers.tableChecksums(src, List.copyOf(names.keySet()).get(0));
        stopAt(List.copyOf(names.keySet()).get(1), src::kill);
        CopyTask task = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names));
        DrdsException e = assertThrows(DrdsException.class, () -> task.await(WAIT));
        assertEquals("ServiceUnavailable", e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("removed what it made: database "), e.getMessage());
        assertNothingOnTarget(names);

        src.restart();
        assertEquals(before, CopyServers.tableChecksums(src, List.copyOf(names.keySet()).get(0)), "source untouched");
        admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names)).await(WAIT);
        assertCopied(names);
    }

    @Test
    void aCancelledCopyRemovesWhatItMade() throws Exception {
        Map<String, String> names = fixture("cc");
        admin.observeSteps(step -> {
            if (step.contains("copy database " + List.copyOf(names.keySet()).get(1) + " ")) {
                admin.observeSteps(null);
                String id = step.substring(step.indexOf(' ') + 1, step.indexOf(':'));
                try {
                    assertEquals(TaskState.RUNNING, admin.cancelCopyDatabaseTask(id).state(), "on its own thread");
                } catch (DrdsException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        CopyTask task = admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names));
        DrdsException e = assertThrows(DrdsException.class, () -> task.await(WAIT));
        assertEquals("OperationDenied.TaskCancelled", e.code(), e.getMessage());
        assertEquals(TaskState.CANCELLED, admin.describeCopyDatabaseTask(task.requestId()).state());
        assertNothingOnTarget(names);
    }

    @Test
    void anAdminProcessKilledPartWayIsCleanedByCancelAndTheCopyRetried() throws Exception {
        Map<String, String> names = fixture("pk");
        List<String> sources = List.copyOf(names.keySet());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.shardline.admin.CopyChild", estate.adminUrl(), sources.get(0), sources.get(1))
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
            assertEquals("PAUSED", line, "the child reached the second database");
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(id != null && CopyServers.exists(dst, names.get(sources.get(0))), "half made when the admin died");
        CopyProgress dead = admin.describeCopyDatabaseTask(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (dead.state() == TaskState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50); // the server frees the dead process's lock when it sees its connection close
            dead = admin.describeCopyDatabaseTask(id);
        }
        assertEquals(TaskState.FAILED, dead.state());
        assertTrue(dead.message().contains("stopped"), dead.message());

        CopyProgress cancelled = admin.cancelCopyDatabaseTask(id);
        assertEquals(TaskState.FAILED, cancelled.state());
        assertNothingOnTarget(names);
        admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", names)).await(WAIT);
        assertCopied(names);
    }
}
