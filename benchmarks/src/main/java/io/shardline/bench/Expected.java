package io.shardline.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/** The answers one unsharded database would give, computed from {@link Layout}'s row function: the oracle. */
final class Expected {
    static final long DEEP_OFFSET = 10_000;
    static final int PAGE = 10;

    private Expected() {
    }

    static void point(long userId, long orderId, Sink out) {
        if (orderId >= 1 && orderId <= Layout.ROWS && Layout.userOf(orderId) == userId) {
            row(orderId, out);
        }
    }

    static void inThree(long[] users, Sink out) {
        for (long u : users) {
            for (long id = u == 0 ? Layout.USERS : u; id <= Layout.ROWS; id += Layout.USERS) {
                row(id, out);
            }
        }
    }

    static void latest(Sink out) {
        for (long id = Layout.ROWS; id > Layout.ROWS - PAGE; id--) {
            row(id, out);
        }
    }

    static void deepPage(Sink out) {
        for (long id = DEEP_OFFSET + 1; id <= DEEP_OFFSET + PAGE; id++) {
            row(id, out);
        }
    }

    static void groupByStatus(Sink out) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (long id = 1; id <= Layout.ROWS; id++) {
            String s = Layout.statusOf(id);
            counts.computeIfAbsent(s, k -> new long[1])[0]++;
            sums.merge(s, Layout.amountOf(id), BigDecimal::add);
        }
        for (var e : counts.entrySet()) {
            long n = e.getValue()[0];
            BigDecimal sum = sums.get(e.getKey());
            out.group(e.getKey(), n, sum, sum.divide(BigDecimal.valueOf(n), 8, RoundingMode.HALF_UP));
        }
    }

    private static void row(long id, Sink out) {
        out.order(id, Layout.userOf(id), Layout.statusOf(id), Layout.amountOf(id));
    }
}
