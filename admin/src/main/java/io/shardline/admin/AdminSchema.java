package io.shardline.admin;

import io.shardline.driver.store.ConfigSchema;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The admin's tables beside DBProxy's and Shardline's, created when missing (MySQL and H2 in MySQL mode):
 * <ul>
 *   <li>{@code rds_instance}: the name, region and {@code server_info} id of each registered MySQL server;</li>
 *   <li>{@code drds_instance}: DRDS instances, with every CreateDrdsInstance parameter;</li>
 *   <li>{@code drds_db}: DRDS databases: status, message, sealed passwords of the account and of the read-only
 *       account, and the IP white list as MySQL host patterns;</li>
 *   <li>{@code drds_db_object}: every physical object an action makes for a database (a shard database or an
 *       account on one server; server 0 is the config database's server), written before it is made and marked
 *       {@code created} after, so a failed action knows exactly what to clean.</li>
 *   <li>{@code rds_task}: copy tasks (CopyDatabaseBetweenInstances): parameters, state, progress, outcome;</li>
 *   <li>{@code rds_task_object}: the ledger of what a copy made on its target (databases, accounts, grants),
 *       written before each is made and marked after, so a failed or abandoned copy is removed exactly;</li>
 *   <li>{@code rds_backup}: backup sets (CreateBackup): databases, times, binary log position, where the files are
 *       and their manifest with checksums;</li>
 *   <li>{@code shard_move}: shard moves (MoveShardDb, whose task is in {@code rds_task}): the servers, the shard
 *       database, the name its old copy keeps on the source, how far the move got ({@code phase}), whether the old
 *       copy is kept or dropped, and the measurements (rows and time of the copy, catch-up rounds, the write pause).</li>
 * </ul>
 * DRDS databases keep their tables in DBProxy's cluster layout (one cluster per database), so the config database
 * must have that layout; a standard-layout one is refused rather than altered.
 */
final class AdminSchema {
    /** The tables a driver reads, granted SELECT to every DRDS account on a MySQL config database. */
    static final List<String> DRIVER_TABLES = List.of("server_info", "table_info", "split_table_info",
            "split_range_info", "variable_setting", "table_option", "server_option");

    private static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS rds_instance (
              instance_name varchar(64) not null primary key,
              server_id int unsigned not null unique,
              region_id varchar(64) not null,
              create_time bigint not null
            )""", """
            CREATE TABLE IF NOT EXISTS drds_instance (
              instance_id varchar(32) not null primary key,
              description varchar(128) not null,
              region_id varchar(64) not null,
              zone_id varchar(64) not null,
              instance_type tinyint not null,
              specification varchar(32) not null,
              pay_type varchar(32) not null,
              vpc_id varchar(64),
              vswitch_id varchar(64),
              order_id varchar(32) not null,
              status int not null default 0,
              create_time bigint not null,
              version bigint not null default 1
            )""", """
            CREATE TABLE IF NOT EXISTS drds_db (
              instance_id varchar(32) not null,
              db_name varchar(24) not null,
              charset varchar(8) not null,
              status int not null,
              msg varchar(2048) not null default '',
              create_time bigint not null,
              update_time bigint not null,
              db_password varchar(255) not null,
              ip_white_list varchar(4096) not null,
              ro_password varchar(255),
              primary key (instance_id, db_name)
            )""", """
            CREATE TABLE IF NOT EXISTS drds_db_object (
              instance_id varchar(32) not null,
              db_name varchar(24) not null,
              server_id int unsigned not null,
              kind varchar(16) not null,
              name varchar(64) not null,
              created tinyint not null default 0,
              primary key (instance_id, db_name, server_id, kind, name)
            )""", """
            CREATE TABLE IF NOT EXISTS rds_task (
              task_id varchar(36) not null primary key,
              action varchar(64) not null,
              instance_name varchar(64) not null,
              target_instance varchar(64),
              params varchar(4096) not null,
              state varchar(16) not null,
              step varchar(64) not null default '',
              tables_done int not null default 0,
              tables_total int not null default 0,
              rows_done bigint not null default 0,
              rows_total bigint not null default 0,
              bytes_done bigint not null default 0,
              bytes_total bigint not null default 0,
              current_table varchar(200) not null default '',
              error_code varchar(64),
              msg varchar(2048) not null default '',
              start_time bigint not null,
              update_time bigint not null,
              end_time bigint,
              cancel_requested tinyint not null default 0
            )""", """
            CREATE TABLE IF NOT EXISTS rds_task_object (
              task_id varchar(36) not null,
              seq int not null,
              server_id int unsigned not null,
              kind varchar(16) not null,
              name varchar(200) not null,
              detail text,
              created tinyint not null default 0,
              primary key (task_id, seq)
            )""", """
            CREATE TABLE IF NOT EXISTS rds_backup (
              backup_id varchar(32) not null primary key,
              instance_name varchar(64) not null,
              db_names varchar(4096) not null,
              status varchar(16) not null,
              start_time bigint not null,
              end_time bigint,
              consistent_time bigint,
              backup_size bigint not null default 0,
              binlog_file varchar(255),
              binlog_pos bigint,
              location varchar(1024) not null,
              manifest text
            )""", """
            CREATE TABLE IF NOT EXISTS shard_move (
              task_id varchar(36) not null primary key,
              source_server int unsigned not null,
              target_server int unsigned not null,
              db_name varchar(64) not null,
              old_copy varchar(64) not null,
              phase varchar(16) not null,
              old_copy_state varchar(16) not null default '',
              tables_moved int not null default 0,
              rows_copied bigint not null default 0,
              copy_millis bigint not null default 0,
              rounds int not null default 0,
              transactions bigint not null default 0,
              catch_up_millis bigint not null default 0,
              pause_millis bigint not null default -1,
              pause_attempts int not null default 0,
              switch_time bigint
            )""");

    private AdminSchema() {
    }

    /** Creates whatever is missing: DBProxy's tables in the cluster layout, Shardline's options, the admin's. */
    static void create(Connection c) throws SQLException {
        ConfigSchema.create(c, true);
        try (Statement s = c.createStatement()) {
            for (String sql : DDL) {
                s.execute(sql);
            }
            for (String table : List.of("table_info", "split_table_info", "split_range_info")) {
                if (!hasClusterColumn(s, table)) {
                    throw new ShardlineException(ErrorCode.UNCONFIGURED, "the config database has DBProxy's standard"
                            + " layout (" + table + " has no cluster column); DRDS databases need the cluster layout,"
                            + " in which each database's tables form one cluster. Use a new config database, or migrate"
                            + " this one with DBProxy's tools");
                }
            }
        }
    }

    private static boolean hasClusterColumn(Statement s, String table) throws SQLException {
        try {
            s.executeQuery("SELECT cluster FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("42S22") || state.equals("42122"))) {
                return false; // unknown column, on MySQL/MariaDB and H2
            }
            throw e;
        }
    }
}
