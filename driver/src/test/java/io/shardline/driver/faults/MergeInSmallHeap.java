package io.shardline.driver.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run in a child JVM with a small heap by {@link MemoryTest}: reads {@code SELECT id FROM m ORDER BY id} over every
 * shard through Shardline and prints {@code rows=<n> ordered=<bool> sum=<s>}, or {@code code=<error code>}.
 */
public final class MergeInSmallHeap {
    private MergeInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, pad FROM m ORDER BY id")) {
            long rows = 0;
            long sum = 0;
            long last = Long.MIN_VALUE;
            boolean ordered = true;
            while (rs.next()) {
                long id = rs.getLong(1);
                ordered &= id > last;
                last = id;
                sum += id;
                rows++;
            }
            System.out.println("rows=" + rows + " ordered=" + ordered + " sum=" + sum);
        } catch (OutOfMemoryError raw) { // what MemoryTest fails on: print where it escaped, once the heap is free
            System.gc();
            System.out.println("a raw OutOfMemoryError reached the application:");
            raw.printStackTrace(System.out);
        } catch (SQLException e) {
            // the heap was full a moment ago: collect what the failed statement left before printing anything
            System.gc();
            System.out.print("code=");
            System.out.println(e.getErrorCode());
            try {
                System.out.println(e.getMessage());
            } catch (OutOfMemoryError stillFull) {
                System.out.println("(message not printed: the heap was still full)");
            }
        }
    }
}
