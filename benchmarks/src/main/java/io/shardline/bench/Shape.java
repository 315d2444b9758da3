package io.shardline.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The statements of the gathered-shapes benchmark ({@link ShapesBench}), each with its keys as a function of one
 * order id and the number of rows one database returns for them (so an empty reference answer cannot pass the
 * checks). The first three are refused by a merge and answered by a gather; the last two are issue 14's cost check:
 * the same point read of one order, with and without a join to the single table {@code t_user} on another server.
 */
enum Shape {
    /** Orders of one user joined with their payments, which are sharded on another key ({@code order_id}). */
    CROSS_SHARD_JOIN("crossShardJoin", "SELECT o.order_id, o.status, p.method, p.paid FROM t_order o"
            + " JOIN t_payment p ON p.order_id = o.order_id WHERE o.user_id = ? ORDER BY o.order_id") {
        @Override
        void bind(PreparedStatement ps, long orderId) throws SQLException {
            ps.setLong(1, ShapesEstate.userOf(orderId));
        }

        @Override
        int rows(long orderId) {
            int n = 0;
            for (long id = user(orderId) == 0 ? ShapesEstate.USERS : user(orderId); id <= ShapesEstate.PAYMENTS;
                 id += ShapesEstate.USERS) {
                n++;
            }
            return n;
        }
    },
    /** Two users' orders on two databases, one list. */
    UNION_ALL("unionAll", "SELECT order_id, status, amount FROM t_order WHERE user_id = ?"
            + " UNION ALL SELECT order_id, status, amount FROM t_order WHERE user_id = ? ORDER BY order_id") {
        @Override
        void bind(PreparedStatement ps, long orderId) throws SQLException {
            ps.setLong(1, user(orderId));
            ps.setLong(2, (user(orderId) + 1) % ShapesEstate.USERS);
        }

        @Override
        int rows(long orderId) {
            return 2 * ShapesEstate.ORDERS / ShapesEstate.USERS;
        }
    },
    /** Three users on three databases, each with its order ids as one string, newest first. */
    GROUP_CONCAT("groupConcat", "SELECT user_id, COUNT(*), GROUP_CONCAT(order_id ORDER BY order_id DESC SEPARATOR '/')"
            + " FROM t_order WHERE user_id IN (?, ?, ?) GROUP BY user_id ORDER BY user_id") {
        @Override
        void bind(PreparedStatement ps, long orderId) throws SQLException {
            for (int i = 0; i < 3; i++) {
                ps.setLong(i + 1, (user(orderId) + 5L * i) % ShapesEstate.USERS);
            }
        }

        @Override
        int rows(long orderId) {
            return 3;
        }
    },
    /** Issue 14's cost check: one order by its keys, joined with its user in the single table on server 4. */
    JOIN_SINGLE_TABLE("joinSingleTable", "SELECT o.order_id, o.status, o.amount, u.name FROM t_order o"
            + " JOIN t_user u ON u.user_id = o.user_id WHERE o.user_id = ? AND o.order_id = ?") {
        @Override
        void bind(PreparedStatement ps, long orderId) throws SQLException {
            bindPoint(ps, orderId);
        }

        @Override
        int rows(long orderId) {
            return 1;
        }
    },
    /** The same read without the join: the single-shard path the join is measured against. */
    POINT_NO_JOIN("pointNoJoin", "SELECT o.order_id, o.status, o.amount FROM t_order o"
            + " WHERE o.user_id = ? AND o.order_id = ?") {
        @Override
        void bind(PreparedStatement ps, long orderId) throws SQLException {
            bindPoint(ps, orderId);
        }

        @Override
        int rows(long orderId) {
            return 1;
        }
    };

    final String method;
    final String sql;

    Shape(String method, String sql) {
        this.method = method;
        this.sql = sql;
    }

    /** Binds the keys this shape derives from {@code orderId} (1..{@link ShapesEstate#ORDERS}). */
    abstract void bind(PreparedStatement ps, long orderId) throws SQLException;

    /** How many rows one database returns for {@code orderId}'s keys. */
    abstract int rows(long orderId);

    static Shape ofMethod(String method) {
        for (Shape s : values()) {
            if (s.method.equals(method)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no shape measured by " + method);
    }

    private static long user(long orderId) {
        return ShapesEstate.userOf(orderId);
    }

    /**
     * An order whose user's table is not on the database of {@code t_user}, so the join always reaches a second
     * server: the order itself, or the one before it (users 4k + 3 live in database 3).
     */
    static long offUserServer(long orderId) {
        long user = ShapesEstate.userOf(orderId);
        return ShapesEstate.orderTable(user) % ShapesEstate.DATABASES == ShapesEstate.USER_DATABASE
                ? orderId - 1 : orderId;
    }

    private static void bindPoint(PreparedStatement ps, long orderId) throws SQLException {
        long id = offUserServer(orderId);
        ps.setLong(1, ShapesEstate.userOf(id));
        ps.setLong(2, id);
    }
}
