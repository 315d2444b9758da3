package io.shardline.bench;

import java.math.BigDecimal;

/**
 * The schema every target serves: {@code t_order} hashed by {@code user_id} into {@code TABLES} physical tables over
 * {@code DATABASES} databases (physical table {@code t_order_n}, n = user_id % TABLES, in database n % DATABASES; 16
 * tables over 4 databases unless a scale run {@link #use}s another layout), its binding child {@code t_order_item},
 * and {@code t_order_w}, the same split, which the write workloads fill so the read workloads always see the same
 * rows. The rows are a pure function of the order id, so answers can be computed without any database.
 */
final class Layout {
    /** The layout of the workload table: 16 tables over 4 databases. */
    static final String DEFAULT = "16x4";
    static int DATABASES = 4;
    static int TABLES = 16;
    static final int ROWS = 100_000;
    static final int USERS = 20_000;
    private static final String[] ALL_TABLES = {"t_order", "t_order_item", "t_order_w"};
    private static final String[] READ_TABLES = {"t_order"};
    /** The logical tables of this layout: larger layouts serve only the read workloads, so only the orders. */
    static String[] LOGICAL = ALL_TABLES;
    private static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DONE", "CANCELLED"};

    private Layout() {
    }

    /** Switches this JVM (one JMH fork) to {@code tables x databases}, e.g. {@code 4096x64}. */
    static void use(String layout) {
        String[] p = layout.split("x");
        int tables = Integer.parseInt(p[0]);
        int databases = Integer.parseInt(p[1]);
        if (tables % databases != 0 || tables < databases) {
            throw new IllegalArgumentException("layout " + layout + ": tables must be a multiple of databases");
        }
        TABLES = tables;
        DATABASES = databases;
        LOGICAL = writable() ? ALL_TABLES : READ_TABLES;
    }

    /** Whether this layout has the tables the write workloads fill (only the default layout does). */
    static boolean writable() {
        return TABLES == 16 && DATABASES == 4;
    }

    /** What this layout's shard databases are called: {@code bench_ds_n} for the default, else with the table count. */
    static String databasePrefix() {
        return TABLES == 16 && DATABASES == 4 ? "bench_ds_" : "bench_t" + TABLES + "_ds_";
    }

    static int table(long userId) {
        return (int) (userId % TABLES);
    }

    static int database(int table) {
        return table % DATABASES;
    }

    static String physical(String logical, int table) {
        return logical + "_" + table;
    }

    static long userOf(long orderId) {
        return orderId % USERS;
    }

    static String statusOf(long orderId) {
        return STATUSES[(int) (orderId * 7 % STATUSES.length)];
    }

    static BigDecimal amountOf(long orderId) {
        return BigDecimal.valueOf(orderId * 7919 % 100_000, 2);
    }

    static String createTable(String logical, String physical) {
        if (logical.equals("t_order_item")) {
            return "CREATE TABLE " + physical + " (item_id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, sku VARCHAR(32) NOT NULL, qty INT NOT NULL)";
        }
        return "CREATE TABLE " + physical + " (order_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, "
                + "status VARCHAR(16) NOT NULL, amount DECIMAL(10,2) NOT NULL)";
    }

    static String createIndex(String logical, String physical) {
        return "CREATE INDEX " + physical + "_user ON " + physical + " (user_id)";
    }
}
