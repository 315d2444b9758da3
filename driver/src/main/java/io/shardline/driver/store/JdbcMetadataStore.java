package io.shardline.driver.store;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Secret;
import io.shardline.router.meta.ServerOptionRow;
import io.shardline.router.meta.ServerRow;
import io.shardline.router.meta.SplitConfig;
import io.shardline.router.meta.SplitRangeRow;
import io.shardline.router.meta.SplitTableRow;
import io.shardline.router.meta.TableOptionRow;
import io.shardline.router.meta.TableRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A DBProxy config database, on MySQL ({@code dbproxy_config}) or in an H2 file, read with the same SQL DBProxy
 * uses. The standard and the cluster layout are both understood (the latter has a {@code cluster} column);
 * Shardline's own tables are optional: without them every option has its default.
 */
public final class JdbcMetadataStore implements MetadataStore {
    private static final String UPDATE_STAMP_SQL =
            "SELECT mtime, `value` FROM variable_setting WHERE name = 'DBProxy config data update'";

    private final String jdbcUrl;
    private final Properties credentials;
    private final String shown;
    /** The XA decision log, opened at its first use (null until then). */
    private volatile JdbcXaLog xaLog;
    private volatile boolean closed;

    public JdbcMetadataStore(String jdbcUrl, Properties credentials) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.shown = io.shardline.router.Secrets.mask(jdbcUrl);
    }

    /**
     * The JDBC URL of an H2 config database: MySQL mode, lower-case names, and DBProxy's column names {@code user}
     * and {@code value} usable as plain identifiers, so DBProxy's DDL and SQL run unchanged. Each setting the caller
     * left out is added; those the caller set are kept.
     */
    public static String h2Url(String h2JdbcUrl) {
        String upper = h2JdbcUrl.toUpperCase(java.util.Locale.ROOT);
        StringBuilder url = new StringBuilder(h2JdbcUrl);
        if (!upper.contains(";MODE=")) {
            url.append(";MODE=MySQL");
        }
        if (!upper.contains(";DATABASE_TO_LOWER=") && !upper.contains(";DATABASE_TO_UPPER=")) {
            url.append(";DATABASE_TO_LOWER=TRUE");
        }
        if (!upper.contains(";NON_KEYWORDS=")) {
            url.append(";NON_KEYWORDS=USER,VALUE");
        }
        return url.toString();
    }

    private Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(jdbcUrl, credentials);
        } catch (SQLException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot open the metadata store " + shown + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public SplitConfig load() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (jdbcUrl.startsWith("jdbc:h2:") && isNew(c)) {
                // an embedded store that is new: it gets DBProxy's tables (cluster layout) and Shardline's, empty
                ConfigSchema.create(c, true);
            }
            long stamp = stamp(s);
            boolean cluster = hasColumn(s, "table_info", "cluster");
            List<ServerRow> servers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT server_id, master_sid, host, port, `user`, passwd, timeout,"
                    + " default_database_name FROM server_info ORDER BY server_id ASC")) {
                while (rs.next()) {
                    servers.add(new ServerRow(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                            Secret.of(rs.getString(6)), rs.getInt(7), rs.getString(8)));
                }
            }
            List<TableRow> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name, " + (cluster ? "cluster" : "''") + ", split_type,"
                    + " range_span, database_category, secondary_split, secondary_split_span, table_count, hint_field"
                    + " FROM table_info ORDER BY id ASC")) {
                while (rs.next()) {
                    tables.add(new TableRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                            rs.getInt(6) != 0, rs.getLong(7), rs.getInt(8), rs.getString(9)));
                }
            }
            boolean splitCluster = cluster && hasColumn(s, "split_table_info", "cluster");
            List<SplitTableRow> splitTables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name, table_number, " + (splitCluster ? "cluster" : "''")
                    + ", server_id, database_name FROM split_table_info ORDER BY id ASC")) {
                while (rs.next()) {
                    splitTables.add(new SplitTableRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5)));
                }
            }
            boolean rangeCluster = cluster && hasColumn(s, "split_range_info", "cluster");
            List<SplitRangeRow> ranges = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT database_category, split_index, index_type, "
                    + (rangeCluster ? "cluster" : "''") + ", database_name, server_id FROM split_range_info ORDER BY id ASC")) {
                while (rs.next()) {
                    ranges.add(new SplitRangeRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
            Map<String, String> variables = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT name, `value` FROM variable_setting")) {
                while (rs.next()) {
                    variables.put(rs.getString(1), rs.getString(2));
                }
            }
            List<TableOptionRow> tableOptions = new ArrayList<>();
            if (hasTable(s, "table_option")) {
                try (ResultSet rs = s.executeQuery("SELECT table_name, cluster, full_table_scan, table_kind, hint_type,"
                        + " single_server_id, single_database_name FROM table_option")) {
                    while (rs.next()) {
                        int single = rs.getInt(6);
                        Integer singleServer = rs.wasNull() ? null : single;
                        tableOptions.add(new TableOptionRow(rs.getString(1), rs.getString(2), rs.getInt(3) != 0,
                                rs.getString(4), rs.getString(5), singleServer, rs.getString(7)));
                    }
                }
            }
            List<ServerOptionRow> serverOptions = new ArrayList<>();
            if (hasTable(s, "server_option")) {
                try (ResultSet rs = s.executeQuery("SELECT server_id, read_weight, jdbc_url FROM server_option")) {
                    while (rs.next()) {
                        int weight = rs.getInt(2);
                        Integer readWeight = rs.wasNull() ? null : weight;
                        serverOptions.add(new ServerOptionRow(rs.getInt(1), readWeight, rs.getString(3)));
                    }
                }
            }
            return new SplitConfig(servers, tables, splitTables, ranges, variables, tableOptions, serverOptions, stamp);
        } catch (ShardlineException e) {
            throw e;
        } catch (SQLException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot read the DBProxy tables of " + shown + ": "
                    + e.getMessage(), e);
        }
    }

    /** The block size of a sequence created by a driver (an admin may set another {@code step}). */
    public static final int DEFAULT_STEP = 1000;

    @Override
    public long[] reserve(String name, Start start, int atLeast) throws SQLException {
        try (Connection c = connect()) {
            for (int attempt = 0; attempt < 100; attempt++) {
                long next;
                long step;
                try (var ps = prepareSequenceRead(c)) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            createSequence(c, name, start.get());
                            continue;
                        }
                        next = rs.getLong(1);
                        step = Math.max(1, rs.getLong(2));
                    }
                }
                long size = Math.max(step, atLeast);
                try (var ps = c.prepareStatement(
                        "UPDATE global_sequence SET next_value = ? WHERE name = ? AND next_value = ?")) {
                    ps.setLong(1, next + size);
                    ps.setString(2, name);
                    ps.setLong(3, next);
                    if (ps.executeUpdate() == 1) {
                        return new long[] {next, size};
                    }
                }
                // another driver took this block first: read again
            }
            throw new ShardlineException(ErrorCode.INTERNAL, "global sequence " + name + " is contended: 100 attempts"
                    + " to take a block lost to other drivers");
        } catch (ShardlineException e) {
            throw e;
        } catch (SQLException e) {
            throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot take ids of global sequence " + name + " from "
                    + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * The read of a sequence's row. A DBProxy config database used unchanged has no {@code global_sequence}: it is
     * created at the first AUTO_INCREMENT insert when the store's account may; else the error says what to run.
     */
    private java.sql.PreparedStatement prepareSequenceRead(Connection c) throws SQLException {
        String sql = "SELECT next_value, step FROM global_sequence WHERE name = ?";
        try (Statement s = c.createStatement()) {
            if (!hasTable(s, "global_sequence")) {
                try {
                    s.execute(ConfigSchema.GLOBAL_SEQUENCE_DDL);
                } catch (SQLException e) {
                    throw new ShardlineException(ErrorCode.UNCONFIGURED, "table global_sequence, which hands out the"
                            + " ids of AUTO_INCREMENT columns, does not exist in " + shown + " and its account may not"
                            + " create it (" + e.getMessage() + "); run once, as an account that may: "
                            + ConfigSchema.GLOBAL_SEQUENCE_DDL.replaceAll("\\s+", " "), e);
                }
            }
        }
        return c.prepareStatement(sql);
    }

    /** Creates the sequence; a concurrent creation by another driver is fine (its row wins, we read it next). */
    private static void createSequence(Connection c, String name, long start) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO global_sequence (name, next_value, step) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, start);
            ps.setInt(3, DEFAULT_STEP);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
    }

    @Override
    public long updateStamp() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return stamp(s);
        }
    }

    /** Seconds of the marker row's mtime, times a million, plus Shardline's change counter kept in its value. */
    private static long stamp(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery(UPDATE_STAMP_SQL)) {
            if (!rs.next()) {
                return 0;
            }
            Timestamp t = rs.getTimestamp(1);
            long counter;
            try {
                counter = Long.parseLong(rs.getString(2).trim()) % 1_000_000;
            } catch (NumberFormatException | NullPointerException e) {
                counter = 0;
            }
            return (t == null ? 0 : t.getTime() / 1000) * 1_000_000 + counter;
        }
    }

    /** A database without any table of its own: an H2 file just made (one with other tables is a wrong URL). */
    private static boolean isNew(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            return !rs.next();
        }
    }

    private static boolean hasTable(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean hasColumn(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")) {
            return true;
        } catch (SQLException e) {
            if (isMissing(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Unknown table or column, on MySQL/MariaDB and H2 alike. */
    private static boolean isMissing(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("42S02") || state.startsWith("42S22") || state.equals("42102")
                || state.equals("42122") || state.equals("42S04")); // H2: table missing, the database being empty
    }

    @Override
    public String describe() {
        return shown;
    }

    @Override
    public XaLog xaLog(boolean create) throws SQLException {
        JdbcXaLog log = xaLog;
        if (log != null) {
            return log;
        }
        synchronized (this) {
            if (xaLog != null) {
                return xaLog;
            }
            if (closed) {
                throw new ShardlineException(ErrorCode.INTERNAL, "the metadata store " + shown + " is closed");
            }
            String id;
            try (Connection c = connect(); Statement s = c.createStatement()) {
                if (create) {
                    try {
                        id = ConfigSchema.xaLogId(c, true); // first: whoever sees the table finds the id
                        s.execute(ConfigSchema.XA_LOG_DDL);
                    } catch (SQLException e) {
                        throw new ShardlineException(ErrorCode.UNCONFIGURED, "cannot create the XA decision log (table"
                                + " xa_log) in " + shown + ": " + e.getMessage() + "; let the store's account create"
                                + " it, or create it once with ConfigSchema.createXaLog", e);
                    }
                } else if (!hasTable(s, "xa_log") || (id = ConfigSchema.xaLogId(c, false)) == null) {
                    return null;
                }
            }
            xaLog = new JdbcXaLog(jdbcUrl, credentials, shown, id);
            return xaLog;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (xaLog != null) {
            xaLog.pool.close();
        }
    }

    /**
     * The {@code xa_log} table through a small pool of its own: a decision is written on the commit path of every
     * transaction over two servers, where opening a connection each time would cost more than the write.
     */
    private static final class JdbcXaLog implements XaLog {
        private final com.zaxxer.hikari.HikariDataSource pool;
        private final String shown;
        private final String id;

        JdbcXaLog(String jdbcUrl, Properties credentials, String shown, String id) {
            this.shown = shown;
            this.id = id;
            com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
            c.setPoolName("shardline-xa-log");
            c.setJdbcUrl(jdbcUrl);
            c.setDataSourceProperties(credentials);
            c.setMaximumPoolSize(8);
            c.setMinimumIdle(0);
            c.setConnectionTimeout(10_000);
            c.setInitializationFailTimeout(-1);
            if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:")) {
                // H2 writes commits within WRITE_DELAY (500 ms) by default; a decision must be on disk before the
                // branches commit, or a crash right after could lose it and recovery would roll back a committed part
                c.setConnectionInitSql("SET WRITE_DELAY 0");
            }
            this.pool = new com.zaxxer.hikari.HikariDataSource(c);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Decision decide(String gtrid, Decision decision, String servers) throws SQLException {
            try (Connection c = pool.getConnection()) {
                try (var ps = c.prepareStatement("INSERT INTO xa_log (gtrid, decision, servers) VALUES (?, ?, ?)")) {
                    ps.setString(1, gtrid);
                    ps.setString(2, decision.name().toLowerCase(java.util.Locale.ROOT));
                    ps.setString(3, servers);
                    ps.executeUpdate();
                    return decision;
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                }
                Decision earlier = read(c, gtrid); // the first decision stands
                if (earlier == null) {
                    throw new SQLException("xa_log refused the decision of " + gtrid + " as a duplicate, yet holds none");
                }
                return earlier;
            } catch (SQLException e) {
                throw failure("record the decision of XA transaction " + gtrid, e);
            }
        }

        @Override
        public Decision decision(String gtrid) throws SQLException {
            try (Connection c = pool.getConnection()) {
                return read(c, gtrid);
            } catch (SQLException e) {
                throw failure("read the decision of XA transaction " + gtrid, e);
            }
        }

        private static Decision read(Connection c, String gtrid) throws SQLException {
            try (var ps = c.prepareStatement("SELECT decision FROM xa_log WHERE gtrid = ?")) {
                ps.setString(1, gtrid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Decision.valueOf(rs.getString(1).trim().toUpperCase(java.util.Locale.ROOT)) : null;
                }
            }
        }

        @Override
        public void forget(String gtrid) throws SQLException {
            try (Connection c = pool.getConnection();
                 var ps = c.prepareStatement("DELETE FROM xa_log WHERE gtrid = ?")) {
                ps.setString(1, gtrid);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure("remove XA transaction " + gtrid + " from the log", e);
            }
        }

        @Override
        public List<Entry> entries() throws SQLException {
            List<Entry> out = new ArrayList<>();
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT gtrid, decision, servers,"
                         + " TIMESTAMPDIFF(SECOND, created, CURRENT_TIMESTAMP) FROM xa_log")) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), Decision.valueOf(rs.getString(2).trim().toUpperCase(
                            java.util.Locale.ROOT)), rs.getString(3), rs.getLong(4)));
                }
            } catch (SQLException e) {
                throw failure("read the XA log", e);
            }
            return out;
        }

        private ShardlineException failure(String what, SQLException e) {
            return e instanceof ShardlineException s ? s : new ShardlineException(ErrorCode.UNCONFIGURED, "cannot " + what
                    + " in " + shown + ": " + e.getMessage(), e);
        }
    }
}
