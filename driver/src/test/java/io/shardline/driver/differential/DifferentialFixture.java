package io.shardline.driver.differential;

import io.shardline.driver.ShardlineDataSource;
import io.shardline.driver.store.ConfigSchema;
import io.shardline.driver.store.ConfigWriter;
import io.shardline.driver.store.JdbcMetadataStore;
import io.shardline.driver.testing.MariaDb;
import io.shardline.driver.testing.MariaDbServer;
import io.shardline.driver.testing.ShardedFixture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The differential suite's two worlds: one plain database holding six tables, and the same tables sharded over three
 * servers through Shardline, loaded with the same rows. Server 1 also holds the plain database.
 * <pre>
 * orders, order_line  hash 4 by uid (binding tables): 0,1 on server 1 (o_a), 2 on server 2 (o_b), 3 on server 3 (o_c)
 * event               range span 1000, secondary split 250 (event0..event3): slot 0 ev_0 (server 1),
 *                     slot 1 odd ev_1o (server 2) / even ev_1e (server 3), slot 2 ev_2 (server 3)
 * customer            hash 3 by string name: customer_0..2 in o_a, o_b, o_c; full-table-scan switch off
 * country             broadcast: a copy in each of the 7 shard databases
 * config              single: cfg on server 2
 * users               hash 3 by uid (not binding with orders): users_0..2 in o_a, o_b, o_c
 * merchant            hash 2 by id: merchant_0 in o_b, merchant_1 in o_c
 * product             single: cat on server 3
 * ledger              hash 3 by uid, no key at all (rows equal in every column): ledger_0..2 in o_a, o_b, o_c
 * </pre>
 * Full-table scans are on for orders, order_line, event, users, merchant and ledger. Database names carry a random
 * prefix on MariaDB.
 */
final class DifferentialFixture implements AutoCloseable {
    static final String[] TABLES = {"orders", "order_line", "event", "customer", "country", "config", "users", "merchant",
        "product", "ledger"};
    /** Column lists, in table order. */
    static final Map<String, String> NAMES = Map.of("orders", "id, uid, item, qty, price, status, created, note, country",
            "order_line", "id, uid, order_id, sku, amount", "event", "id, uid, kind, val, ts",
            "customer", "name, tier, score, country", "country", "code, name, region", "config", "k, v",
            "users", "uid, name, email, country, signup", "merchant", "id, name, country, rating",
            "product", "sku, name, merchant_id, price, category", "ledger", "uid, amount, note");
    /** Primary keys, for reading whole tables in a fixed order. */
    static final Map<String, String> KEYS = Map.of("orders", "id", "order_line", "id", "event", "id",
            "customer", "name", "country", "code", "config", "k", "users", "uid", "merchant", "id", "product", "sku",
            "ledger", "uid, amount, note");
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("orders", "(id BIGINT NOT NULL PRIMARY KEY, uid BIGINT NOT NULL, item VARCHAR(32), qty INT,"
                + " price DECIMAL(10,2), status VARCHAR(16), created DATETIME, note VARCHAR(32), country CHAR(2))");
        COLUMNS.put("order_line", "(id BIGINT NOT NULL PRIMARY KEY, uid BIGINT NOT NULL, order_id BIGINT,"
                + " sku VARCHAR(16), amount DECIMAL(10,2))");
        COLUMNS.put("event", "(id BIGINT NOT NULL PRIMARY KEY, uid BIGINT, kind VARCHAR(16), val DECIMAL(10,2),"
                + " ts DATETIME)");
        COLUMNS.put("customer", "(name VARCHAR(32) NOT NULL PRIMARY KEY, tier INT, score DECIMAL(6,1), country CHAR(2))");
        COLUMNS.put("country", "(code CHAR(2) NOT NULL PRIMARY KEY, name VARCHAR(32), region VARCHAR(16))");
        COLUMNS.put("config", "(k VARCHAR(32) NOT NULL PRIMARY KEY, v VARCHAR(64))");
        COLUMNS.put("users", "(uid BIGINT NOT NULL PRIMARY KEY, name VARCHAR(32), email VARCHAR(64), country CHAR(2),"
                + " signup DATE)");
        COLUMNS.put("merchant", "(id INT NOT NULL PRIMARY KEY, name VARCHAR(32), country CHAR(2), rating DECIMAL(3,1))");
        // no PRIMARY KEY: writes evaluated first name its rows by the UNIQUE key of a NOT NULL column
        COLUMNS.put("product", "(sku VARCHAR(16) NOT NULL UNIQUE, name VARCHAR(32), merchant_id INT,"
                + " price DECIMAL(8,2), category VARCHAR(16))");
        // no key at all: a write evaluated first runs in place on each shard, or in one step over all of them
        COLUMNS.put("ledger", "(uid BIGINT NOT NULL, amount DECIMAL(8,2), note VARCHAR(16))");
    }

    /** Shard databases per server. */
    private static final String[][] DATABASES = {{"o_a", "ev_0"}, {"o_b", "ev_1o", "cfg"},
        {"o_c", "ev_1e", "ev_2", "cat"}};

    private final ShardedFixture.Engine engine;
    private final String prefix;
    private final Map<Integer, String> serverUrls = new LinkedHashMap<>();
    private final Path metaFile;
    private MariaDbServer third;
    private String plainUrl;
    private ShardlineDataSource dataSource;

    private DifferentialFixture(ShardedFixture.Engine engine) {
        this.engine = engine;
        this.prefix = "df" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "_";
        this.metaFile = Path.of("target", "meta", prefix + "meta").toAbsolutePath();
    }

    static DifferentialFixture create(ShardedFixture.Engine engine) throws SQLException {
        DifferentialFixture f = new DifferentialFixture(engine);
        try {
            f.build();
        } catch (SQLException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    ShardedFixture.Engine engine() {
        return engine;
    }

    String db(String name) {
        return engine == ShardedFixture.Engine.H2 ? name : prefix + name;
    }

    ShardlineDataSource dataSource() {
        return dataSource;
    }

    /** Another data source over the same metadata, with extra URL parameters ({@code a=1&b=2}). */
    ShardlineDataSource dataSource(String params) {
        return new ShardlineDataSource("jdbc:shardline:h2:" + metaFile + "?checkInterval=0&" + params);
    }

    /** A connection to the plain database, its tables reachable unqualified. */
    Connection plain() throws SQLException {
        if (engine == ShardedFixture.Engine.H2) {
            return DriverManager.getConnection(plainUrl);
        }
        Connection c = MariaDb.primary();
        c.setCatalog(db("plain"));
        return c;
    }

    Connection physical(int server) throws SQLException {
        if (engine == ShardedFixture.Engine.H2) {
            return DriverManager.getConnection(serverUrls.get(server));
        }
        return switch (server) {
            case 1 -> MariaDb.primary();
            case 2 -> MariaDb.second().connect();
            default -> third.connect();
        };
    }

    private void build() throws SQLException {
        if (engine == ShardedFixture.Engine.H2) {
            for (int s = 1; s <= 3; s++) {
                serverUrls.put(s, "jdbc:h2:mem:" + prefix + s + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
            }
            plainUrl = "jdbc:h2:mem:" + prefix + "plain;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        } else {
            third = MariaDbServer.start("third");
            serverUrls.put(1, MariaDb.PRIMARY_URL);
            serverUrls.put(2, MariaDb.second().jdbcUrl());
            serverUrls.put(3, third.jdbcUrl());
        }
        for (int s = 1; s <= 3; s++) {
            createShards(s);
        }
        try (Connection c = engine == ShardedFixture.Engine.H2 ? DriverManager.getConnection(plainUrl) : MariaDb.primary();
             Statement st = c.createStatement()) {
            if (engine == ShardedFixture.Engine.MARIADB) {
                st.execute("CREATE DATABASE " + db("plain"));
            }
            String schema = engine == ShardedFixture.Engine.H2 ? "" : db("plain") + ".";
            for (var e : COLUMNS.entrySet()) {
                st.execute("CREATE TABLE " + schema + e.getKey() + " " + e.getValue());
            }
        }
        try (Connection meta = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + metaFile))) {
            ConfigSchema.create(meta, false);
            writeMetadata(new ConfigWriter(meta, false));
            ConfigSchema.touch(meta);
        }
        dataSource = new ShardlineDataSource("jdbc:shardline:h2:" + metaFile + "?checkInterval=0");
        load();
    }

    private void createShards(int server) throws SQLException {
        try (Connection c = physical(server); Statement s = c.createStatement()) {
            for (String d : DATABASES[server - 1]) {
                String db = db(d);
                s.execute(engine == ShardedFixture.Engine.H2 ? "CREATE SCHEMA " + db : "CREATE DATABASE " + db);
                if (d.startsWith("o_")) {
                    int[] numbers = d.equals("o_a") ? new int[] {0, 1} : d.equals("o_b") ? new int[] {2} : new int[] {3};
                    for (int n : numbers) {
                        s.execute("CREATE TABLE " + db + ".orders_" + n + " " + COLUMNS.get("orders"));
                        s.execute("CREATE TABLE " + db + ".order_line_" + n + " " + COLUMNS.get("order_line"));
                    }
                    s.execute("CREATE TABLE " + db + ".customer_" + (server - 1) + " " + COLUMNS.get("customer"));
                    s.execute("CREATE TABLE " + db + ".users_" + (server - 1) + " " + COLUMNS.get("users"));
                    s.execute("CREATE TABLE " + db + ".ledger_" + (server - 1) + " " + COLUMNS.get("ledger"));
                    if (server > 1) {
                        s.execute("CREATE TABLE " + db + ".merchant_" + (server - 2) + " " + COLUMNS.get("merchant"));
                    }
                } else if (d.startsWith("ev_")) {
                    for (int i = 0; i < 4; i++) {
                        s.execute("CREATE TABLE " + db + ".event" + i + " " + COLUMNS.get("event"));
                    }
                } else if (d.equals("cat")) {
                    s.execute("CREATE TABLE " + db + ".product " + COLUMNS.get("product"));
                } else {
                    s.execute("CREATE TABLE " + db + ".config " + COLUMNS.get("config"));
                }
                if (!d.equals("cfg") && !d.equals("cat")) {
                    s.execute("CREATE TABLE " + db + ".country " + COLUMNS.get("country"));
                }
            }
        }
    }

    private void writeMetadata(ConfigWriter w) throws SQLException {
        for (int s = 1; s <= 3; s++) {
            if (engine == ShardedFixture.Engine.H2) {
                w.server(s, 0, "h2-" + s, 0, "", "").serverOption(s, null, serverUrls.get(s));
            } else {
                int port = s == 1 ? 3306 : s == 2 ? MariaDb.second().port() : third.port();
                w.server(s, 0, "127.0.0.1", port, "root", "");
            }
        }
        for (String table : List.of("orders", "order_line")) {
            w.hashTable("", table, 4, "uid");
            w.placement("", table, 0, 1, db("o_a")).placement("", table, 1, 1, db("o_a"))
                    .placement("", table, 2, 2, db("o_b")).placement("", table, 3, 3, db("o_c"));
            w.fullTableScan("", table, true);
        }
        w.rangeTable("", "event", 1000, "ev", 250, "id").fullTableScan("", "event", true);
        w.rangeSlot("", "ev", 0, 0, 1, db("ev_0"));
        w.rangeSlot("", "ev", 1, 1, 2, db("ev_1o"));
        w.rangeSlot("", "ev", 1, 2, 3, db("ev_1e"));
        w.rangeSlot("", "ev", 2, 0, 3, db("ev_2"));
        w.hashTable("", "customer", 3, "name").tableOption("", "customer", false, "string");
        w.placement("", "customer", 0, 1, db("o_a")).placement("", "customer", 1, 2, db("o_b"))
                .placement("", "customer", 2, 3, db("o_c"));
        w.broadcastTable("", "country");
        w.singleTable("", "config", 2, db("cfg"));
        w.hashTable("", "users", 3, "uid").fullTableScan("", "users", true);
        w.placement("", "users", 0, 1, db("o_a")).placement("", "users", 1, 2, db("o_b"))
                .placement("", "users", 2, 3, db("o_c"));
        w.hashTable("", "merchant", 2, "id").fullTableScan("", "merchant", true);
        w.placement("", "merchant", 0, 2, db("o_b")).placement("", "merchant", 1, 3, db("o_c"));
        w.singleTable("", "product", 3, db("cat"));
        w.hashTable("", "ledger", 3, "uid").fullTableScan("", "ledger", true);
        w.placement("", "ledger", 0, 1, db("o_a")).placement("", "ledger", 1, 2, db("o_b"))
                .placement("", "ledger", 2, 3, db("o_c"));
    }

    // ---- data -------------------------------------------------------------------------------------------------

    private static final String[] ITEMS = {"pen", "Pen", "book", "Book ", "ink", "paper", "lamp", "desk"};
    private static final String[] STATUS = {"new", "paid", "shipped", "cancelled"};
    private static final String[] COUNTRIES = {"de", "fr", "it", "es", "jp", "us", "cn", "br"};
    private static final String[] KINDS = {"click", "view", "buy", "Click"};

    /** The same rows into both worlds: directly into the plain database, through Shardline (batches) into the shards. */
    private void load() throws SQLException {
        Random r = new Random(42);
        Map<String, List<Object[]>> rows = new LinkedHashMap<>();
        List<Object[]> orders = new ArrayList<>();
        for (long id = 1; id <= 120; id++) {
            long uid = 1 + r.nextInt(40);
            orders.add(new Object[] {id, uid, r.nextInt(12) == 0 ? null : ITEMS[r.nextInt(ITEMS.length)],
                    1 + r.nextInt(5), r.nextInt(10) == 0 ? null : BigDecimal.valueOf(100 + r.nextInt(9900), 2),
                    STATUS[r.nextInt(STATUS.length)], Timestamp.valueOf("2024-0" + (1 + r.nextInt(9)) + "-1"
                    + r.nextInt(10) + " 1" + r.nextInt(10) + ":00:00"), r.nextInt(3) == 0 ? "gift" : null,
                    COUNTRIES[r.nextInt(COUNTRIES.length)]});
        }
        rows.put("orders", orders);
        List<Object[]> lines = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            Object[] order = orders.get(r.nextInt(orders.size()));
            lines.add(new Object[] {id, order[1], order[0], "sku" + r.nextInt(15),
                    BigDecimal.valueOf(r.nextInt(5000), 2)});
        }
        rows.put("order_line", lines);
        List<Object[]> events = new ArrayList<>();
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        while (ids.size() < 150) {
            ids.add((long) r.nextInt(3000));
        }
        for (long id : ids) {
            events.add(new Object[] {id, (long) (1 + r.nextInt(40)), KINDS[r.nextInt(KINDS.length)],
                    r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(10000) - 2000, 2),
                    Timestamp.valueOf("2024-05-" + (10 + r.nextInt(20)) + " 08:" + (10 + r.nextInt(50)) + ":00")});
        }
        rows.put("event", events);
        List<Object[]> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(new Object[] {"cust" + i, r.nextInt(4), r.nextInt(5) == 0 ? null
                    : BigDecimal.valueOf(r.nextInt(1000), 1), COUNTRIES[r.nextInt(COUNTRIES.length)]});
        }
        rows.put("customer", customers);
        List<Object[]> countries = new ArrayList<>();
        String[] regions = {"eu", "eu", "eu", "eu", "asia", "america", "asia", "america"};
        for (int i = 0; i < COUNTRIES.length; i++) {
            countries.add(new Object[] {COUNTRIES[i], "Country " + COUNTRIES[i].toUpperCase(), regions[i]});
        }
        rows.put("country", countries);
        List<Object[]> config = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            config.add(new Object[] {"key" + i, "value " + i});
        }
        rows.put("config", config);
        List<Object[]> users = new ArrayList<>();
        for (long uid = 1; uid <= 45; uid++) { // orders reach uid 40: some users have no orders, all orders a user
            users.add(new Object[] {uid, r.nextInt(9) == 0 ? null : "user" + (uid % 17), r.nextInt(7) == 0 ? null
                    : "u" + uid + "@example.com", COUNTRIES[r.nextInt(COUNTRIES.length)],
                    java.sql.Date.valueOf("2023-" + (10 + r.nextInt(3)) + "-1" + r.nextInt(10))});
        }
        rows.put("users", users);
        List<Object[]> merchants = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            merchants.add(new Object[] {id, "Shop " + (char) ('A' + id), COUNTRIES[r.nextInt(4)],
                    id == 4 ? null : BigDecimal.valueOf(10 + r.nextInt(40), 1)});
        }
        rows.put("merchant", merchants);
        List<Object[]> products = new ArrayList<>();
        String[] categories = {"office", "books", "home", "Office"};
        for (int i = 0; i < 16; i++) { // order_line reaches sku14: sku15 is never sold
            products.add(new Object[] {"sku" + i, "Product " + i, i == 7 ? null : 1 + r.nextInt(7),
                    BigDecimal.valueOf(100 + r.nextInt(5000), 2), categories[r.nextInt(categories.length)]});
        }
        rows.put("product", products);
        List<Object[]> ledger = new ArrayList<>();
        for (long uid = 1; uid <= 24; uid++) { // two equal fees per uid
            ledger.add(new Object[] {uid, new BigDecimal("1.50"), "fee"});
            ledger.add(new Object[] {uid, new BigDecimal("1.50"), "fee"});
            ledger.add(new Object[] {uid, BigDecimal.valueOf(uid * 225, 2), uid % 3 == 0 ? "refund" : "sale"});
            if (uid % 5 == 0) {
                ledger.add(new Object[] {uid, new BigDecimal("0.10"), "chargeback"});
            }
        }
        rows.put("ledger", ledger);
        try (Connection plain = plain(); Connection sharded = dataSource.getConnection()) {
            for (var e : rows.entrySet()) {
                insert(plain, e.getKey(), e.getValue());
                insert(sharded, e.getKey(), e.getValue());
            }
        }
    }

    private static void insert(Connection c, String table, List<Object[]> rows) throws SQLException {
        int width = rows.get(0).length;
        String marks = "?" + ", ?".repeat(width - 1);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + NAMES.get(table) + ") VALUES ("
                + marks + ")")) {
            for (Object[] row : rows) {
                for (int i = 0; i < width; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        for (int s = 1; s <= 3; s++) {
            if (!serverUrls.containsKey(s)) {
                continue;
            }
            try (Connection c = physical(s); Statement st = c.createStatement()) {
                if (engine == ShardedFixture.Engine.H2) {
                    st.execute("SHUTDOWN");
                } else if (s < 3) {
                    for (String d : DATABASES[s - 1]) {
                        st.execute("DROP DATABASE IF EXISTS " + db(d));
                    }
                }
            }
        }
        if (engine == ShardedFixture.Engine.H2 && plainUrl != null) {
            try (Connection c = DriverManager.getConnection(plainUrl); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        } else if (engine == ShardedFixture.Engine.MARIADB) {
            try (Connection c = MariaDb.primary(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + db("plain"));
            }
        }
        if (third != null) {
            third.close();
        }
        try (Connection meta = DriverManager.getConnection(JdbcMetadataStore.h2Url("jdbc:h2:" + metaFile));
             Statement s = meta.createStatement()) {
            s.execute("DROP ALL OBJECTS DELETE FILES");
        }
    }
}
