package io.shardline.driver.faults;

import io.shardline.driver.testing.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bank transfers over a {@link TwoServerEstate}: account {@code id} is row {@code id} of table {@code t} and its
 * balance is {@code v}; even accounts live on the healthy server, odd ones on the victim, so a transfer between an even
 * and an odd account is a transaction over both servers. The sum of all balances never changes.
 */
final class XaBank {
    static final int ACCOUNTS = 100;
    static final int INITIAL = 1000;
    /** The update both legs of a transfer run: {@code v = v + ?} on account {@code ?}. */
    static final String ADD = "UPDATE t SET v = v + ? WHERE id = ?";
    /** Shardline's XA format id, by which its branches are told from others in XA RECOVER. */
    private static final int FORMAT = 0x53484C;

    /** One transfer of {@code amount} from account {@code from} to account {@code to}. */
    record Transfer(int from, int to, int amount) {
        /** A random transfer; between the two servers when {@code crossServer}, else within one server. */
        static Transfer random(boolean crossServer) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int from = r.nextInt(ACCOUNTS);
            int to;
            do {
                to = r.nextInt(ACCOUNTS);
            } while (to == from || (to % 2 != from % 2) != crossServer);
            return new Transfer(from, to, 1 + r.nextInt(50));
        }
    }

    private XaBank() {
    }

    /** Accounts 0 .. ACCOUNTS-1, each holding INITIAL. */
    static void open(TwoServerEstate estate) throws SQLException {
        estate.preload(ACCOUNTS);
        for (MariaDbServer s : new MariaDbServer[] {estate.healthy, estate.victim}) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE " + TwoServerEstate.DB + ".t_0 SET v = " + INITIAL);
                st.executeUpdate("UPDATE " + TwoServerEstate.DB + ".t_1 SET v = " + INITIAL);
            }
        }
    }

    /**
     * Runs {@code t} as one transaction on {@code c} (autocommit off), the lower account first, so that concurrent
     * transfers take their row locks in one order and cannot deadlock across the servers.
     */
    static void run(Connection c, PreparedStatement add, Transfer t) throws SQLException {
        int lo = Math.min(t.from(), t.to());
        int hi = Math.max(t.from(), t.to());
        add.setInt(1, lo == t.from() ? -t.amount() : t.amount());
        add.setLong(2, lo);
        add.executeUpdate();
        add.setInt(1, hi == t.from() ? -t.amount() : t.amount());
        add.setLong(2, hi);
        add.executeUpdate();
        c.commit();
    }

    /** The sum of every balance, read on the servers directly. */
    static long total(TwoServerEstate estate) throws SQLException {
        long sum = 0;
        for (Map.Entry<Long, Integer> e : estate.rows().entrySet()) {
            if (e.getKey() < ACCOUNTS) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The gtrids of Shardline's XA branches prepared on {@code server}. */
    static List<String> prepared(MariaDbServer server) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                if (rs.getInt(1) == FORMAT) {
                    out.add(rs.getString(4).substring(0, rs.getInt(2)));
                }
            }
        }
        return out;
    }

    /** A global status counter of {@code server} ({@code Com_xa_prepare}, {@code Com_xa_commit}, ...). */
    static long status(MariaDbServer server, String name) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }
}
