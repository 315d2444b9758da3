package io.shardline.driver.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.exec.XaRecovery;
import io.shardline.driver.testing.MariaDbServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JVM holding XA transactions dies (kill -9 of a child JVM running bank transfers over two servers) at a chosen
 * point of a commit: after every branch prepared but before the decision, or after the commit decision but before any
 * branch committed. The branches it left prepared are resolved by the next Shardline instance, one without the XA
 * opt-in: at its start, or by the operator's call ({@code recoverXa}, which the admin exposes); decided ones commit,
 * the others roll back, nothing stays prepared, and the sum of the balances is intact. The metadata (and so the decision
 * log) is a MySQL config database the child and this JVM share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XaCrashTest {
    private TwoServerEstate estate;

    @BeforeAll
    void start() throws SQLException {
        estate = new TwoServerEstate("xacrash", MariaDbServer.start("xacrash-healthy"),
                MariaDbServer.start("xacrash-victim"), true);
        XaBank.open(estate);
    }

    @AfterAll
    void stop() {
        estate.close();
    }

    @Test
    void aJvmKilledAfterItsCommitDecisionIsCommittedWhenTheNextInstanceStarts() throws Exception {
        crash("decided", false);
    }

    @Test
    void aJvmKilledBetweenPrepareAndDecisionIsRolledBackByTheOperatorsCall() throws Exception {
        crash("prepared", true);
    }

    private void crash(String point, boolean byCall) throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dshardline.xa.pause=" + point + ":10", "-cp", System.getProperty("java.class.path"),
                XaBankChild.class.getName(), estate.url("transactions=xa"), "4")).start();
        CountDownLatch paused = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.add(line);
                    if (line.startsWith("shardline-xa-paused")) {
                        paused.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(paused.await(90, TimeUnit.SECONDS), "the child reached '" + point + "': " + output);
            Thread.sleep(300); // its other threads go on meanwhile, into every state of their own transactions
        } finally {
            child.destroyForcibly(); // kill -9
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        List<String> left = new ArrayList<>(XaBank.prepared(estate.healthy));
        left.addAll(XaBank.prepared(estate.victim));
        Map<String, String> decisions = decisions();
        System.out.printf("killed at '%s': %d branches left prepared, decisions %s%n", point, left.size(),
                left.stream().map(g -> decisions.getOrDefault(g, "none")).toList());
        assertFalse(left.isEmpty(), "the killed JVM left prepared branches");
        if (point.equals("decided")) {
            assertTrue(left.stream().anyMatch(g -> "commit".equals(decisions.get(g))), "a decided branch among them");
        } else {
            assertTrue(left.stream().anyMatch(g -> !decisions.containsKey(g)), "an undecided branch among them");
        }

        long started = System.nanoTime();
        try (ShardlineDataSource next = estate.dataSource("xaRecoveryInterval=500&xaAbandonAfter=1000")) {
            if (byCall) {
                // a branch is the server's to recover once it has seen the dead JVM's connection close: a call made
                // in that instant leaves it waiting, and the next one resolves it
                int rolledBack = 0;
                XaRecovery.Report report;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                do {
                    report = next.runtime().recoverXa();
                    rolledBack += report.rolledBack();
                } while (!report.complete() && System.nanoTime() < deadline);
                System.out.println("the operator's recovery: " + report + ", " + rolledBack + " rolled back in all");
                assertTrue(report.complete(), report.toString());
                assertTrue(rolledBack > 0, report.toString());
            } else {
                next.runtime(); // starting is enough
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!XaBank.prepared(estate.healthy).isEmpty() || !XaBank.prepared(estate.victim).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "recovered within 60 s");
                Thread.sleep(100);
            }
            System.out.printf("recovered %d ms after the next instance started%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        assertEquals((long) XaBank.ACCOUNTS * XaBank.INITIAL, XaBank.total(estate), "the sum of the balances is intact");
        for (String gtrid : left) {
            if ("commit".equals(decisions.get(gtrid))) {
                assertFalse(XaBank.prepared(estate.healthy).contains(gtrid) || XaBank.prepared(estate.victim)
                        .contains(gtrid), "decided " + gtrid + " is committed");
            }
        }
    }

    /** The decision log: gtrid to decision. */
    private Map<String, String> decisions() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = estate.metadata(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT gtrid, decision FROM xa_log")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
