package io.shardline.admin;

import io.shardline.driver.testing.MariaDbServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The servers of the copy tests, shared by this JVM: {@code src} with its binary log on (ROW), {@code dst} with a
 * general query log (to prove no password reaches it); both with the {@code disks} plugin so free space can be
 * measured. Helpers compare databases across them.
 */
final class CopyServers {
    private static MariaDbServer src;
    private static MariaDbServer dst;

    private CopyServers() {
    }

    static synchronized MariaDbServer src() {
        if (src == null) {
            src = MariaDbServer.start("copy-src", List.of("--log-bin=src-bin", "--server-id=11", "--binlog-format=ROW",
                    "--plugin-load-add=disks", "--event-scheduler=OFF"));
        }
        return src;
    }

    static synchronized MariaDbServer dst() {
        if (dst == null) {
            dst = MariaDbServer.start("copy-dst", List.of("--plugin-load-add=disks", "--general-log=1",
                    "--general-log-file=general.log", "--event-scheduler=OFF"));
        }
        return dst;
    }

    /** Registers both with the estate's admin as {@code src} and {@code dst}. */
    static void register(TestEstate estate) throws DrdsException {
        estate.admin.registerRds(new RdsRegistration("src", TestEstate.REGION, "127.0.0.1", src().port(), "root", "", null));
        estate.admin.registerRds(new RdsRegistration("dst", TestEstate.REGION, "127.0.0.1", dst().port(), "root", "", null));
    }

    static Path generalLog() {
        return dst().dataDir().resolve("general.log");
    }

    static String generalLogText() throws Exception {
        return Files.exists(generalLog()) ? Files.readString(generalLog(), java.nio.charset.StandardCharsets.ISO_8859_1) : "";
    }

    static Connection connect(MariaDbServer server, String db) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl() + db, "root", "");
    }

    static void run(MariaDbServer server, String... sql) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static List<List<String>> rows(MariaDbServer server, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static boolean exists(MariaDbServer server, String db) throws SQLException {
        return !rows(server, "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + db + "'").isEmpty();
    }

    /** Every table's row count and CHECKSUM TABLE, by table name. */
    static Map<String, String> tableChecksums(MariaDbServer server, String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (List<String> t : rows(server, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + db
                + "' AND TABLE_TYPE = 'BASE TABLE'")) {
            String q = "`" + db + "`.`" + t.get(0) + "`";
            String count = rows(server, "SELECT COUNT(*) FROM " + q).get(0).get(0);
            String sum = rows(server, "CHECKSUM TABLE " + q).get(0).get(1);
            out.put(t.get(0), count + " rows, checksum " + sum);
        }
        return out;
    }

    /** Every view, routine, trigger and event's definition, with {@code db}'s name written as DB. */
    static Map<String, String> definitions(MariaDbServer server, String db, Map<String, String> names) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        String w = " = '" + db + "'";
        for (List<String> r : rows(server, "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE FROM"
                + " information_schema.VIEWS WHERE TABLE_SCHEMA" + w)) {
            out.put("view " + r.get(0), String.join(" | ", r.subList(1, 4)));
        }
        for (List<String> r : rows(server, "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, SQL_MODE,"
                + " DTD_IDENTIFIER, SECURITY_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA" + w)) {
            out.put("routine " + r.get(0), String.join(" | ", r.subList(1, 6)));
        }
        for (List<String> r : rows(server, "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_STATEMENT,"
                + " ACTION_TIMING, ACTION_ORDER, SQL_MODE FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA" + w)) {
            out.put("trigger " + r.get(0), String.join(" | ", r.subList(1, 7)));
        }
        for (List<String> r : rows(server, "SELECT EVENT_NAME, EVENT_DEFINITION, INTERVAL_VALUE, INTERVAL_FIELD, STATUS"
                + " FROM information_schema.EVENTS WHERE EVENT_SCHEMA" + w)) {
            out.put("event " + r.get(0), String.join(" | ", r.subList(1, 5)));
        }
        Map<String, String> normal = new TreeMap<>();
        for (var e : out.entrySet()) {
            String v = e.getValue();
            for (var n : names.entrySet()) {
                v = v.replace(n.getValue(), "DB:" + n.getKey()); // the new names first: an old one may be a prefix
            }
            for (var n : names.entrySet()) {
                v = v.replace("DB:" + n.getKey(), "\u0000").replace(n.getKey(), "DB:" + n.getKey())
                        .replace("\u0000", "DB:" + n.getKey());
            }
            normal.put(e.getKey(), v);
        }
        return normal;
    }
}
