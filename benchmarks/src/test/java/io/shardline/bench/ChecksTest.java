package io.shardline.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark's answer checks, run by the test suite on H2 so that a broken target or oracle shows up here and not
 * half an hour into {@code scripts/bench}.
 */
class ChecksTest {
    @BeforeAll
    static void load() throws SQLException {
        Engine.H2.prepare();
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "shardline", "shardingsphere"})
    void everyTargetAnswersLikeTheOracle(String name) throws Exception {
        try (Target target = Targets.open(name, Engine.H2)) {
            Checks.verify(name, target, Engine.H2);
        }
    }

    @Test
    void aWrongAnswerFailsTheChecks() throws Exception {
        try (Target direct = Targets.open("direct", Engine.H2)) {
            Target offByOne = new Target() {
                @Override
                public void point(long userId, long orderId, Sink out) throws SQLException {
                    direct.point(userId, orderId, out);
                }

                @Override
                public void inThree(long[] users, Sink out) throws SQLException {
                    direct.inThree(users, out);
                }

                @Override
                public void latest(Sink out) throws SQLException {
                    direct.latest(out);
                }

                @Override
                public void groupByStatus(Sink out) throws SQLException {
                    direct.groupByStatus(out);
                }

                @Override
                public void deepPage(Sink out) throws SQLException {
                    direct.deepPage(new Sink() { // the page one row late: a classic merge bug
                        private boolean skipped;

                        @Override
                        public void order(long orderId, long userId, String status, BigDecimal amount) {
                            if (skipped) {
                                out.order(orderId, userId, status, amount);
                            }
                            skipped = true;
                        }

                        @Override
                        public void group(String status, long count, BigDecimal sum, BigDecimal avg) {
                            out.group(status, count, sum, avg);
                        }
                    });
                }

                @Override
                public int insert(long orderId, long userId) throws SQLException {
                    return direct.insert(orderId, userId);
                }

                @Override
                public int batchInsert(long firstOrderId, int rows) throws SQLException {
                    return direct.batchInsert(firstOrderId, rows);
                }

                @Override
                public void transaction(long userId, long orderId, long itemId) throws SQLException {
                    direct.transaction(userId, orderId, itemId);
                }

                @Override
                public void close() {
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Checks.verify("off-by-one", offByOne, Engine.H2));
            assertTrue(e.getMessage().contains("LIMIT 10000, 10"), e.getMessage());
        }
    }
}
