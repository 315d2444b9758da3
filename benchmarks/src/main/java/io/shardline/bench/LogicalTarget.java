package io.shardline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A sharding driver seen as one logical database (Shardline, ShardingSphere-JDBC): the application's code, which
 * borrows a connection per operation the way a pooled application (a Spring {@code JdbcTemplate}) does, or (kept)
 * holds one logical connection per thread and its prepared statements across operations.
 */
final class LogicalTarget implements Target {
    private final ConnectionUse use;
    private final AutoCloseable owner;

    LogicalTarget(DataSource dataSource, AutoCloseable owner, boolean kept) {
        this.use = kept ? ConnectionUse.kept(dataSource) : ConnectionUse.perOperation(dataSource);
        this.owner = owner;
    }

    @Override
    public void point(long userId, long orderId, Sink out) throws SQLException {
        use.run(0, POINT, ps -> {
            ps.setLong(1, userId);
            ps.setLong(2, orderId);
            return orders(ps, out);
        });
    }

    @Override
    public void inThree(long[] users, Sink out) throws SQLException {
        use.run(0, IN_THREE, ps -> {
            for (int i = 0; i < users.length; i++) {
                ps.setLong(i + 1, users[i]);
            }
            return orders(ps, out);
        });
    }

    @Override
    public void latest(Sink out) throws SQLException {
        use.run(0, LATEST, ps -> orders(ps, out));
    }

    @Override
    public void deepPage(Sink out) throws SQLException {
        use.run(0, DEEP_PAGE, ps -> orders(ps, out));
    }

    @Override
    public void groupByStatus(Sink out) throws SQLException {
        use.run(0, GROUP, ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.group(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4));
                }
            }
            return null;
        });
    }

    @Override
    public int insert(long orderId, long userId) throws SQLException {
        return use.run(0, INSERT, ps -> {
            bindOrder(ps, orderId, userId);
            return ps.executeUpdate();
        });
    }

    @Override
    public int batchInsert(long firstOrderId, int rows) throws SQLException {
        return use.run(0, INSERT, ps -> {
            for (long id = firstOrderId; id < firstOrderId + rows; id++) {
                bindOrder(ps, id, Layout.userOf(id));
                ps.addBatch();
            }
            return DirectTarget.written(ps.executeBatch());
        });
    }

    @Override
    public void transaction(long userId, long orderId, long itemId) throws SQLException {
        Connection c = use.open(0);
        try {
            DirectTarget.runTransaction(use, c, TX_LOCK, TX_ITEM, TX_BUMP, userId, orderId, itemId);
        } finally {
            use.done(c);
        }
    }

    @Override
    public void close() throws Exception {
        use.close();
        owner.close();
    }

    static Void orders(PreparedStatement ps, Sink out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.order(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4));
            }
        }
        return null;
    }

    static void bindOrder(PreparedStatement ps, long orderId, long userId) throws SQLException {
        ps.setLong(1, orderId);
        ps.setLong(2, userId);
        ps.setString(3, Layout.statusOf(orderId));
        ps.setBigDecimal(4, Layout.amountOf(orderId));
    }
}
