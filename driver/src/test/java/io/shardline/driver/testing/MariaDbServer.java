package io.shardline.driver.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code mariadbd} started by a test on a free port, with its data directory under {@code target/}, so that
 * shards live on several servers. Root logs in over TCP without a password. Stopped by {@link #close()} or at JVM exit.
 */
public final class MariaDbServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> options;
    private Process process;

    private MariaDbServer(Path dir, int port, List<String> options) {
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    /** Installs a fresh data directory and starts the server; fails loudly if MariaDB is not installed. */
    public static MariaDbServer start(String name) {
        return start(name, List.of());
    }

    /**
     * As {@link #start(String)}, with more {@code mariadbd} options (e.g. {@code --log-bin}, {@code --server-id=2},
     * {@code --binlog-format=ROW}); the binary log stays off unless an option names it.
     */
    public static MariaDbServer start(String name, List<String> options) {
        try {
            int port = freePort();
            Path dir = Path.of("target", "mariadb", name + "-" + port).toAbsolutePath();
            deleteTree(dir);
            Files.createDirectories(dir);
            MariaDbServer server = new MariaDbServer(dir, port, List.copyOf(options));
            server.install();
            server.launch();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start a test MariaDB server (is mariadb-server installed?"
                    + " scripts/ensure-mariadb installs it): " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> userOption() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    }

    private void install() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        // its own tmpdir: installs running side by side (parallel builds) collide on /tmp's temporary tables
        List<String> cmd = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--tmpdir=" + dir.resolve("tmp"), "--auth-root-authentication-method=normal", "--skip-test-db"));
        cmd.addAll(userOption());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mariadb-install-db failed; see " + dir.resolve("install.log"));
        }
    }

    private void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mariadbd(), "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
                "--tmpdir=" + dir.resolve("tmp"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--innodb-buffer-pool-size=32M",
                "--skip-name-resolve", "--max-connections=500"));
        if (options.stream().noneMatch(o -> o.startsWith("--log-bin") || o.startsWith("--log_bin"))) {
            cmd.add("--skip-log-bin");
        }
        cmd.addAll(options);
        cmd.addAll(userOption());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("error.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + "; see " + dir.resolve("error.log"));
            }
            try (Connection c = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IOException("mariadbd on port " + port + " did not answer in 60 s: " + (last == null ? "" : last.getMessage()));
    }

    private static String mariadbd() {
        for (String candidate : List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "mariadbd";
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "root", "");
    }

    /** Kills the server at once, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server's data directory (its binary logs live there when they are on). */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Stops the server's process (SIGSTOP): connections stay open and nothing answers, as a frozen host. */
    public void freeze() {
        signal("STOP");
        awaitStopped();
    }

    /**
     * Waits until every thread of the server is stopped: {@code kill} returns once the signal is sent, and on a busy
     * machine a thread woken by a query could still answer it before it is stopped.
     */
    private void awaitStopped() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (var list = Files.list(tasks)) {
                boolean all = list.allMatch(t -> {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        char state = stat.charAt(stat.lastIndexOf(')') + 2);
                        return state == 'T' || state == 't';
                    } catch (IOException | RuntimeException gone) {
                        return true; // a thread that ended meanwhile runs nothing
                    }
                });
                if (all) {
                    return;
                }
                Thread.sleep(5);
            } catch (IOException e) {
                return; // no /proc here: the signal alone has to do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("mariadbd " + process.pid() + " did not stop within 5 s of SIGSTOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port and data. */
    public void restart() {
        try {
            kill();
            launch();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            signal("CONT"); // a frozen server cannot shut down
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: target/ is cleaned by the next build anyway
        }
    }
}
