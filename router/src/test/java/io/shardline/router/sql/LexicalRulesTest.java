package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the analyzer reads from text with CR, NUL and control characters (which the golden files cannot hold), and
 * the refusals of text the server and JSqlParser would read differently. Each case names what the server does.
 */
class LexicalRulesTest {
    private static ShardlineException refused(String sql) {
        return assertThrows(ShardlineException.class, () -> SqlAnalyzer.analyze(sql), sql);
    }

    private static void assertRefused(String sql, String reason) {
        ShardlineException e = refused(sql);
        assertEquals(100403, e.getErrorCode(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' lacks '" + reason + "'");
    }

    /** The values of the key conditions on uid, as the analyzer read them. */
    private static List<Object> keys(String sql) throws ShardlineException {
        return SqlAnalyzer.analyze(sql).conditions().stream()
                .filter(c -> c.column().column().equals("uid"))
                .flatMap(c -> c.values().stream())
                .map(v -> v instanceof ValueRef.Literal l ? l.value() : v.toString())
                .toList();
    }

    @Test
    void aDoubleDashCommentRunsToTheLineFeedPastCarriageReturns() throws ShardlineException {
        // JSqlParser ended -- comments at CR, so "OR uid = 6" was SQL to it and text to the server
        ParsedSql p = SqlAnalyzer.analyze("SELECT * FROM user WHERE uid = 5 -- x\r OR uid = 6\n AND name = 'a'");
        assertEquals(List.of(5L), keys(p.sql()));
        assertEquals(0, p.ors().size());
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5 # x\r OR uid = 6"));
    }

    @Test
    void aDoubleDashBeforeAControlCharacterStartsAComment() throws ShardlineException {
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5 --\u0001 OR uid = 6"));
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5 --\u000B OR uid = 6"));
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5 --\u007F OR uid = 6"));
    }

    @Test
    void aDoubleDashBeforeAnythingElseIsTwoMinusSignsAndRefused() {
        // VALUES (305 --1\n, ...) is 305 - (-1) = 306 to the server; JSqlParser read 305 and a comment
        assertRefused("INSERT INTO user (uid, name) VALUES (305 --1\n, 'x')", "two minus signs");
        assertRefused("SELECT * FROM user WHERE uid = 5 --\u0085 OR uid = 6", "two minus signs");
        assertRefused("SELECT * FROM user WHERE uid = 5 --\u00A0 OR uid = 6", "two minus signs");
        assertRefused("SELECT * FROM user WHERE uid = 5-->3", "two minus signs");
    }

    @Test
    void verticalTabAndFormFeedAreWhitespace() throws ShardlineException {
        assertEquals(List.of(12L), keys("SELECT\u000B*\fFROM user WHERE\u000Buid\f=\u000B12"));
    }

    @Test
    void unicodeSpacesAreIdentifierCharactersToTheServerAndRefused() {
        for (String space : new String[] {"\u00A0", "\u2003", "\u3000", "\u0085", "\uFEFF"}) {
            assertEquals(100403, refused("SELECT * FROM user WHERE uid = 5 AND" + space + "name = 'a'").getErrorCode(),
                    "U+" + Integer.toHexString(space.charAt(0)));
        }
    }

    @Test
    void controlCharactersAndNulOutsideLiteralsAreRefused() {
        assertRefused("SELECT * FROM user WHERE uid = 5\u0001", "control character U+0001");
        assertRefused("SELECT * FROM user WHERE uid = 5 \u001C", "control character U+001C");
        assertRefused("SELECT * FROM user WHERE uid = 5 \u007F", "control character U+007F");
        // the server ends a line comment at NUL; what follows is SQL again
        assertRefused("SELECT * FROM user WHERE uid = 5 -- a\0 OR 1=1", "control character U+0000");
        assertRefused("SELECT * FROM user WHERE uid = 5 # a\0 OR 1=1", "control character U+0000");
    }

    @Test
    void anUnpairedSurrogateOutsideQuotesIsRefused() {
        assertRefused("SELECT * FROM user WHERE uid = 5 AND x\uD800 = 1", "unpaired UTF-16 surrogate");
    }

    @Test
    void executableCommentsOfEveryFormAreRefused() {
        for (String c : new String[] {"/*! OR 1=1 */", "/*!50000 OR 1=1 */", "/*M! OR 1=1 */", "/*M!100000 OR 1=1 */",
                "/*m! OR 1=1 */"}) {
            assertRefused("SELECT * FROM user WHERE uid = 5 " + c, "executable comments");
        }
    }

    @Test
    void doubleQuotedStringsAreStringsEvenAcrossLines() throws ShardlineException {
        assertEquals(List.of("1\n2"), keys("SELECT * FROM user WHERE uid = \"1\n2\""));
        assertEquals(List.of("it's \"x\""), keys("SELECT * FROM user WHERE uid = \"it's \"\"x\"\"\""));
        assertEquals(List.of("a\"b"), keys("SELECT * FROM user WHERE uid = \"a\\\"b\""));
    }

    @Test
    void literalValuesAreTheServersNotJSqlParsers() throws ShardlineException {
        assertEquals(List.of(5L, new java.math.BigDecimal("5."), 1000.0, "a'b", "a\\%"),
                keys("SELECT * FROM user WHERE uid IN (005, 5., 1e3, 'a''b', 'a\\%')"));
        assertEquals(List.of(-7L), keys("SELECT * FROM user WHERE uid = -(7)"));
        assertEquals(List.of("X'0A'", "0x0a", "b'1'", "_utf8mb4'1'", "TRUE"),
                SqlAnalyzer.analyze("INSERT INTO user (uid) VALUES (X'0A'), (0x0a), (b'1'), (_utf8mb4'1'), (TRUE)")
                        .insert().rows().stream().map(r -> r.get(0).toString()).toList());
    }

    @Test
    void aTrailingLineCommentAndATrailingSemicolonAreAccepted() throws ShardlineException {
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5 --"));
        assertEquals(List.of(5L), keys("SELECT * FROM user WHERE uid = 5;"));
    }
}
