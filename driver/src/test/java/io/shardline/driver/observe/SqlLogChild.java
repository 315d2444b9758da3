package io.shardline.driver.observe;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.testing.ShardedFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A JVM of its own for {@link SqlLogTest}: slf4j-simple reads its levels once per JVM, so the SQL log's levels are set
 * on this process's command line. Runs a point read, a multi-shard write and a refused statement on the H2 estate,
 * with the URL parameters given as the first argument.
 */
public final class SqlLogChild {
    public static void main(String[] args) throws Exception {
        try (ShardedFixture f = ShardedFixture.create(ShardedFixture.Engine.H2);
             ShardlineDataSource ds = new ShardlineDataSource(f.url() + args[0]);
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user (uid, name, balance) VALUES (?, ?, ?)")) {
                ps.setLong(1, 7);
                ps.setString(2, "Secret-Name-7");
                ps.setBigDecimal(3, new java.math.BigDecimal("1.50"));
                ps.executeUpdate();
            }
            s.executeUpdate("INSERT INTO user (uid, name, balance) VALUES (1, 'a', 0), (6, 'b', 0)");
            try (ResultSet rs = s.executeQuery("SELECT name FROM user WHERE uid = 7")) {
                rs.next();
            }
            try {
                s.executeQuery("SELECT * FROM user").close();
            } catch (java.sql.SQLException expected) {
                System.out.println("refused " + expected.getErrorCode());
            }
        }
    }
}
