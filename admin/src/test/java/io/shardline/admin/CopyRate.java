package io.shardline.admin;

import io.shardline.driver.testing.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Measures a live copy, a backup and a restore by backup id against {@code mariadb-dump --single-transaction |
 * mariadb} on the same data between two fresh servers; prints rows/s. Not a test: run by hand (README, "Copying
 * databases") with {@code java -cp <admin test classpath> io.shardline.admin.CopyRate [rows]}.
 */
public final class CopyRate {
    private CopyRate() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        // servers of its own, without the test servers' general query log
        MariaDbServer src = MariaDbServer.start("rate-src", List.of("--log-bin=src-bin", "--server-id=21",
                "--binlog-format=ROW", "--plugin-load-add=disks"));
        MariaDbServer dst = MariaDbServer.start("rate-dst", List.of("--plugin-load-add=disks"));
        Path store = Files.createTempDirectory("shardline-backups");
        TestEstate estate = TestEstate.create(AdminOptions.defaults().withBackups(store, Duration.ofDays(1)));
        try {
            estate.admin.registerRds(new RdsRegistration("src", TestEstate.REGION, "127.0.0.1", src.port(), "root", "",
                    null));
            estate.admin.registerRds(new RdsRegistration("dst", TestEstate.REGION, "127.0.0.1", dst.port(), "root", "",
                    null));
            String db = estate.prefix + "rate";
            CopyServers.run(src, "CREATE DATABASE " + db, "CREATE TABLE " + db + ".orders (id BIGINT PRIMARY KEY,"
                    + " customer INT NOT NULL, name VARCHAR(40), amount DECIMAL(12,2), created DATETIME,"
                    + " note VARCHAR(100), KEY (customer))");
            try (Connection c = CopyServers.connect(src, db); Statement s = c.createStatement()) {
                for (int from = 0; from < rows; from += 10_000) {
                    s.execute("INSERT INTO orders SELECT seq, seq % 9973, CONCAT('customer ', seq), seq / 7,"
                            + " '2024-01-01' + INTERVAL seq SECOND, REPEAT('x', seq % 100) FROM seq_" + (from + 1)
                            + "_to_" + Math.min(rows, from + 10_000));
                }
            }
            CopyServers.run(dst, "CREATE DATABASE " + db + "_dump");
            long t1 = System.nanoTime();
            Process p = new ProcessBuilder("bash", "-c", "mariadb-dump --no-defaults -h127.0.0.1 -P" + src.port()
                    + " -uroot --single-transaction " + db + " | mariadb --no-defaults -h127.0.0.1 -P" + dst.port()
                    + " -uroot " + db + "_dump").inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mariadb-dump | mariadb failed");
            }
            double dump = seconds(t1);
            long t0 = System.nanoTime();
            estate.admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", Map.of(db, db + "_copy")))
                    .await(Duration.ofHours(1));
            double copy = seconds(t0);


            long t2 = System.nanoTime();
            Backup b = estate.admin.createBackup("src", List.of(db));
            double backup = seconds(t2);
            long t3 = System.nanoTime();
            estate.admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", Map.of(db, db + "_restored"))
                    .withBackupId(b.backupId())).await(Duration.ofHours(1));
            double restore = seconds(t3);
            long t4 = System.nanoTime();
            estate.admin.copyDatabaseBetweenInstances(CopyDatabaseRequest.live("src", "dst", Map.of(db, db + "_copy2")))
                    .await(Duration.ofHours(1));
            double again = seconds(t4);

            System.out.printf("%d rows (%d bytes of data and indexes on the source)%n", rows,
                    ServerFacts.databaseBytes(src.connect(), List.of(db)));
            System.out.printf("live copy (CopyDatabaseBetweenInstances):  %6.2f s  %,9.0f rows/s%n", copy, rows / copy);
            System.out.printf("the same live copy again (JIT warm):          %6.2f s  %,9.0f rows/s%n", again, rows / again);
            System.out.printf("mariadb-dump --single-transaction | mariadb: %6.2f s  %,9.0f rows/s%n", dump, rows / dump);
            System.out.printf("CreateBackup:                               %6.2f s  %,9.0f rows/s  (%d bytes compressed)%n",
                    backup, rows / backup, b.backupSize());
            System.out.printf("copy by BackupId (restore):                 %6.2f s  %,9.0f rows/s%n", restore, rows / restore);
            System.out.println("checksums equal: " + CopyServers.tableChecksums(src, db).equals(
                    CopyServers.tableChecksums(dst, db + "_copy")) + " " + CopyServers.tableChecksums(dst, db + "_dump")
                    .equals(CopyServers.tableChecksums(src, db)));
        } finally {
            estate.close();
            src.close();
            dst.close();
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
