package io.shardline.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The data of the gathered-shapes benchmark, kept apart from the workloads' ({@code bench_shapes_*} databases), so a
 * run of one part never reloads the other's tables. Three tables, every column a pure function of its key:
 * <ul>
 * <li>{@code t_order}: 20,000 orders of 4,000 users, hashed by {@code user_id} into 16 tables over 4 databases
 * (table n = user_id % 16 in database n % 4, as in {@link Layout});
 * <li>{@code t_payment}: a payment for each of orders 1..8,000, hashed by {@code order_id} (another key) into 3
 * tables, table n in database n: a user's orders (ids u, u + 4,000, ..) have payments on different databases, so
 * joining them really crosses databases (with 4 tables every payment would sit beside its order);
 * <li>{@code t_user}: the 4,000 users, one single table in database 3 (its own server for Shardline).
 * </ul>
 * The plain database holds the same rows in three unsharded tables: the floor, and the reference answers.
 * Shard database n is Shardline's server n + 1 and ShardingSphere's {@code ds_n}.
 */
final class ShapesEstate {
    static final int DATABASES = 4;
    static final int ORDER_TABLES = 16;
    static final int PAYMENT_TABLES = 3;
    static final int ORDERS = 20_000;
    static final int USERS = 4_000;
    static final int PAYMENTS = 8_000;
    /** The database of the single table {@code t_user}. */
    static final int USER_DATABASE = 3;
    private static final String[] METHODS = {"card", "wallet", "transfer"};
    private static final int LOAD_BATCH = 2_000;

    private ShapesEstate() {
    }

    static long userOf(long orderId) {
        return orderId % USERS;
    }

    static int orderTable(long userId) {
        return (int) (userId % ORDER_TABLES);
    }

    static int paymentTable(long orderId) {
        return (int) (orderId % PAYMENT_TABLES);
    }

    static String methodOf(long orderId) {
        return METHODS[(int) (orderId % METHODS.length)];
    }

    static String nameOf(long userId) {
        return "user-" + userId;
    }

    /** Shard database n (0..3), or the plain database holding everything when {@code db} is -1. */
    static String database(Engine engine, int db) {
        return db < 0 ? "bench_shapes_plain" : "bench_shapes_ds_" + db;
    }

    static String jdbcUrl(Engine engine, int db) {
        return engine == Engine.H2
                ? "jdbc:h2:mem:" + database(engine, db) + ";MODE=MySQL;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1"
                : "jdbc:mysql://" + Engine.HOST + ":" + Engine.PORT + "/" + database(engine, db) + "?"
                        + Engine.MYSQL_OPTIONS;
    }

    /** The schema that holds shard database n's tables: H2's default schema, or the MariaDB database. */
    static String schema(Engine engine, int db) {
        return engine == Engine.H2 ? "PUBLIC" : database(engine, db);
    }

    static Connection connect(Engine engine, int db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(engine, db), engine.user(), engine.password());
    }

    /** Creates and loads every database unless (MariaDB) its row counts show it loaded already. */
    static void prepare(Engine engine) throws SQLException {
        if (loaded(engine)) { // H2: loaded already when an earlier trial of a quick run (same JVM) loaded it
            return;
        }
        for (int db = -1; db < DATABASES; db++) {
            create(engine, db);
            load(engine, db);
        }
    }

    private static boolean loaded(Engine engine) {
        try {
            return count(engine, -1, "t_order") == ORDERS && count(engine, -1, "t_payment") == PAYMENTS
                    && count(engine, -1, "t_user") == USERS
                    && count(engine, DATABASES - 1, "t_order_15") == ORDERS / ORDER_TABLES
                    && count(engine, 0, "t_payment_0") == PAYMENTS / PAYMENT_TABLES
                    && count(engine, USER_DATABASE, "t_user") == USERS;
        } catch (SQLException missing) {
            return false;
        }
    }

    private static long count(Engine engine, int db, String table) throws SQLException {
        try (Connection c = connect(engine, db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void create(Engine engine, int db) throws SQLException {
        if (engine == Engine.MARIADB) {
            String server = "jdbc:mysql://" + Engine.HOST + ":" + Engine.PORT + "/?" + Engine.MYSQL_OPTIONS;
            try (Connection c = DriverManager.getConnection(server, engine.user(), engine.password());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database(engine, db));
                s.execute("CREATE DATABASE " + database(engine, db));
            }
        }
        try (Connection c = connect(engine, db); Statement s = c.createStatement()) {
            for (String table : tables(db)) {
                s.execute("DROP TABLE IF EXISTS " + table);
                if (table.startsWith("t_order")) {
                    s.execute("CREATE TABLE " + table + " (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
                            + "status VARCHAR(16) NOT NULL, amount DECIMAL(10,2) NOT NULL)");
                    s.execute("CREATE INDEX " + table + "_user ON " + table + " (user_id)");
                } else if (table.startsWith("t_payment")) {
                    s.execute("CREATE TABLE " + table + " (order_id BIGINT PRIMARY KEY, method VARCHAR(16) NOT NULL, "
                            + "paid DECIMAL(10,2) NOT NULL)");
                } else {
                    s.execute("CREATE TABLE " + table + " (user_id BIGINT PRIMARY KEY, name VARCHAR(32) NOT NULL, "
                            + "tier INT NOT NULL)");
                }
            }
        }
    }

    /** The physical tables of database {@code db} (-1: the plain database's three). */
    private static String[] tables(int db) {
        if (db < 0) {
            return new String[] {"t_order", "t_payment", "t_user"};
        }
        java.util.List<String> t = new java.util.ArrayList<>();
        for (int n = db; n < ORDER_TABLES; n += DATABASES) {
            t.add("t_order_" + n);
        }
        if (db < PAYMENT_TABLES) {
            t.add("t_payment_" + db);
        }
        if (db == USER_DATABASE) {
            t.add("t_user");
        }
        return t.toArray(String[]::new);
    }

    private static void load(Engine engine, int db) throws SQLException {
        try (Connection c = connect(engine, db)) {
            c.setAutoCommit(false);
            for (long id = 1; id <= ORDERS; id++) {
                long user = userOf(id);
                int t = orderTable(user);
                if (db < 0 || t % DATABASES == db) {
                    Rows.of(c, "INSERT INTO " + (db < 0 ? "t_order" : "t_order_" + t) + " VALUES (?, ?, ?, ?)")
                            .add(id, user, Layout.statusOf(id), Layout.amountOf(id));
                }
            }
            for (long id = 1; id <= PAYMENTS; id++) {
                if (db < 0 || paymentTable(id) == db) {
                    Rows.of(c, "INSERT INTO " + (db < 0 ? "t_payment" : "t_payment_" + db) + " VALUES (?, ?, ?)")
                            .add(id, methodOf(id), Layout.amountOf(id));
                }
            }
            if (db < 0 || db == USER_DATABASE) {
                for (long u = 0; u < USERS; u++) {
                    Rows.of(c, "INSERT INTO t_user VALUES (?, ?, ?)").add(u, nameOf(u), (int) (u % 5));
                }
            }
            Rows.flushAll(c);
            c.commit();
        }
    }

    /** Batched inserts per table of one loading connection. */
    private static final class Rows {
        private static final java.util.Map<Connection, java.util.Map<String, Rows>> OPEN = new java.util.HashMap<>();
        private final PreparedStatement ps;
        private int pending;

        private Rows(PreparedStatement ps) {
            this.ps = ps;
        }

        static Rows of(Connection c, String sql) throws SQLException {
            java.util.Map<String, Rows> mine = OPEN.computeIfAbsent(c, k -> new java.util.LinkedHashMap<>());
            Rows r = mine.get(sql);
            if (r == null) {
                r = new Rows(c.prepareStatement(sql));
                mine.put(sql, r);
            }
            return r;
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (values[i] instanceof BigDecimal d) {
                    ps.setBigDecimal(i + 1, d);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            ps.addBatch();
            if (++pending == LOAD_BATCH) {
                ps.executeBatch();
                pending = 0;
            }
        }

        static void flushAll(Connection c) throws SQLException {
            java.util.Map<String, Rows> mine = OPEN.remove(c);
            if (mine == null) {
                return;
            }
            for (Rows r : mine.values()) {
                try (PreparedStatement ps = r.ps) {
                    ps.executeBatch();
                }
            }
        }
    }
}
