package io.shardline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the shard databases live: H2 in-memory databases (driver overhead laid bare), or databases on the MariaDB at
 * 127.0.0.1:3306 (they stay there between runs, {@code bench_ds_0..3} for the default layout, and are reloaded only
 * when their rows are not the expected ones). Every target reaches database n through the same JDBC URL and options.
 */
enum Engine {
    H2 {
        @Override
        String jdbcUrl(int db) {
            return "jdbc:h2:mem:" + Layout.databasePrefix() + db + ";MODE=MySQL;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
        }

        @Override
        String database(int db) {
            return "PUBLIC";
        }

        @Override
        String user() {
            return "sa";
        }
    },
    MARIADB {
        @Override
        String jdbcUrl(int db) {
            return "jdbc:mysql://" + HOST + ":" + PORT + "/" + database(db) + "?" + MYSQL_OPTIONS;
        }

        @Override
        String database(int db) {
            return Layout.databasePrefix() + db;
        }

        @Override
        String user() {
            return "root";
        }
    };

    static final String HOST = System.getProperty("bench.mariadb.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("bench.mariadb.port", 3306);
    /**
     * The connector options Shardline puts on the servers it reaches, its default timeouts included; direct and
     * ShardingSphere get the same. The read timeout matters beyond what it guards against: with one, the JDK reads the
     * socket without blocking and polls when nothing has arrived yet, a syscall or two more per round trip (measured
     * with strace: 0.5 more reads and polls per insert), about 8 µs of CPU per statement on this machine.
     */
    static final String MYSQL_OPTIONS = "connectTimeout=10000&socketTimeout=60000&characterEncoding=UTF-8"
            + "&cachePrepStmts=true&prepStmtCacheSize=256&prepStmtCacheSqlLimit=4096&rewriteBatchedStatements=true"
            + "&useLocalSessionState=true";
    private static final int LOAD_BATCH = 2_000;

    abstract String jdbcUrl(int db);

    /** The database that holds shard database n's tables (H2: each in-memory database's default schema). */
    abstract String database(int db);

    abstract String user();

    String password() {
        return "";
    }

    static Engine of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * Creates the schema and loads the rows unless they are already there; empties the write tables. H2's in-memory
     * databases live as long as their JVM: a fork per trial loads them anew, a quick run (every trial in one JVM)
     * once per layout.
     */
    void prepare() throws SQLException {
        if (!loaded()) {
            for (int db = 0; db < Layout.DATABASES; db++) {
                create(db);
                load(db);
            }
        }
        resetWrites();
    }

    /** Empties the tables the write workloads fill. */
    void resetWrites() throws SQLException {
        if (!Layout.writable()) {
            return;
        }
        for (int db = 0; db < Layout.DATABASES; db++) {
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                for (int t = db; t < Layout.TABLES; t += Layout.DATABASES) {
                    s.execute("TRUNCATE TABLE " + Layout.physical("t_order_w", t));
                    s.execute("TRUNCATE TABLE " + Layout.physical("t_order_item", t));
                }
            }
        }
    }

    /** One number read straight from shard database {@code db}, bypassing every target. */
    long queryLong(int db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Connection connect(int db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), user(), password());
    }

    private boolean loaded() {
        try {
            long rows = 0;
            long max = 0;
            for (int db = 0; db < Layout.DATABASES; db++) {
                try (Connection c = connect(db); Statement s = c.createStatement()) {
                    for (int t = db; t < Layout.TABLES; t += Layout.DATABASES) {
                        try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(order_id), 0) FROM "
                                + Layout.physical("t_order", t))) {
                            rs.next();
                            rows += rs.getLong(1);
                            max = Math.max(max, rs.getLong(2));
                        }
                    }
                }
            }
            return rows == Layout.ROWS && max == Layout.ROWS;
        } catch (SQLException missing) {
            return false;
        }
    }

    private void create(int db) throws SQLException {
        if (this == MARIADB) {
            String server = "jdbc:mysql://" + HOST + ":" + PORT + "/?" + MYSQL_OPTIONS;
            try (Connection c = DriverManager.getConnection(server, user(), password());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database(db));
                s.execute("CREATE DATABASE " + database(db));
            }
        }
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            for (int t = db; t < Layout.TABLES; t += Layout.DATABASES) {
                for (String logical : Layout.LOGICAL) {
                    String physical = Layout.physical(logical, t);
                    s.execute("DROP TABLE IF EXISTS " + physical);
                    s.execute(Layout.createTable(logical, physical));
                    s.execute(Layout.createIndex(logical, physical));
                }
            }
        }
    }

    private void load(int db) throws SQLException {
        try (Connection c = connect(db)) {
            c.setAutoCommit(false);
            int tables = Layout.TABLES / Layout.DATABASES;
            PreparedStatement[] inserts = new PreparedStatement[tables];
            int[] pending = new int[tables];
            try {
                for (int k = 0; k < tables; k++) {
                    inserts[k] = c.prepareStatement("INSERT INTO " + Layout.physical("t_order", db + k * Layout.DATABASES)
                            + " (order_id, user_id, status, amount) VALUES (?, ?, ?, ?)");
                }
                for (long id = 1; id <= Layout.ROWS; id++) {
                    long user = Layout.userOf(id);
                    int t = Layout.table(user);
                    if (Layout.database(t) != db) {
                        continue;
                    }
                    int k = t / Layout.DATABASES;
                    PreparedStatement ps = inserts[k];
                    ps.setLong(1, id);
                    ps.setLong(2, user);
                    ps.setString(3, Layout.statusOf(id));
                    ps.setBigDecimal(4, Layout.amountOf(id));
                    ps.addBatch();
                    if (++pending[k] == LOAD_BATCH) {
                        ps.executeBatch();
                        pending[k] = 0;
                    }
                }
                for (PreparedStatement ps : inserts) {
                    ps.executeBatch();
                }
            } finally {
                for (PreparedStatement ps : inserts) {
                    if (ps != null) {
                        ps.close();
                    }
                }
            }
            c.commit();
        }
    }
}
