package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.router.ShardlineException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec's '?' rule: its examples exactly, count mismatches, and hostile values that must stay inside their quotes. */
class ParameterizedSqlTest {
    /** Values built to end a literal, start a comment, smuggle a statement or confuse a multibyte-unaware escaper. */
    static List<String> hostile() {
        return List.of("'", "''", "\\", "\\'", "'\\", "' OR '1'='1", "'; DROP TABLE msg; -- ", "\0", "\0' OR 1=1 #",
                "*/ OR 1=1 /*", "-- ", "#", "/*+ shardline(hint=5) */", "?", "'?'", "縗' OR 1=1 -- ", "\u00bf'",
                "\u00bf\\' OR 1=1 -- ", "😀'", "\\\\''\\'", "a\nb\r\u001a", "\"", "\\\"' UNION SELECT 1 -- ", "%_", "");
    }

    @Test
    void theSpecsExamples() throws ShardlineException {
        assertEquals("select name from tbl_users where uid=123456",
                ParameterizedSql.substitute("select ? from ? where uid=?", List.of("name", "tbl_users", "123456")));
        assertEquals("select age from tbl_users where uid=123456 and name = 'abc' ",
                ParameterizedSql.substitute("select ? from ? where uid=? and name = '?' ",
                        List.of("age", "tbl_users", "123456", "abc")));
        assertEquals("select age from tbl_users where name = 'abc' ",
                ParameterizedSql.substitute("select age from tbl_users where name = '?' ", List.of("abc")));
        assertEquals("select age from tbl_users where name ='abc' ",
                ParameterizedSql.substitute("select age from tbl_users where name =? ", List.of("'abc'")), "raw: not escaped");
        assertEquals("select age from tbl_users where name =abc ",
                ParameterizedSql.substitute("select age from tbl_users where name =? ", List.of("abc")),
                "raw and unquoted: the spec's example of SQL that MySQL will refuse");
    }

    @Test
    void escapedValuesDoubleQuotesAndBackslashes() throws ShardlineException {
        assertEquals("SELECT 'O''Brien', 'C:\\\\dir', 'a\0b'",
                ParameterizedSql.substitute("SELECT '?', '?', '?'", List.of("O'Brien", "C:\\dir", "a\0b")));
    }

    @Test
    void withoutParamsTheTextIsUntouched() throws ShardlineException {
        String sql = "SELECT 'what?' FROM msg WHERE id = ?";
        assertSame(sql, ParameterizedSql.substitute(sql, null));
        assertSame(sql, ParameterizedSql.substitute(sql, List.of()));
    }

    @Test
    void everyQuestionMarkCountsAndACountMismatchIs100422() {
        assertEquals(100422, code("SELECT ? FROM t", List.of("a", "b")));
        assertEquals(100422, code("SELECT ?, ? FROM t", List.of("a")));
        assertEquals(100422, code("SELECT 'what?' FROM t WHERE a = ?", List.of("1")),
                "as in DBProxy, a ? inside a literal is a placeholder too");
        assertEquals(100422, code("SELECT ?", Arrays.asList((String) null)));
    }

    @Test
    void substitutedTextIsNeverScannedAgain() throws ShardlineException {
        assertEquals("SELECT a?b, 'x' FROM t", ParameterizedSql.substitute("SELECT ?, '?' FROM t", List.of("a?b", "x")));
        assertEquals("SELECT '''?''' FROM t", ParameterizedSql.substitute("SELECT '?' FROM t", List.of("'?'")));
    }

    @Test
    void quotesThatDoNotMakeOneLiteralAroundTheQuestionMarkAreRefused() {
        assertEquals(100422, code("SELECT 'a'?'b'", List.of("x")), "the ? sits between two literals");
        assertEquals(100422, code("SELECT 1 /* '?' */", List.of("x")), "inside a comment");
        assertEquals(100422, code("SELECT \"'?'\"", List.of("x")), "inside a double-quoted literal");
        assertEquals(100403, code("SELECT '?' + 'open", List.of("x")), "a template that does not lex");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileValueStaysOneLiteralWithExactlyItsValue(String value) throws ShardlineException {
        assertStaysInside("SELECT id FROM msg WHERE content = '?' AND id = 1", value);
        assertStaysInside("SELECT '?'", value);
        assertStaysInside("SELECT 'prefix ''?' -- trailing", value);
    }

    @Test
    void randomHostileValuesStayInsideTheirLiterals() throws ShardlineException {
        char[] alphabet = {'\'', '"', '\\', '\0', '-', '#', '/', '*', ';', '?', ' ', '\n', 'a', '縗', '\u00bf', '\u001a',
                '`', '%', '_', '\uD83D', '\uDE00'};
        Random random = new Random(20240905);
        for (int n = 0; n < 1_000; n++) {
            StringBuilder v = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                v.append(alphabet[random.nextInt(alphabet.length)]);
            }
            assertStaysInside("SELECT id FROM msg WHERE content = '?' AND id = ?", v.toString(), "7");
        }
    }

    /**
     * The substituted text lexes into the template's tokens, parses to the same tables, the escaped value's literal
     * unescapes to exactly the value, and the raw tail parameters land where they were put.
     */
    private static void assertStaysInside(String template, String value, String... rawTail) throws ShardlineException {
        List<String> params = new ArrayList<>();
        params.add(value);
        params.addAll(List.of(rawTail));
        String sql = ParameterizedSql.substitute(template, params);
        params.set(0, "v");
        String benign = ParameterizedSql.substitute(template, params);
        List<Token> before = SqlLexer.tokenize(benign);
        List<Token> after = SqlLexer.tokenize(sql);
        assertEquals(before.stream().map(Token::kind).toList(), after.stream().map(Token::kind).toList(),
                "token structure of " + sql);
        assertEquals(SqlAnalyzer.analyze(benign).tables(), SqlAnalyzer.analyze(sql).tables(), "the parser reads " + sql);
        int at = template.indexOf("'?'"); // raw placeholders come after it: same offset in benign
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).start() <= at && at < before.get(i).end()) {
                String text = after.get(i).text(sql);
                String body = MySqlText.unescape(text.substring(1, text.length() - 1), '\'');
                String literal = before.get(i).text(benign);
                String expected = MySqlText.unescape(literal.substring(1, literal.length() - 1), '\'')
                        .replaceFirst("v$", Matcher.quoteReplacement(value));
                assertEquals(expected, body, "the literal's value in " + sql);
            }
        }
    }

    private static int code(String sql, List<String> params) {
        return assertThrows(ShardlineException.class, () -> ParameterizedSql.substitute(sql, params)).getErrorCode();
    }
}
