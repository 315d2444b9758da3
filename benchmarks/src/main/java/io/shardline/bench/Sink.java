package io.shardline.bench;

import java.math.BigDecimal;

/** Where a workload's rows go: a JMH blackhole while timing, a list of canonical lines while checking answers. */
interface Sink {
    void order(long orderId, long userId, String status, BigDecimal amount);

    void group(String status, long count, BigDecimal sum, BigDecimal avg);
}
