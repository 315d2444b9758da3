package io.shardline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A sharding driver seen as one logical database (Shardline, ShardingSphere-JDBC): the application's code, which
 * borrows a connection per operation the way a pooled application (a Spring {@code JdbcTemplate}) does.
 */
final class LogicalTarget implements Target {
    private final DataSource dataSource;
    private final AutoCloseable owner;

    LogicalTarget(DataSource dataSource, AutoCloseable owner) {
        this.dataSource = dataSource;
        this.owner = owner;
    }

    @Override
    public void point(long userId, long orderId, Sink out) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(POINT)) {
            ps.setLong(1, userId);
            ps.setLong(2, orderId);
            orders(ps, out);
        }
    }

    @Override
    public void inThree(long[] users, Sink out) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IN_THREE)) {
            for (int i = 0; i < users.length; i++) {
                ps.setLong(i + 1, users[i]);
            }
            orders(ps, out);
        }
    }

    @Override
    public void latest(Sink out) throws SQLException {
        query(LATEST, out);
    }

    @Override
    public void deepPage(Sink out) throws SQLException {
        query(DEEP_PAGE, out);
    }

    @Override
    public void groupByStatus(Sink out) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(GROUP);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.group(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4));
            }
        }
    }

    @Override
    public int insert(long orderId, long userId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            bindOrder(ps, orderId, userId);
            return ps.executeUpdate();
        }
    }

    @Override
    public int batchInsert(long firstOrderId, int rows) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (long id = firstOrderId; id < firstOrderId + rows; id++) {
                bindOrder(ps, id, Layout.userOf(id));
                ps.addBatch();
            }
            return DirectTarget.written(ps.executeBatch());
        }
    }

    @Override
    public void transaction(long userId, long orderId, long itemId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DirectTarget.runTransaction(c, TX_LOCK, TX_ITEM, TX_BUMP, userId, orderId, itemId);
        }
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }

    private void query(String sql, Sink out) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            orders(ps, out);
        }
    }

    static void orders(PreparedStatement ps, Sink out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.order(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4));
            }
        }
    }

    static void bindOrder(PreparedStatement ps, long orderId, long userId) throws SQLException {
        ps.setLong(1, orderId);
        ps.setLong(2, userId);
        ps.setString(3, Layout.statusOf(orderId));
        ps.setBigDecimal(4, Layout.amountOf(orderId));
    }
}
