package io.shardline.driver.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The machine's MariaDB on 127.0.0.1:3306 (root, empty password), which {@code scripts/ensure-mariadb} keeps running,
 * and one extra server per test JVM started on demand.
 */
public final class MariaDb {
    public static final String PRIMARY_URL = "jdbc:mysql://127.0.0.1:3306/";
    private static MariaDbServer second;

    private MariaDb() {
    }

    public static Connection primary() throws SQLException {
        try {
            return DriverManager.getConnection(PRIMARY_URL, "root", "");
        } catch (SQLException e) {
            throw new SQLException("MariaDB is not answering on 127.0.0.1:3306 as root; run scripts/ensure-mariadb ("
                    + e.getMessage() + ")", e);
        }
    }

    /** A second MariaDB server, shared by the tests of this JVM. */
    public static synchronized MariaDbServer second() {
        if (second == null) {
            second = MariaDbServer.start("second");
        }
        return second;
    }
}
