package io.shardline.driver.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Run in a child JVM by {@link XaCrashTest}: {@code threads} threads run bank transfers over both servers through the
 * Shardline URL given, in XA transactions, until the JVM is killed. The test starts it with
 * {@code -Dshardline.xa.pause=<point>:<n>}, so one transaction stops at that point of its commit, and kills it there.
 */
public final class XaBankChild {
    private XaBankChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url); PreparedStatement add = c.prepareStatement(XaBank.ADD)) {
                    c.setAutoCommit(false);
                    while (true) {
                        try {
                            XaBank.run(c, add, XaBank.Transfer.random(true));
                        } catch (SQLException e) {
                            c.rollback();
                        }
                    }
                } catch (SQLException e) {
                    System.err.println("child thread failed: " + e);
                }
            }, "child-bank-" + t);
            th.start();
        }
        System.err.println("child started");
        Thread.sleep(Long.MAX_VALUE);
    }
}
