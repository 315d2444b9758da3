package io.shardline.router.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Lookup3Test {
    /** The vectors of DESIGN.md: lookup3 hashlittle(utf8, 0) as an unsigned 32-bit value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|3735928559",
            "abc|238646833",
            "hello|885767278",
            "user_1001|2553296082",
            "1234567890abcdef|2585753728",
    })
    void matchesDbproxyVectors(String text, long expected) {
        assertEquals(expected, Lookup3.hashString(text));
    }

    @ParameterizedTest
    @CsvSource({"12", "13", "24", "25", "1"})
    void everyTailLengthIsDeterministicAndInRange(int length) {
        String s = "x".repeat(length);
        long h = Lookup3.hashString(s);
        assertEquals(h, Lookup3.hashString(new String(s.toCharArray())));
        assertEquals(h, h & 0xffffffffL);
    }
}
