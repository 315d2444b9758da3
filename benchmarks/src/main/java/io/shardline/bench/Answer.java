package io.shardline.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload's rows as canonical text, so targets can be compared: decimals to 4 places (servers and merges give
 * {@code AVG} different scales), and sorted unless the statement orders.
 */
final class Answer implements Sink {
    private final List<String> lines = new ArrayList<>();

    @Override
    public void order(long orderId, long userId, String status, BigDecimal amount) {
        lines.add(orderId + "|" + userId + "|" + status + "|" + canonical(amount));
    }

    @Override
    public void group(String status, long count, BigDecimal sum, BigDecimal avg) {
        lines.add(status + "|" + count + "|" + canonical(sum) + "|" + canonical(avg));
    }

    List<String> ordered() {
        return List.copyOf(lines);
    }

    List<String> unordered() {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        return sorted;
    }

    private static String canonical(BigDecimal d) {
        return d == null ? "NULL" : d.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
