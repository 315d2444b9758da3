package io.shardline.driver.gather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.testing.MariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gather of 1,000,000 rows through a JVM of 256 MB: every row of {@code m} sits on server 2 and is copied to a
 * temporary table on server 1 (where three single tables pull the evaluation), a chunk of multi-row INSERTs at a time;
 * the heap never holds the table. Under a lower {@code maxGatherRows} the same statement is refused, not run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatherMemoryTest {
    private static final long ROWS = 1_000_000;
    private GatherEstate estate;

    @BeforeAll
    void load() throws SQLException, IOException {
        estate = new GatherEstate();
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            // where the rows sit does not change a statement that reads all of m: put them all on server 2
            s.execute("INSERT INTO " + estate.prefix + "b.m_1 SELECT seq, seq % 40, 'abcdefghijklmnopqrstuvwx' FROM "
                    + estate.prefix + "b.seq_0_to_" + (ROWS - 1));
        }
    }

    @AfterAll
    void drop() throws SQLException, IOException {
        if (estate != null) {
            estate.close();
        }
    }

    @Test
    void aMillionRowGatherStreamsThroughA256MegabyteHeap() throws Exception {
        String out = child(estate.url("maxGatherRows=2000000"));
        String line = out.lines().filter(l -> l.startsWith("rows=")).findFirst().orElse(out);
        assertTrue(line.startsWith("rows=" + ROWS + " sum=" + ROWS * (ROWS - 1) / 2 + " "), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
    }

    @Test
    void aLowerLimitRefusesTheSameGather() throws Exception {
        String out = child(estate.url("maxGatherRows=100000"));
        assertTrue(out.startsWith("code=100403 the statement needs more than 100000 rows copied"), out);
        assertTrue(out.contains("maxGatherRows"), out);
    }

    private static String child(String url) throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "gather", ".log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), GatherInSmallHeap.class.getName(), url))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String out = Files.readString(log);
        Files.delete(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
