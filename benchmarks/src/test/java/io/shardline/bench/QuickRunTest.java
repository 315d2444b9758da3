package io.shardline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a quick run (every trial in one JVM) reuses between trials, and what it must not: an H2 estate whose rows
 * are no longer the expected ones is loaded again; a pooled target is shared by the trials that follow one another
 * on its engine and layout, and one at a time; a kept target (a connection per thread) is opened per trial.
 */
class QuickRunTest {
    @AfterEach
    void stopSharing() throws Exception {
        Targets.stopSharing();
        Layout.use(Layout.DEFAULT);
    }

    @Test
    void anH2EstateMissingARowIsLoadedAgainNotReused() throws Exception {
        Engine.H2.prepare();
        try (Connection c = Engine.H2.connect(1); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + Layout.physical("t_order", 1) + " WHERE order_id = (SELECT MIN(order_id) FROM "
                    + Layout.physical("t_order", 1) + ")");
        }
        Engine.H2.prepare();
        try (Target direct = Targets.open("direct", Engine.H2)) {
            Checks.verify("direct", direct, Engine.H2); // throws on any row missing from an answer
        }
        assertEquals(Layout.ROWS, rows());
    }

    @Test
    void aQuickRunSharesPooledTargetsPerLayoutAndOpensKeptOnesPerTrial() throws Exception {
        Engine.H2.prepare();
        Targets.shareAcrossTrials();
        Target first = Targets.checked("shardline", Engine.H2);
        Targets.release(first);
        assertSame(first, Targets.checked("shardline", Engine.H2));
        first.point(17, 17, new Answer()); // released by a trial, still open for the next

        Target kept = Targets.checked("shardline-kept", Engine.H2);
        Targets.release(kept);
        Target next = Targets.checked("shardline-kept", Engine.H2);
        Targets.release(next);
        assertNotSame(kept, next);
        assertThrows(SQLException.class, () -> kept.point(17, 17, new Answer()),
                "a kept target is closed after its trial");

        Layout.use("256x16");
        Engine.H2.prepare();
        assertNotSame(first, Targets.checked("shardline", Engine.H2), "another layout, another target");
        assertThrows(SQLException.class, () -> first.point(17, 17, new Answer()),
                "one shared target open at a time, as in a fork: MariaDB's connections stay bounded");
    }

    private static long rows() throws SQLException {
        long n = 0;
        for (int t = 0; t < Layout.TABLES; t++) {
            n += Engine.H2.queryLong(Layout.database(t), "SELECT COUNT(*) FROM " + Layout.physical("t_order", t));
        }
        return n;
    }
}
