package io.shardline.driver.faults;

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
 * A merge of 1,000,000 rows over four shards in a JVM of 128 MB: with a fetch size the shards' rows stream through
 * server-side cursors and the ordered merge reads all of them; without one, each shard's result is read whole and a
 * 64 MB heap runs out, which the application sees as 100507, not as a raw OutOfMemoryError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryTest {
    private static final int SHARDS = 4;
    private static final int PER_SHARD = 250_000;
    private final String prefix = "mem" + System.nanoTime() % 100000 + "_";
    private Path yaml;

    @BeforeAll
    void load() throws SQLException, IOException {
        StringBuilder y = new StringBuilder("server_info:\n  - {server_id: 1, host: 127.0.0.1, port: 3306, user: root}\n"
                + "table_info:\n  - {table_name: m, split_type: 0, table_count: " + SHARDS + ", hint_field: id}\n"
                + "split_table_info:\n");
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (int k = 0; k < SHARDS; k++) {
                String db = prefix + k;
                s.execute("CREATE DATABASE " + db);
                s.execute("CREATE TABLE " + db + ".m_" + k + " (id BIGINT PRIMARY KEY, pad CHAR(24))");
                s.execute("INSERT INTO " + db + ".m_" + k + " SELECT seq * " + SHARDS + " + " + k
                        + ", 'abcdefghijklmnopqrstuvwx' FROM " + db + ".seq_0_to_" + (PER_SHARD - 1));
                y.append("  - {table_name: m, table_number: ").append(k).append(", server_id: 1, database_name: ")
                        .append(db).append("}\n");
            }
        }
        y.append("table_option:\n  - {table_name: m, full_table_scan: 1}\n");
        yaml = Path.of("target", prefix + "estate.yaml").toAbsolutePath();
        Files.writeString(yaml, y);
    }

    @AfterAll
    void drop() throws SQLException, IOException {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (int k = 0; k < SHARDS; k++) {
                s.execute("DROP DATABASE IF EXISTS " + prefix + k);
            }
        }
        Files.deleteIfExists(yaml);
    }

    @Test
    void aMillionRowMergeStreamsThroughA128MegabyteHeap() throws Exception {
        String out = child("128m", "defaultFetchSize=1000");
        long n = (long) SHARDS * PER_SHARD;
        assertEquals("rows=" + n + " ordered=true sum=" + n * (n - 1) / 2, out.lines().filter(l -> l.startsWith("rows="))
                .findFirst().orElse(out));
    }

    @Test
    void runningOutOfHeapIsReportedAs100507() throws Exception {
        String out = child("64m", "");
        assertTrue(out.contains("code=100507"), out);
        assertFalse(out.contains("Exception in thread \"main\""), out);
    }

    /** Runs {@link MergeInSmallHeap} in a JVM with heap {@code heap}; answers what it printed. */
    private String child(String heap, String params) throws Exception {
        String url = "jdbc:shardline:file:" + yaml + "?checkInterval=0" + (params.isEmpty() ? "" : "&" + params);
        Path log = Files.createTempFile(Path.of("target"), "child", ".log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), MergeInSmallHeap.class.getName(), url))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String out = Files.readString(log);
        Files.delete(log);
        return out;
    }
}
