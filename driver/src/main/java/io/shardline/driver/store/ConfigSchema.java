package io.shardline.driver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The DDL of a config database: DBProxy's five tables exactly as DBProxy lays them out (standard layout, or the
 * cluster layout with a {@code cluster} column), plus Shardline's own {@code table_option}, {@code server_option} and
 * {@code global_sequence} (the id blocks of AUTO_INCREMENT columns of sharded and broadcast tables).
 * Works on MySQL/MariaDB and on H2 in MySQL mode. Creating is idempotent.
 */
public final class ConfigSchema {
    private ConfigSchema() {
    }

    /** DBProxy's five tables, column for column. */
    public static List<String> dbproxyDdl(boolean clusterLayout) {
        return ddl(clusterLayout).subList(0, 5);
    }

    /** DBProxy's five tables followed by Shardline's three. */
    public static List<String> ddl(boolean clusterLayout) {
        String cluster = clusterLayout ? "  cluster varchar(64) not null default '',\n" : "";
        return List.of("""
                CREATE TABLE IF NOT EXISTS server_info (
                  server_id int unsigned not null primary key auto_increment,
                  master_sid int unsigned not null default 0,
                  host varchar(255) not null,
                  port int unsigned not null default 3306,
                  user varchar(32) not null default '',
                  passwd varchar(255) not null default '',
                  timeout int unsigned not null default 0,
                  default_database_name varchar(255) not null default '',
                  unique (host, port)
                )""", """
                CREATE TABLE IF NOT EXISTS table_info (
                  id int unsigned not null primary key auto_increment,
                  table_name varchar(64) not null,
                """ + cluster + """
                  split_type tinyint not null,
                  range_span int not null default -1,
                  database_category varchar(64) not null default '',
                  secondary_split tinyint not null default 0,
                  secondary_split_span int unsigned not null default 0,
                  table_count int unsigned not null default 0,
                  hint_field varchar(64) not null default '',
                  unique (table_name""" + (clusterLayout ? ", cluster" : "") + """
                )
                )""", """
                CREATE TABLE IF NOT EXISTS split_table_info (
                  id int unsigned not null primary key auto_increment,
                  table_name varchar(64) not null default '',
                  table_number int not null,
                """ + cluster + """
                  server_id int unsigned not null default 0,
                  database_name varchar(64) not null,
                  unique (table_name, table_number""" + (clusterLayout ? ", cluster" : "") + """
                )
                )""", """
                CREATE TABLE IF NOT EXISTS split_range_info (
                  id int unsigned not null primary key auto_increment,
                  database_category varchar(64) not null,
                  split_index int unsigned not null,
                  index_type int not null default 0,
                """ + cluster + """
                  database_name varchar(64) not null,
                  server_id int unsigned not null default 0,
                  unique (database_category, split_index, index_type""" + (clusterLayout ? ", cluster" : "") + """
                )
                )""", """
                CREATE TABLE IF NOT EXISTS variable_setting (
                  id int unsigned not null primary key auto_increment,
                  name varchar(255) not null default '' unique,
                  value varchar(255) not null default '',
                  mtime timestamp not null default CURRENT_TIMESTAMP on update CURRENT_TIMESTAMP
                )""", """
                CREATE TABLE IF NOT EXISTS table_option (
                  table_name varchar(64) not null,
                  cluster varchar(64) not null default '',
                  full_table_scan tinyint not null default 0,
                  table_kind varchar(16) not null default 'sharded',
                  single_server_id int unsigned,
                  single_database_name varchar(64),
                  hint_type varchar(8) not null default 'int',
                  primary key (table_name, cluster)
                )""", """
                CREATE TABLE IF NOT EXISTS server_option (
                  server_id int unsigned not null primary key,
                  read_weight int,
                  jdbc_url varchar(1024)
                )""", GLOBAL_SEQUENCE_DDL);
    }

    /** Shardline's id blocks of AUTO_INCREMENT columns, created at first use where a DBProxy database lacks it. */
    public static final String GLOBAL_SEQUENCE_DDL = """
            CREATE TABLE IF NOT EXISTS global_sequence (
              name varchar(160) not null primary key,
              next_value bigint not null default 1,
              step int unsigned not null default 1000
            )""";

    /**
     * The XA decision log ({@link XaLog}): one row per global transaction whose decision is recorded. Not made by
     * {@link #create}: a driver creates it the first time a transaction commits over two servers, so its presence
     * tells every instance that prepared branches may need recovery.
     */
    public static final String XA_LOG_DDL = """
            CREATE TABLE IF NOT EXISTS xa_log (
              gtrid varchar(64) not null primary key,
              decision varchar(8) not null,
              servers varchar(1024) not null default '',
              created timestamp not null default CURRENT_TIMESTAMP
            )""";

    /** The {@code variable_setting} row holding the XA log's id ({@link XaLog#id}). */
    public static final String XA_LOG_ID = "shardline xa log id";

    /** Creates the XA decision log and its id, for a store account that may not create tables itself. */
    public static void createXaLog(Connection c) throws SQLException {
        xaLogId(c, true);
        try (Statement s = c.createStatement()) {
            s.execute(XA_LOG_DDL);
        }
    }

    /**
     * The id of this store's XA log: eight random hex digits kept in {@code variable_setting}, made when
     * {@code create} is true and there is none yet (a concurrent maker's id wins); null when there is none.
     */
    static String xaLogId(Connection c, boolean create) throws SQLException {
        String id = variable(c, XA_LOG_ID);
        if (id != null || !create) {
            return id;
        }
        try (var ps = c.prepareStatement("INSERT INTO variable_setting (name, `value`) VALUES (?, ?)")) {
            ps.setString(1, XA_LOG_ID);
            ps.setString(2, java.util.HexFormat.of().toHexDigits(new java.security.SecureRandom().nextInt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
        return variable(c, XA_LOG_ID);
    }

    private static String variable(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT `value` FROM variable_setting WHERE name = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Creates the tables that are missing (DBProxy's and Shardline's) and DBProxy's default variables. */
    public static void create(Connection c, boolean clusterLayout) throws SQLException {
        create(c, ddl(clusterLayout), clusterLayout);
    }

    /** Creates DBProxy's five tables only, as a DBProxy deployment has them. */
    public static void createDbproxyOnly(Connection c, boolean clusterLayout) throws SQLException {
        create(c, dbproxyDdl(clusterLayout), clusterLayout);
    }

    private static void create(Connection c, List<String> ddl, boolean clusterLayout) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
            insertVariable(s, "DBProxy config data update", "");
            insertVariable(s, "secondary split number base", "0");
            insertVariable(s, "default split range span", "200000");
            insertVariable(s, "DBProxy config table structure version", clusterLayout ? "3" : "2");
        }
    }

    private static void insertVariable(Statement s, String name, String value) throws SQLException {
        try (var rs = s.executeQuery("SELECT 1 FROM variable_setting WHERE name = '" + name + "'")) {
            if (rs.next()) {
                return;
            }
        }
        s.executeUpdate("INSERT INTO variable_setting (name, `value`) VALUES ('" + name + "', '" + value + "')");
    }

    /**
     * The {@code variable_setting} row an admin writes while it moves shard database {@code database} off server
     * {@code serverId}: between the moment the database's tables leave that server and the moment the placements name
     * the new server, a statement that finds its table missing there waits for the switch instead of failing (the
     * value names the target server and the move). DBProxy ignores variables it does not know.
     */
    public static String movingMarker(int serverId, String database) {
        return MOVING_PREFIX + serverId + " " + database;
    }

    /** The start of every {@link #movingMarker} name. */
    public static final String MOVING_PREFIX = "shardline moving shard ";

    /**
     * Marks the configuration as changed, so running drivers reload it at their next check. DBProxy watches the
     * mtime of the "DBProxy config data update" row; Shardline also counts in its value, so two changes within one
     * second are still seen.
     */
    public static void touch(Connection c) throws SQLException {
        long counter = 0;
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT `value` FROM variable_setting WHERE name = 'DBProxy config data update'")) {
            if (rs.next()) {
                try {
                    counter = Long.parseLong(rs.getString(1).trim());
                } catch (NumberFormatException e) {
                    counter = 0;
                }
            }
        }
        try (var ps = c.prepareStatement("UPDATE variable_setting SET `value` = ?, mtime = CURRENT_TIMESTAMP"
                + " WHERE name = 'DBProxy config data update'")) {
            ps.setString(1, Long.toString(counter + 1));
            if (ps.executeUpdate() == 0) {
                try (var insert = c.prepareStatement("INSERT INTO variable_setting (name, `value`) VALUES (?, ?)")) {
                    insert.setString(1, "DBProxy config data update");
                    insert.setString(2, Long.toString(counter + 1));
                    insert.executeUpdate();
                }
            }
        }
    }
}
