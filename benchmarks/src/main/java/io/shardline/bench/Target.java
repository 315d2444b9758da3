package io.shardline.bench;

import java.sql.SQLException;

/** One way of running the workloads over the sharded schema. */
interface Target extends AutoCloseable {
    String SELECT_ORDER = "SELECT order_id, user_id, status, amount FROM t_order";
    String POINT = SELECT_ORDER + " WHERE user_id = ? AND order_id = ?";
    String IN_THREE = SELECT_ORDER + " WHERE user_id IN (?, ?, ?)";
    String LATEST = SELECT_ORDER + " ORDER BY order_id DESC LIMIT " + Expected.PAGE;
    String GROUP = "SELECT status, COUNT(*), SUM(amount), AVG(amount) FROM t_order GROUP BY status";
    String DEEP_PAGE = SELECT_ORDER + " ORDER BY order_id LIMIT " + Expected.DEEP_OFFSET + ", " + Expected.PAGE;
    String INSERT = "INSERT INTO t_order_w (order_id, user_id, status, amount) VALUES (?, ?, ?, ?)";
    String TX_LOCK = "SELECT amount FROM t_order WHERE user_id = ? AND order_id = ? FOR UPDATE";
    String TX_ITEM = "INSERT INTO t_order_item (item_id, order_id, user_id, sku, qty) VALUES (?, ?, ?, ?, 1)";
    String TX_BUMP = "UPDATE t_order_item SET qty = qty + 1 WHERE user_id = ? AND item_id = ?";

    void point(long userId, long orderId, Sink out) throws SQLException;

    void inThree(long[] users, Sink out) throws SQLException;

    void latest(Sink out) throws SQLException;

    void groupByStatus(Sink out) throws SQLException;

    void deepPage(Sink out) throws SQLException;

    /** One row into {@code t_order_w}; returns the update count. */
    int insert(long orderId, long userId) throws SQLException;

    /** {@code rows} rows with ids from {@code firstOrderId} into {@code t_order_w} as one JDBC batch; rows written. */
    int batchInsert(long firstOrderId, int rows) throws SQLException;

    /** Locks an order, adds an item of its user and bumps the item's quantity, in one transaction. */
    void transaction(long userId, long orderId, long itemId) throws SQLException;

    @Override
    void close() throws Exception;
}
