package io.shardline.driver.gather;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run in a child JVM with a small heap by {@link GatherMemoryTest}: joins every row of {@code m} with the single
 * tables of server 1 (so {@code m}'s rows on server 2 are gathered there through this JVM) and prints
 * {@code rows=<n> sum=<s> millis=<t>}, or {@code code=<error code> <message>}.
 */
public final class GatherInSmallHeap {
    static final String SQL = "SELECT COUNT(*), SUM(m.id) FROM m JOIN s1 ON s1.k = m.id % 2 JOIN s2 ON s2.k = s1.k"
            + " JOIN s3 ON s3.k = s2.k";

    private GatherInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SQL)) {
            rs.next();
            System.out.println("rows=" + rs.getLong(1) + " sum=" + rs.getLong(2) + " millis="
                    + (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            System.out.println("code=" + e.getErrorCode() + " " + e.getMessage() + " millis="
                    + (System.nanoTime() - start) / 1_000_000);
        }
    }
}
