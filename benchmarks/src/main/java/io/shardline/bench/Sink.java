package io.shardline.bench;

import java.math.BigDecimal;

/** Where a workload's rows go: a JMH blackhole while timing, a list of canonical lines while checking answers. */
interface Sink {
    void order(long orderId, long userId, String status, BigDecimal amount);

    void group(String status, long count, BigDecimal sum, BigDecimal avg);

    /** A sink outside JMH that reads what each row holds into a sum, so the JIT cannot drop the reads. */
    static Sink folding() {
        return new Sink() {
            long seen;

            @Override
            public void order(long orderId, long userId, String status, BigDecimal amount) {
                seen += orderId + status.length() + amount.scale();
            }

            @Override
            public void group(String status, long count, BigDecimal sum, BigDecimal avg) {
                seen += count;
            }
        };
    }
}
