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

/**
 * The value side: a hint-column value routes to where the server stores or finds the row, or is refused (100422).
 * The server's conversions were checked on MariaDB 10.11 (see docs/design.md, "Lexical rules").
 */
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
        assertEquals(new HintValue.Int(7), HintValue.ofValue(7.0d, INT));
        assertEquals(new HintValue.Int(Long.MAX_VALUE), HintValue.ofValue(BigInteger.valueOf(Long.MAX_VALUE), INT));
        for (Object bad : new Object[] {null, "abc", 7.5d, new BigDecimal("7.1"), BigInteger.ONE.shiftLeft(64), new byte[1],
                Double.NaN, true}) {
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofValue(bad, INT)).getErrorCode(),
                    String.valueOf(bad));
        }
    }

    @Test
    void numericStringsAreReadAsTheServerReadsThemOrRefused() throws ShardlineException {
        // the server skips its own whitespace (space, tab, LF, VT, FF, CR) around a number, and reads signs and exponents
        for (String s : new String[] {"12", " 12", "12 ", "\t\n\u000B\f\r12\r", "+12", "012", "12.0", "1.2e1", "120e-1", ".12e2"}) {
            assertEquals(new HintValue.Int(12), HintValue.ofValue(s, INT), s);
            assertEquals(new HintValue.Int(12), HintValue.ofStored(s, INT), s);
        }
        assertEquals(new HintValue.Int(0), HintValue.ofValue("-0", INT));
        // the server reads a numeric prefix ('12abc' is 12, 'abc' and '' are 0) or stops at other spaces: refused
        for (String s : new String[] {"12abc", "abc", "", " ", "0x10", "1 2", "- 12", "\u00A012", "\u001C12", "12.5", "1e",
                "1e+", "++1", "١٢"}) {
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofValue(s, INT)).getErrorCode(), s);
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofStored(s, INT)).getErrorCode(), s);
        }
    }

    @Test
    void doublesAndNumericStringsFromTwoToTheFiftyThirdAreRefusedWhenCompared() throws ShardlineException {
        // MySQL compares a BIGINT column with a double or a string as doubles: 9007199254740993 = 9007199254740992e0
        long big = 1L << 53;
        for (Object v : new Object[] {(double) big, "9007199254740993", "-9007199254740992", 1e300}) {
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofValue(v, INT)).getErrorCode(),
                    String.valueOf(v));
        }
        assertEquals(new HintValue.Int(big - 1), HintValue.ofValue((double) (big - 1), INT));
        // stored, the server converts a string exactly and a double by its exact value (9007199254740995e0 is ...996)
        assertEquals(new HintValue.Int(9007199254740993L), HintValue.ofStored("9007199254740993", INT));
        assertEquals(new HintValue.Int(9007199254740996L), HintValue.ofStored(9007199254740995e0, INT));
        // integers and decimals compare exactly at any size
        assertEquals(new HintValue.Int(9007199254740993L), HintValue.ofValue(9007199254740993L, INT));
        assertEquals(new HintValue.Int(9007199254740993L), HintValue.ofValue(new BigDecimal("9007199254740993.0"), INT));
    }

    @Test
    void stringColumnsHashStringsAndTakeOnlyStoredExactNumbers() throws ShardlineException {
        assertEquals(new HintValue.Str("abc"), HintValue.ofValue("abc", STR));
        // lookup3("abc") = 238646833; 238646833 % 4 = 1
        assertEquals(new Shard(1, "a", "s_1"), HintValue.ofValue("abc", STR).locate(STR));
        // compared with a number, the server converts the column: '5', '05', '5.0' all match 5, on any shard
        for (Object n : new Object[] {5, 5L, new BigDecimal("5.0"), 5.0d}) {
            assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofValue(n, STR)).getErrorCode(),
                    String.valueOf(n));
        }
        // stored, an exact number becomes its decimal text; a double's text is the server's own formatting: refused
        assertEquals(new HintValue.Str("123"), HintValue.ofStored(123, STR));
        assertEquals(new HintValue.Str("12.50"), HintValue.ofStored(new BigDecimal("12.50"), STR));
        assertEquals(100422, assertThrows(ShardlineException.class, () -> HintValue.ofStored(1e2, STR)).getErrorCode());
        // an explicit integer hint is DBProxy's hintId: modulo, no hashing
        assertEquals(new Shard(2, "b", "s_2"), new HintValue.Int(6).locate(STR));
    }
}
