package io.shardline.bench;

import io.shardline.driver.ShardlineDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/** Opens each target over the same four shard databases, with the same pool size per database. */
final class Targets {
    static final int POOL_SIZE = 10;
    static final String[] NAMES = {"direct", "shardline", "shardingsphere", "direct-kept", "shardline-kept",
        "shardingsphere-kept"};

    /** The pooled target a quick run's trials share, and its name, engine and layout: see {@link #checked}. */
    private static Target shared;
    private static String sharedKey;
    /** The targets whose answers this JVM has checked, by name, engine and layout. */
    private static final Set<String> CHECKED = new HashSet<>();
    private static boolean shareAcrossTrials;

    private Targets() {
    }

    /**
     * Called by a quick run, whose trials all run in this JVM, one target after another: from then on
     * {@link #checked} hands the next trial of a pooled target the one the trial before opened on that engine and
     * layout (ShardingSphere takes seconds to start), and checks each target's answers once. One target stays open at
     * a time, so a quick run holds no more MariaDB connections than a fork does. A run with a fork per trial never
     * calls it.
     */
    static synchronized void shareAcrossTrials() {
        shareAcrossTrials = true;
    }

    /**
     * The target one trial times, its answers checked first ({@link Checks}). Kept targets hold a connection per
     * thread and a trial has threads of its own, so each trial opens its own kept target; {@link #release} it after.
     */
    static synchronized Target checked(String name, Engine engine) throws Exception {
        String key = name + "/" + engine + "/" + Layout.TABLES + "x" + Layout.DATABASES;
        boolean share = shareAcrossTrials && !name.endsWith("-kept");
        if (share && key.equals(sharedKey)) {
            return shared;
        }
        if (share) {
            closeShared();
        }
        Target target = open(name, engine);
        if (!shareAcrossTrials || !CHECKED.contains(key)) {
            try {
                Checks.verify(name, target, engine);
            } catch (Exception | Error e) {
                target.close();
                throw e;
            }
            CHECKED.add(key);
        }
        if (share) {
            shared = target;
            sharedKey = key;
        }
        return target;
    }

    /** Each named target opened and its answers checked ({@link Checks}), in the given order: for the one-JVM harnesses. */
    static Map<String, Target> openChecked(List<String> names, Engine engine) throws Exception {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String name : names) {
            Target t = open(name, engine);
            Checks.verify(name, t, engine);
            targets.put(name, t);
        }
        return targets;
    }

    /** The end of a trial: closes its target unless the next trial of a quick run may share it. */
    static synchronized void release(Target target) throws Exception {
        if (target != null && target != shared) {
            target.close();
        }
    }

    /** Closes the target a quick run's trials shared. */
    static synchronized void closeShared() throws Exception {
        Target target = shared;
        shared = null;
        sharedKey = null;
        if (target != null) {
            target.close();
        }
    }

    /** The end of a quick run: closes the shared target, and opens and checks a target per trial again. */
    static synchronized void stopSharing() throws Exception {
        shareAcrossTrials = false;
        CHECKED.clear();
        closeShared();
    }

    /**
     * {@code name} is a target, with {@code -kept} when the application holds its connections and prepared
     * statements across operations instead of borrowing them for each ({@link ConnectionUse}).
     */
    static Target open(String name, Engine engine) throws Exception {
        boolean kept = name.endsWith("-kept");
        switch (kept ? name.substring(0, name.length() - "-kept".length()) : name) {
            case "direct":
                return new DirectTarget(engine, POOL_SIZE, kept);
            case "shardline":
                ShardlineDataSource ds = shardlineDataSource(engine);
                return new LogicalTarget(ds, ds, kept);
            case "shardingsphere":
                DataSource ss = YamlShardingSphereDataSourceFactory.createDataSource(
                        shardingSphereYaml(engine).getBytes(StandardCharsets.UTF_8));
                return new LogicalTarget(ss, (AutoCloseable) ss, kept);
            default:
                throw new IllegalArgumentException("unknown target " + name + "; expected direct, shardline or "
                        + "shardingsphere, each optionally with -kept");
        }
    }

    /** Shardline over the layout's shard databases, its metadata in a YAML file. */
    static ShardlineDataSource shardlineDataSource(Engine engine) throws IOException {
        return new ShardlineDataSource("jdbc:shardline:file:"
                + write("shardline-" + engine.name().toLowerCase() + ".yaml", shardlineYaml(engine))
                + "?checkInterval=0&maxPoolSize=" + POOL_SIZE);
    }

    /** DBProxy's tables as Shardline's YAML store reads them: one server per shard database. */
    static String shardlineYaml(Engine engine) {
        StringBuilder y = new StringBuilder("server_info:\n");
        for (int db = 0; db < Layout.DATABASES; db++) {
            if (engine == Engine.H2) {
                y.append("  - {server_id: ").append(db + 1).append(", host: h2-ds_").append(db)
                        .append(", port: 0, user: sa}\n");
            } else {
                y.append("  - {server_id: ").append(db + 1).append(", host: '").append(Engine.HOST)
                        .append("', port: ").append(Engine.PORT).append(", user: ").append(engine.user()).append("}\n");
            }
        }
        if (engine == Engine.H2) {
            y.append("server_option:\n");
            for (int db = 0; db < Layout.DATABASES; db++) {
                y.append("  - {server_id: ").append(db + 1).append(", jdbc_url: '").append(engine.jdbcUrl(db))
                        .append("'}\n");
            }
        }
        y.append("table_info:\n");
        for (String t : Layout.LOGICAL) {
            y.append("  - {table_name: ").append(t).append(", split_type: 0, table_count: ").append(Layout.TABLES)
                    .append(", hint_field: user_id}\n");
        }
        y.append("split_table_info:\n");
        for (String t : Layout.LOGICAL) {
            for (int n = 0; n < Layout.TABLES; n++) {
                int db = Layout.database(n);
                y.append("  - {table_name: ").append(t).append(", table_number: ").append(n).append(", server_id: ")
                        .append(db + 1).append(", database_name: ").append(engine.database(db)).append("}\n");
            }
        }
        y.append("table_option:\n");
        for (String t : Layout.LOGICAL) {
            y.append("  - {table_name: ").append(t).append(", full_table_scan: 1}\n");
        }
        return y.toString();
    }

    /** ShardingSphere-JDBC's sharding rule for the same layout, with its pure-Java MOD algorithm (no Groovy). */
    static String shardingSphereYaml(Engine engine) {
        StringBuilder y = new StringBuilder("databaseName: bench\ndataSources:\n");
        for (int db = 0; db < Layout.DATABASES; db++) {
            y.append("  ds_").append(db).append(":\n")
                    .append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n")
                    .append("    driverClassName: ").append(engine == Engine.H2 ? "org.h2.Driver" : "com.mysql.cj.jdbc.Driver")
                    .append('\n')
                    .append("    jdbcUrl: '").append(engine.jdbcUrl(db)).append("'\n")
                    .append("    username: ").append(engine.user()).append('\n')
                    .append("    password: ''\n")
                    .append("    maximumPoolSize: ").append(POOL_SIZE).append('\n')
                    .append("    minimumIdle: 2\n");
        }
        // auto tables place t_order_n in ds_(n % 4): the layout the other targets use
        y.append("rules:\n- !SHARDING\n  autoTables:\n");
        for (String t : Layout.LOGICAL) {
            y.append("    ").append(t).append(":\n      actualDataSources: ");
            for (int db = 0; db < Layout.DATABASES; db++) {
                y.append(db == 0 ? "" : ",").append("ds_").append(db);
            }
            y.append("\n      shardingStrategy:\n        standard:\n          shardingColumn: user_id\n")
                    .append("          shardingAlgorithmName: table_mod\n");
        }
        if (Layout.writable()) {
            y.append("  bindingTables:\n    - t_order,t_order_item\n");
        }
        y.append("  shardingAlgorithms:\n")
                .append("    table_mod:\n      type: MOD\n      props:\n        sharding-count: ")
                .append(Layout.TABLES).append('\n')
                .append("props:\n  sql-show: false\n");
        return y.toString();
    }

    /** {@code text} in a file of this run under target/bench, removed when the JVM exits. */
    static Path write(String name, String text) throws IOException {
        Path dir = Path.of("target", "bench").toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(ProcessHandle.current().pid() + "-" + name);
        Files.writeString(file, text);
        file.toFile().deleteOnExit();
        return file;
    }
}
