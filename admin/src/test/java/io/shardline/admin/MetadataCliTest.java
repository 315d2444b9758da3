package io.shardline.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.driver.ShardlineDriver;
import io.shardline.driver.testing.MariaDb;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.YamlSplitConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code metadata import|export|check} as an operator runs them: a YAML topology into H2 and MySQL stores and back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetadataCliTest {
    private final String p = "mc" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
    private Path dir;
    private String yaml;

    @BeforeAll
    void shards() throws Exception {
        dir = Files.createDirectories(Path.of("target", p).toAbsolutePath());
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String db : new String[] {"u_0", "u_1"}) {
                s.execute("CREATE DATABASE " + p + db);
                for (int n = db.equals("u_0") ? 0 : 2; n < (db.equals("u_0") ? 2 : 4); n++) {
                    s.execute("CREATE TABLE " + p + db + ".user_" + n + " (uid BIGINT PRIMARY KEY, name VARCHAR(20))");
                }
            }
            s.execute("CREATE DATABASE " + p + "cfg");
        }
        yaml = """
                server_info:
                  - {server_id: 1, host: 127.0.0.1, port: 3306, user: root}
                table_info:
                  - {table_name: user, split_type: 0, table_count: 4, hint_field: uid}
                split_table_info:
                  - {table_name: user, table_number: 0, server_id: 1, database_name: %1$su_0}
                  - {table_name: user, table_number: 1, server_id: 1, database_name: %1$su_0}
                  - {table_name: user, table_number: 2, server_id: 1, database_name: %1$su_1}
                  - {table_name: user, table_number: 3, server_id: 1, database_name: %1$su_1}
                table_option:
                  - {table_name: user, full_table_scan: 1}
                """.formatted(p);
        Files.writeString(dir.resolve("topology.yaml"), yaml);
    }

    @AfterAll
    void drop() throws Exception {
        ShardlineDriver.closeRuntimes();
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            for (String db : new String[] {"u_0", "u_1", "cfg"}) {
                s.execute("DROP DATABASE IF EXISTS " + p + db);
            }
        }
    }

    private record Run(int status, String out, String err) {
    }

    private static Run cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AdminCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTopologyGoesIntoEitherStoreComesBackTheSameAndChecksClean() throws Exception {
        String h2 = "jdbc:shardline:h2:" + dir.resolve("meta");
        String mysql = "jdbc:shardline:mysql://127.0.0.1:3306/" + p + "cfg?user=root&password=";
        String topology = dir.resolve("topology.yaml").toString();
        SplitConfig original = YamlSplitConfig.parse(new StringReader(yaml), 0);
        for (String store : new String[] {h2, mysql}) {
            Run in = cli("metadata", "import", topology, "--store", store);
            assertEquals(0, in.status(), in.err());
            assertTrue(in.out().startsWith("imported 7 rows (1 servers, 1 tables)"), in.out());

            Run again = cli("metadata", "import", topology, "--store", store);
            assertEquals(1, again.status());
            assertTrue(again.err().contains("already holds servers or tables") && again.err().contains("--replace"),
                    again.err());
            assertEquals(0, cli("metadata", "import", topology, "--store", store, "--replace").status());

            Path exported = dir.resolve("exported.yaml");
            Run outRun = cli("metadata", "export", "--store", store, "--out", exported.toString());
            assertEquals(0, outRun.status(), outRun.err());
            SplitConfig back = YamlSplitConfig.parse(Files.newBufferedReader(exported), 0);
            assertEquals(original.servers(), back.servers());
            assertEquals(original.tables(), back.tables());
            assertEquals(original.splitTables(), back.splitTables());
            assertEquals(original.tableOptions(), back.tableOptions());

            Run check = cli("metadata", "check", "--store", store);
            assertEquals(0, check.status(), check.out() + check.err());
            assertTrue(check.out().contains("1 logical tables, 4 physical tables on 1 servers"), check.out());
            assertTrue(check.out().contains("clean: no problem found"), check.out());
            ShardlineDriver.closeRuntimes();
        }
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + p + "u_1.user_3");
        }
        Run broken = cli("metadata", "check", "--store", h2);
        assertEquals(1, broken.status(), broken.out());
        assertTrue(broken.out().contains("PROBLEM table user: physical table " + p + "u_1.user_3 on server 1"), broken.out());
        Run usage = cli("metadata", "check");
        assertEquals(2, usage.status());
        assertFalse(usage.err().isEmpty());
    }
}
