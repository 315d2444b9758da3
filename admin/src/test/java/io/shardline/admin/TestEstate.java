package io.shardline.admin;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.ShardlineDriver;
import io.shardline.driver.store.SecretBox;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.MariaDbServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real estate for admin tests: a MySQL config database on 3306 (random name), a secret key, an admin opened on
 * them, and two registered servers, {@code rdsA} (MariaDB 3306) and {@code rdsB} (the JVM's second mariadbd), in
 * region {@code cn-test}. Every database and account name starts with a random prefix; {@link #close()} drops all of
 * them on every server, whatever a test left behind.
 */
final class TestEstate implements AutoCloseable {
    static final String REGION = "cn-test";
    private static MariaDbServer third;

    final String prefix = "ad" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 25) + (1 << 25), 36);
    final String configDb = prefix + "cfg";
    final String key = SecretBox.newKey();
    final ShardlineAdmin admin;

    private TestEstate(AdminOptions options) throws Exception {
        try (Connection c = MariaDb.primary(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + configDb);
        }
        admin = ShardlineAdmin.open(adminUrl(), options);
        admin.registerRds(new RdsRegistration("rdsA", REGION, "127.0.0.1", 3306, "root", "", null));
        admin.registerRds(new RdsRegistration("rdsB", REGION, "127.0.0.1", MariaDb.second().port(), "root", "", null));
    }

    static TestEstate create(AdminOptions options) throws Exception {
        return new TestEstate(options);
    }

    /** A third mariadbd shared by the admin tests of this JVM: replicas, and the server tests stop. */
    static synchronized MariaDbServer third() {
        if (third == null) {
            third = MariaDbServer.start("admin-third");
        }
        return third;
    }

    String adminUrl() {
        return "jdbc:shardline:mysql://127.0.0.1:3306/" + configDb + "?user=root&password=&secretKey="
                + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    /** A DRDS database name of this run. */
    String db(String name) {
        return prefix + name;
    }

    /** A dedicated instance in {@code cn-test}. */
    String instance() throws DrdsException {
        return admin.createDrdsInstance(new CreateDrdsInstanceRequest("test instance", REGION, "PRIVATE",
                REGION + "-a", 1, "drds.small", "drdsPost", null, null)).drdsInstanceIds().get(0);
    }

    /** The config database as root, to look at the metadata the admin wrote. */
    Connection metadata() throws SQLException {
        return DriverManager.getConnection(MariaDb.PRIMARY_URL + configDb, "root", "");
    }

    static int port(String rds) {
        return switch (rds) {
            case "rdsA" -> 3306;
            case "rdsB" -> MariaDb.second().port();
            default -> third().port();
        };
    }

    /** A direct connection to a server as root. */
    static Connection root(String rds) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port(rds) + "/", "root", "");
    }

    /** A direct connection to a server as a DRDS account, bypassing Shardline. */
    static Connection login(String rds, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port(rds) + "/?connectTimeout=3000", user, password);
    }

    /** The database's logical connection through {@code jdbc:shardline:}, as the account and password given. */
    ShardlineDataSource dataSource(String instanceId, String dbName, String account, String password) throws DrdsException {
        ShardlineDataSource ds = new ShardlineDataSource(admin.connectionUrl(instanceId, dbName, account)
                + "&checkInterval=0&connectTimeout=2000");
        ds.setPassword(password);
        Properties p = new Properties();
        p.setProperty("serverPassword", password);
        ds.setProperties(p);
        return ds;
    }

    static List<String> hostsOf(String rds, String user) throws SQLException {
        return strings(rds, "SELECT Host FROM mysql.user WHERE User = '" + user + "' ORDER BY Host");
    }

    static List<String> databasesLike(String rds, String prefix) throws SQLException {
        return strings(rds, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '" + prefix
                + "%' ORDER BY SCHEMA_NAME");
    }

    private static List<String> strings(String rds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = root(rds); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        ShardlineDriver.closeRuntimes();
        List<String> servers = new ArrayList<>(List.of("rdsA", "rdsB"));
        if (third != null) {
            servers.add("rdsC");
        }
        for (String rds : servers) {
            try (Connection c = root(rds); Statement s = c.createStatement()) {
                for (String user : strings(rds, "SELECT CONCAT(\"'\", User, \"'@'\", Host, \"'\") FROM mysql.user"
                        + " WHERE User LIKE '" + prefix + "%'")) {
                    s.execute("DROP USER " + user);
                }
                for (String db : databasesLike(rds, prefix)) {
                    s.execute("DROP DATABASE `" + db + "`");
                }
            }
        }
    }
}
