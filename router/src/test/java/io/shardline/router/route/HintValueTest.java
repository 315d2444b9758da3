package io.shardline.router.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.HintType;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Placement;
import io.shardline.router.meta.SplitRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class HintValueTest {
    private static final List<Placement> FOUR = List.of(new Placement(1, "a"), new Placement(1, "a"),
            new Placement(2, "b"), new Placement(2, "b"));
    private static final LogicalTable INT = new LogicalTable("", "t", "id", HintType.INT, new SplitRule.HashSplit(4, FOUR), false);
    private static final LogicalTable STR = new LogicalTable("", "s", "name", HintType.STRING, new SplitRule.HashSplit(4, FOUR), false);

    @Test
    void integerColumnsAcceptIntegralValuesOnly() throws ShardlineException {
        assertEquals(new HintValue.Int(7), HintValue.ofValue(7, INT));
        assertEquals(new HintValue.Int(7), HintValue.ofValue(7L, INT));
        assertEquals(new HintValue.Int(7), HintValue.ofValue(new BigDecimal("7.000"), INT));
        assertEquals(new HintValue.Int(7), HintValue.ofValue(" 7 ", INT));
        assertEquals(new HintValue.Int(7), HintValue.ofValue(7.0d, INT));
        assertEquals(new HintValue.Int(Long.MAX_VALUE), HintValue.ofValue(BigInteger.valueOf(Long.MAX_VALUE), INT));
        for (Object bad : new Object[] {null, "abc", 7.5d, new BigDecimal("7.1"), BigInteger.ONE.shiftLeft(64), new byte[1]}) {
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofValue(bad, INT)).getErrorCode(),
                    String.valueOf(bad));
        }
    }

    @Test
    void stringColumnsHashTheTextOfAnyValue() throws ShardlineException {
        assertEquals(new HintValue.Str("123"), HintValue.ofValue(123, STR));
        assertEquals(new HintValue.Str("abc"), HintValue.ofValue("abc", STR));
        // lookup3("abc") = 238646833; 238646833 % 4 = 1
        assertEquals(new Shard(1, "a", "s_1"), HintValue.ofValue("abc", STR).locate(STR));
        // an explicit integer hint is DBProxy's hintId: modulo, no hashing
        assertEquals(new Shard(2, "b", "s_2"), new HintValue.Int(6).locate(STR));
    }
}
