package io.shardline.bench;

import java.sql.SQLException;
import java.util.List;

/**
 * Before timing, every workload's answer from the target is compared with {@link Expected}, and every write is looked
 * up in the physical table it belongs in, bypassing the target: a fast wrong answer fails the run, it is not a result.
 */
final class Checks {
    private Checks() {
    }

    static void verify(String name, Target target, Engine engine) throws SQLException {
        for (long orderId : new long[] {1, 17, 20_000, 54_321, Layout.ROWS}) {
            long user = Layout.userOf(orderId);
            same(name, "point select of order " + orderId, true, out -> target.point(user, orderId, out),
                    out -> Expected.point(user, orderId, out));
        }
        long[] users = WorkloadBench.threeUsers(12_345);
        same(name, "IN of 3 keys", false, out -> target.inThree(users, out), out -> Expected.inThree(users, out));
        same(name, "ORDER BY LIMIT 10", true, target::latest, Expected::latest);
        same(name, "GROUP BY", false, target::groupByStatus, Expected::groupByStatus);
        same(name, "LIMIT 10000, 10", true, target::deepPage, Expected::deepPage);

        if (Layout.writable()) {
            verifyWrites(name, target, engine);
            engine.resetWrites();
        }
    }

    private static void verifyWrites(String name, Target target, Engine engine) throws SQLException {
        long orderId = 7_777_777;
        long user = Layout.userOf(orderId);
        int t = Layout.table(user);
        expect(name, "single insert's update count", 1, target.insert(orderId, user));
        expect(name, "rows in " + Layout.physical("t_order_w", t) + " after one insert", 1,
                engine.queryLong(Layout.database(t), "SELECT COUNT(*) FROM " + Layout.physical("t_order_w", t)
                        + " WHERE order_id = " + orderId + " AND user_id = " + user));
        expect(name, "rows in all t_order_w tables after one insert", 1, writtenRows(engine, "t_order_w"));

        engine.resetWrites();
        int rows = WorkloadBench.BATCH_ROWS;
        expect(name, "batch insert's counts", rows, target.batchInsert(1, rows));
        for (int table = 0; table < Layout.TABLES; table++) {
            long want = 0;
            for (long id = 1; id <= rows; id++) {
                want += Layout.table(Layout.userOf(id)) == table ? 1 : 0;
            }
            expect(name, "rows of the batch in " + Layout.physical("t_order_w", table), want,
                    engine.queryLong(Layout.database(table), "SELECT COUNT(*) FROM " + Layout.physical("t_order_w", table)));
        }

        long itemId = 9_000_001;
        target.transaction(user, 20_000 + user, itemId);
        expect(name, "quantity of the transaction's item in " + Layout.physical("t_order_item", t), 2,
                engine.queryLong(Layout.database(t), "SELECT qty FROM " + Layout.physical("t_order_item", t)
                        + " WHERE item_id = " + itemId));
        expect(name, "items in all t_order_item tables after one transaction", 1, writtenRows(engine, "t_order_item"));
    }

    private static long writtenRows(Engine engine, String logical) throws SQLException {
        long n = 0;
        for (int table = 0; table < Layout.TABLES; table++) {
            n += engine.queryLong(Layout.database(table), "SELECT COUNT(*) FROM " + Layout.physical(logical, table));
        }
        return n;
    }

    /** One workload's rows, from a target or from the oracle. */
    private interface Rows {
        void into(Sink out) throws SQLException;
    }

    private static void same(String target, String workload, boolean ordered, Rows got, Rows want)
            throws SQLException {
        Answer g = new Answer();
        got.into(g);
        Answer w = new Answer();
        want.into(w);
        same(target, workload, ordered ? w.ordered() : w.unordered(), ordered ? g.ordered() : g.unordered());
    }

    private static void same(String target, String workload, List<String> want, List<String> got) {
        if (!want.equals(got)) {
            throw new IllegalStateException(target + " answers " + workload + " wrongly:\n  expected " + want
                    + "\n  got      " + got);
        }
    }

    private static void expect(String target, String what, long want, long got) {
        if (want != got) {
            throw new IllegalStateException(target + ": " + what + " is " + got + ", expected " + want);
        }
    }
}
