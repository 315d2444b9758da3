package io.shardline.admin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What a copy must know about a server before it writes anything: its engine and version, whether it is read-only,
 * its binary log settings, the largest statement it takes, and the free space of the disk holding its data.
 */
record ServerFacts(String version, boolean mariaDb, int[] number, boolean readOnly, boolean logBin, String binlogFormat,
                   long maxAllowedPacket) {

    static ServerFacts of(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION(), @@read_only, @@log_bin,"
                + " @@binlog_format, @@max_allowed_packet")) {
            rs.next();
            String version = rs.getString(1);
            return new ServerFacts(version, version.toLowerCase(Locale.ROOT).contains("mariadb"), parse(version),
                    rs.getInt(2) != 0, rs.getInt(3) != 0, rs.getString(4), rs.getLong(5));
        }
    }

    /** {@code 10.11.19-MariaDB-0+deb12u1} → [10, 11, 19]. */
    static int[] parse(String version) {
        String[] parts = version.split("[^0-9]", -1);
        int[] out = new int[3];
        int n = 0;
        for (int i = 0; i < parts.length && n < 3; i++) {
            if (parts[i].isEmpty()) {
                break;
            }
            out[n++] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    String engine() {
        return mariaDb ? "MariaDB" : "MySQL";
    }

    /** Negative, zero or positive as this server's version is older, the same or newer than {@code other}'s. */
    int compareVersion(ServerFacts other) {
        for (int i = 0; i < 3; i++) {
            int d = Integer.compare(number[i], other.number[i]);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /**
     * The bytes free on the disk holding the server's data directory, from MariaDB's {@code information_schema.DISKS}
     * (the {@code disks} plugin): the mount point that is the longest prefix of {@code @@datadir}. Null when the server
     * cannot tell (the plugin is not installed, or MySQL).
     */
    static Long freeBytes(Connection c) throws SQLException {
        String datadir;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@datadir")) {
            rs.next();
            datadir = rs.getString(1);
        }
        List<String[]> disks = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT Path, Available FROM information_schema.DISKS")) {
            while (rs.next()) {
                disks.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        } catch (SQLException missing) {
            return null; // no DISKS table: the disks plugin is not installed
        }
        String best = null;
        long available = 0;
        for (String[] d : disks) {
            String path = d[0].endsWith("/") ? d[0] : d[0] + "/";
            if (datadir.startsWith(path) && (best == null || path.length() > best.length())) {
                best = path;
                available = Long.parseLong(d[1]) * 1024; // DISKS counts kilobytes
            }
        }
        return best == null ? null : available;
    }

    /** What the databases take on the server now: data and indexes, as information_schema.TABLES estimates them. */
    static long databaseBytes(Connection c, Collection<String> databases) throws SQLException {
        long total = 0;
        for (String db : databases) {
            try (var ps = c.prepareStatement("SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0)"
                    + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?")) {
                ps.setString(1, db);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }

    /** The binary log files the server still has, oldest first. */
    static List<String> binaryLogs(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** A position in the binary log. */
    record Position(String file, long position) {
        @Override
        public String toString() {
            return file + ":" + position;
        }
    }

    /**
     * Starts a consistent snapshot on {@code c} and answers the binary log position it matches (null when the binary
     * log is off) and the server's time of it, in epoch milliseconds. MariaDB tells the position without any lock
     * ({@code binlog_snapshot_file/position}); MySQL needs a brief global read lock around the start.
     */
    static Snapshot beginSnapshot(Connection c, ServerFacts facts) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("SET SESSION net_write_timeout = 3600, net_read_timeout = 3600, time_zone = '+00:00'");
            Position position = null;
            long time;
            if (facts.mariaDb()) {
                s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                String file = null;
                long pos = 0;
                try (ResultSet rs = s.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                    while (rs.next()) {
                        if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_file")) {
                            file = rs.getString(2);
                        } else if (rs.getString(1).equalsIgnoreCase("binlog_snapshot_position")) {
                            pos = Long.parseLong(rs.getString(2));
                        }
                    }
                }
                if (facts.logBin() && file != null && !file.isEmpty()) {
                    position = new Position(file, pos);
                }
                time = serverMillis(s);
            } else {
                s.execute("FLUSH TABLES WITH READ LOCK");
                try {
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                    if (facts.logBin()) {
                        try (ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
                            if (rs.next()) {
                                position = new Position(rs.getString(1), rs.getLong(2));
                            }
                        }
                    }
                    time = serverMillis(s);
                } finally {
                    s.execute("UNLOCK TABLES");
                }
            }
            return new Snapshot(position, time);
        }
    }

    /** Ends the snapshot's read-only transaction. */
    static void endSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    private static long serverMillis(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Snapshot(Position position, long timeMillis) {
    }
}
