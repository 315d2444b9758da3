package io.shardline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardline.driver.ShardlineDataSource;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * The targets of the gathered-shapes benchmark over {@link ShapesEstate}: {@code plain} (one database holding all
 * the rows, on a HikariCP pool: the floor), {@code shardline}, and {@code shardingsphere} (5.5.2 with its SQL
 * federation on: the Calcite engine it answers such statements with). Same pool size per database for all. A
 * counting target ({@code counting = true}, MariaDB only) adds {@link RoundTrips} to every physical connection.
 */
final class ShapesTargets {
    static final String[] NAMES = {"plain", "shardline", "shardingsphere"};
    private static final String COUNTING = "&profileSQL=true&profilerEventHandler=" + RoundTrips.class.getName();

    private ShapesTargets() {
    }

    /** The shapes' targets among those a run asked for ({@code --targets}; null: all of them). */
    static String[] asked(String[] targets) {
        return targets == null ? NAMES
                : java.util.Arrays.stream(targets).filter(java.util.List.of(NAMES)::contains).toArray(String[]::new);
    }

    /** A target's data source and what closes it. */
    record Opened(DataSource dataSource, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            owner.close();
        }
    }

    static Opened open(String name, Engine engine, boolean counting) throws Exception {
        String extra = counting && engine == Engine.MARIADB ? COUNTING : "";
        switch (name) {
            case "plain" -> {
                HikariConfig c = new HikariConfig();
                c.setJdbcUrl(ShapesEstate.jdbcUrl(engine, -1) + extra);
                c.setUsername(engine.user());
                c.setPassword(engine.password());
                c.setMaximumPoolSize(Targets.POOL_SIZE);
                c.setMinimumIdle(2);
                HikariDataSource ds = new HikariDataSource(c);
                return new Opened(ds, ds);
            }
            case "shardline" -> {
                ShardlineDataSource ds = new ShardlineDataSource("jdbc:shardline:file:"
                        + Targets.write("shapes-shardline-" + engine.name().toLowerCase() + ".yaml", shardlineYaml(engine, extra))
                        + "?checkInterval=0&maxPoolSize=" + Targets.POOL_SIZE);
                return new Opened(ds, ds);
            }
            case "shardingsphere" -> {
                DataSource ds = YamlShardingSphereDataSourceFactory.createDataSource(
                        shardingSphereYaml(engine, extra).getBytes(StandardCharsets.UTF_8));
                return new Opened(ds, (AutoCloseable) ds);
            }
            default -> throw new IllegalArgumentException("unknown shapes target " + name + "; expected one of "
                    + String.join(", ", NAMES));
        }
    }

    /**
     * Shardline's store: one server per shard database, {@code t_order} and {@code t_payment} hashed (full scans
     * allowed), {@code t_user} a single table on server 4.
     */
    static String shardlineYaml(Engine engine, String extraOptions) {
        StringBuilder y = new StringBuilder("server_info:\n");
        for (int db = 0; db < ShapesEstate.DATABASES; db++) {
            y.append("  - {server_id: ").append(db + 1).append(", host: ")
                    .append(engine == Engine.H2 ? "h2-ds_" + db + ", port: 0" : "'" + Engine.HOST + "', port: " + Engine.PORT)
                    .append(", user: ").append(engine.user()).append("}\n");
        }
        if (engine == Engine.H2 || !extraOptions.isEmpty()) {
            y.append("server_option:\n");
            for (int db = 0; db < ShapesEstate.DATABASES; db++) {
                String url = engine == Engine.H2 ? ShapesEstate.jdbcUrl(engine, db)
                        : "jdbc:mysql://" + Engine.HOST + ":" + Engine.PORT + "/?" + extraOptions.substring(1);
                y.append("  - {server_id: ").append(db + 1).append(", jdbc_url: '").append(url).append("'}\n");
            }
        }
        y.append("table_info:\n")
                .append("  - {table_name: t_order, split_type: 0, table_count: ").append(ShapesEstate.ORDER_TABLES)
                .append(", hint_field: user_id}\n")
                .append("  - {table_name: t_payment, split_type: 0, table_count: ").append(ShapesEstate.PAYMENT_TABLES)
                .append(", hint_field: order_id}\n")
                .append("  - {table_name: t_user, split_type: 0}\n")
                .append("split_table_info:\n");
        for (int n = 0; n < ShapesEstate.ORDER_TABLES; n++) {
            placement(y, engine, "t_order", n, n % ShapesEstate.DATABASES);
        }
        for (int n = 0; n < ShapesEstate.PAYMENT_TABLES; n++) {
            placement(y, engine, "t_payment", n, n);
        }
        return y.append("table_option:\n")
                .append("  - {table_name: t_order, full_table_scan: 1}\n")
                .append("  - {table_name: t_payment, full_table_scan: 1}\n")
                .append("  - {table_name: t_user, table_kind: single, single_server_id: ")
                .append(ShapesEstate.USER_DATABASE + 1).append(", single_database_name: ")
                .append(ShapesEstate.schema(engine, ShapesEstate.USER_DATABASE)).append("}\n")
                .toString();
    }

    private static void placement(StringBuilder y, Engine engine, String table, int n, int db) {
        y.append("  - {table_name: ").append(table).append(", table_number: ").append(n).append(", server_id: ")
                .append(db + 1).append(", database_name: ").append(ShapesEstate.schema(engine, db)).append("}\n");
    }

    /**
     * ShardingSphere-JDBC's rules for the same placement ({@code autoTables} with {@code MOD}: table n in
     * {@code ds_(n % 4)}), {@code t_user} as a single table of {@code ds_3}, and the SQL federation switched on: the
     * global {@code sqlFederation} rule of 5.5 ({@code sqlFederationEnabled}; {@code allQueryUseSQLFederation} stays
     * off, so statements one data source can answer are routed as usual).
     */
    static String shardingSphereYaml(Engine engine, String extraOptions) {
        StringBuilder y = new StringBuilder("databaseName: shapes\ndataSources:\n");
        StringBuilder all = new StringBuilder();
        for (int db = 0; db < ShapesEstate.DATABASES; db++) {
            y.append("  ds_").append(db).append(":\n")
                    .append("    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n")
                    .append("    driverClassName: ")
                    .append(engine == Engine.H2 ? "org.h2.Driver" : "com.mysql.cj.jdbc.Driver").append('\n')
                    .append("    jdbcUrl: '").append(ShapesEstate.jdbcUrl(engine, db)).append(extraOptions).append("'\n")
                    .append("    username: ").append(engine.user()).append('\n')
                    .append("    password: ''\n")
                    .append("    maximumPoolSize: ").append(Targets.POOL_SIZE).append('\n')
                    .append("    minimumIdle: 2\n");
            all.append(db == 0 ? "" : ",").append("ds_").append(db);
        }
        y.append("rules:\n- !SHARDING\n  autoTables:\n");
        autoTable(y, "t_order", all, "user_id", "order_mod");
        autoTable(y, "t_payment", all, "order_id", "payment_mod");
        y.append("  shardingAlgorithms:\n");
        algorithm(y, "order_mod", ShapesEstate.ORDER_TABLES);
        algorithm(y, "payment_mod", ShapesEstate.PAYMENT_TABLES);
        y.append("- !SINGLE\n  tables:\n    - ds_").append(ShapesEstate.USER_DATABASE).append(".t_user\n");
        return y.append("sqlFederation:\n  sqlFederationEnabled: true\n  allQueryUseSQLFederation: false\n"
                        + "  executionPlanCache:\n    initialCapacity: 2000\n    maximumSize: 65535\n")
                .append("props:\n  sql-show: false\n").toString();
    }

    private static void autoTable(StringBuilder y, String table, CharSequence sources, String column, String algorithm) {
        y.append("    ").append(table).append(":\n      actualDataSources: ").append(sources)
                .append("\n      shardingStrategy:\n        standard:\n          shardingColumn: ").append(column)
                .append("\n          shardingAlgorithmName: ").append(algorithm).append('\n');
    }

    private static void algorithm(StringBuilder y, String name, int count) {
        y.append("    ").append(name).append(":\n      type: MOD\n      props:\n        sharding-count: ").append(count)
                .append('\n');
    }
}
