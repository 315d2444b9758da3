package io.shardline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Hand-written sharding, the floor: the code computes each physical table itself and runs on one HikariCP pool per
 * shard database, borrowing a connection per operation like the other targets, or (kept) holding one connection per
 * database and its prepared statements across operations. Statements over several tables run one after another on
 * the calling thread and are merged here by code written for exactly this query.
 */
final class DirectTarget implements Target {
    private final HikariDataSource[] pools = new HikariDataSource[Layout.DATABASES];
    private final ConnectionUse use;
    private final String[] point = perTable(POINT);
    private final String[] inOne = perTable(SELECT_ORDER + " WHERE user_id IN (?)");
    private final String[] latest = perTable(LATEST);
    private final String[] group = perTable("SELECT status, COUNT(*), SUM(amount) FROM t_order GROUP BY status");
    private final String[] deep = perTable(SELECT_ORDER + " ORDER BY order_id LIMIT "
            + (Expected.DEEP_OFFSET + Expected.PAGE));
    private final String[] insert = perTable(INSERT);
    private final String[] txLock = perTable(TX_LOCK);
    private final String[] txItem = perTable(TX_ITEM);
    private final String[] txBump = perTable(TX_BUMP);

    DirectTarget(Engine engine, int poolSize, boolean kept) {
        for (int db = 0; db < Layout.DATABASES; db++) {
            HikariConfig c = new HikariConfig();
            c.setPoolName("direct-" + db);
            c.setJdbcUrl(engine.jdbcUrl(db));
            c.setUsername(engine.user());
            c.setPassword(engine.password());
            c.setMaximumPoolSize(poolSize);
            c.setMinimumIdle(Math.min(2, poolSize));
            pools[db] = new HikariDataSource(c);
        }
        use = kept ? ConnectionUse.kept(pools) : ConnectionUse.perOperation(pools);
    }

    @Override
    public void point(long userId, long orderId, Sink out) throws SQLException {
        int t = Layout.table(userId);
        use.run(Layout.database(t), point[t], ps -> {
            ps.setLong(1, userId);
            ps.setLong(2, orderId);
            return LogicalTarget.orders(ps, out);
        });
    }

    @Override
    public void inThree(long[] users, Sink out) throws SQLException {
        for (long u : users) {
            int t = Layout.table(u);
            use.run(Layout.database(t), inOne[t], ps -> {
                ps.setLong(1, u);
                return LogicalTarget.orders(ps, out);
            });
        }
    }

    @Override
    public void latest(Sink out) throws SQLException {
        List<Object[]> rows = new ArrayList<>(Layout.TABLES * Expected.PAGE);
        for (int t = 0; t < Layout.TABLES; t++) {
            use.run(Layout.database(t), latest[t], ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4)});
                    }
                }
                return null;
            });
        }
        rows.sort((a, b) -> Long.compare((Long) b[0], (Long) a[0]));
        for (int i = 0; i < Math.min(Expected.PAGE, rows.size()); i++) {
            Object[] r = rows.get(i);
            out.order((Long) r[0], (Long) r[1], (String) r[2], (BigDecimal) r[3]);
        }
    }

    @Override
    public void groupByStatus(Sink out) throws SQLException {
        Map<String, Object[]> groups = new HashMap<>();
        for (int t = 0; t < Layout.TABLES; t++) {
            use.run(Layout.database(t), group[t], ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Object[] g = groups.computeIfAbsent(rs.getString(1), k -> new Object[] {0L, BigDecimal.ZERO});
                        g[0] = (Long) g[0] + rs.getLong(2);
                        g[1] = ((BigDecimal) g[1]).add(rs.getBigDecimal(3));
                    }
                }
                return null;
            });
        }
        for (var e : groups.entrySet()) {
            long n = (Long) e.getValue()[0];
            BigDecimal sum = (BigDecimal) e.getValue()[1];
            out.group(e.getKey(), n, sum, sum.divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_UP));
        }
    }

    @Override
    public void deepPage(Sink out) throws SQLException {
        Connection[] connections = new Connection[Layout.DATABASES];
        List<Statement> statements = new ArrayList<>();
        try {
            PriorityQueue<ResultSet> heads = new PriorityQueue<>(Layout.TABLES, (a, b) -> {
                try {
                    return Long.compare(a.getLong(1), b.getLong(1));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int db = 0; db < Layout.DATABASES; db++) {
                connections[db] = use.open(db);
                for (int t = db; t < Layout.TABLES; t += Layout.DATABASES) {
                    Statement s = connections[db].createStatement();
                    statements.add(s);
                    ResultSet rs = s.executeQuery(deep[t]);
                    if (rs.next()) {
                        heads.add(rs);
                    }
                }
            }
            for (long i = 0; i < Expected.DEEP_OFFSET + Expected.PAGE && !heads.isEmpty(); i++) {
                ResultSet rs = heads.poll();
                if (i >= Expected.DEEP_OFFSET) {
                    out.order(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4));
                }
                if (rs.next()) {
                    heads.add(rs);
                }
            }
        } finally {
            for (Statement s : statements) {
                s.close();
            }
            for (Connection c : connections) {
                if (c != null) {
                    use.done(c);
                }
            }
        }
    }

    @Override
    public int insert(long orderId, long userId) throws SQLException {
        int t = Layout.table(userId);
        return use.run(Layout.database(t), insert[t], ps -> {
            LogicalTarget.bindOrder(ps, orderId, userId);
            return ps.executeUpdate();
        });
    }

    @Override
    public int batchInsert(long firstOrderId, int rows) throws SQLException {
        int written = 0;
        for (int db = 0; db < Layout.DATABASES; db++) {
            Connection c = use.open(db);
            try {
                c.setAutoCommit(false);
                for (int t = db; t < Layout.TABLES; t += Layout.DATABASES) {
                    try (PreparedStatement ps = c.prepareStatement(insert[t])) {
                        for (long id = firstOrderId; id < firstOrderId + rows; id++) {
                            long user = Layout.userOf(id);
                            if (Layout.table(user) == t) {
                                LogicalTarget.bindOrder(ps, id, user);
                                ps.addBatch();
                            }
                        }
                        written += written(ps.executeBatch());
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            } finally {
                use.done(c);
            }
        }
        return written;
    }

    @Override
    public void transaction(long userId, long orderId, long itemId) throws SQLException {
        int t = Layout.table(userId);
        Connection c = use.open(Layout.database(t));
        try {
            runTransaction(use, c, txLock[t], txItem[t], txBump[t], userId, orderId, itemId);
        } finally {
            use.done(c);
        }
    }

    @Override
    public void close() throws SQLException {
        use.close();
        for (HikariDataSource p : pools) {
            p.close();
        }
    }

    /** Locks the order, adds an item and bumps its quantity in one transaction on {@code c}. */
    static void runTransaction(ConnectionUse use, Connection c, String lock, String item, String bump, long userId, long orderId,
                               long itemId) throws SQLException {
        c.setAutoCommit(false);
        try {
            transactionBody(use, c, lock, item, bump, userId, orderId, itemId);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void transactionBody(ConnectionUse use, Connection c, String lock, String item, String bump,
                                        long userId, long orderId, long itemId) throws SQLException {
        PreparedStatement ps = use.prepare(c, lock);
        try {
            ps.setLong(1, userId);
            ps.setLong(2, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("order " + orderId + " of user " + userId + " is missing");
                }
            }
        } finally {
            use.done(ps);
        }
        ps = use.prepare(c, item);
        try {
            ps.setLong(1, itemId);
            ps.setLong(2, orderId);
            ps.setLong(3, userId);
            ps.setString(4, "sku-" + (itemId % 1000));
            ps.executeUpdate();
        } finally {
            use.done(ps);
        }
        ps = use.prepare(c, bump);
        try {
            ps.setLong(1, userId);
            ps.setLong(2, itemId);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("item " + itemId + " was not updated");
            }
        } finally {
            use.done(ps);
        }
    }

    static int written(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c == Statement.SUCCESS_NO_INFO ? 1 : c;
        }
        return n;
    }

    private static String[] perTable(String logicalSql) {
        String[] out = new String[Layout.TABLES];
        for (int t = 0; t < Layout.TABLES; t++) {
            String sql = logicalSql;
            for (String logical : new String[] {"t_order_item", "t_order_w", "t_order"}) {
                sql = sql.replaceFirst("\\b" + logical + "\\b", Layout.physical(logical, t));
            }
            out[t] = sql;
        }
        return out;
    }
}
