package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shardline.router.ShardlineException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lexer splits text where the server (MariaDB/MySQL, default sql_mode) splits it; each case names the server's
 * rule. The analyzer's refusals of what the two parsers would read differently are in {@link LexicalRulesTest}.
 */
class SqlLexerTest {
    private static List<TokenKind> kinds(String sql) throws ShardlineException {
        return SqlLexer.tokenize(sql).stream().map(Token::kind).toList();
    }

    /** The tokens as text, comments included, separated by a space. */
    private static String split(String sql) throws ShardlineException {
        return SqlLexer.tokenize(sql).stream().map(t -> t.text(sql)).collect(Collectors.joining(" "));
    }

    @Test
    void placeholdersInsideStringsAndCommentsAreNotParameters() throws ShardlineException {
        ParsedSql p = SqlAnalyzer.analyze("SELECT '?', \"?\", `?` /* ? */ FROM msg WHERE a = ? -- ?\n AND b = ? # ?");
        assertEquals(2, p.parameterCount());
    }

    @Test
    void escapesAndDoubledQuotesStayInsideTheirLiteral() throws ShardlineException {
        assertEquals(List.of(TokenKind.STRING, TokenKind.SYMBOL, TokenKind.NUMBER), kinds("'a\\'b''c' = 1"));
        assertEquals(List.of(TokenKind.QUOTED_IDENTIFIER, TokenKind.DOT, TokenKind.WORD), kinds("`we``ird`.x"));
        assertEquals(List.of(TokenKind.DOUBLE_QUOTED), kinds("\"a\\\"b\"\"c'd\""));
        assertEquals("'a\\\\' b", split("'a\\\\' b"), "an escaped backslash does not escape the quote after it");
        assertEquals("`a\\` b", split("`a\\` b"), "no backslash escapes in back quotes");
        assertEquals("it's", MySqlText.unescape("it\\'s", '\''));
        assertEquals("it's", MySqlText.unescape("it''s", '\''));
        assertEquals("a\\%b", MySqlText.unescape("a\\%b", '\''), "\\% keeps its backslash for LIKE");
    }

    @Test
    void onlyTheServersSixWhitespaceCharactersSeparateTokens() throws ShardlineException {
        assertEquals("a b c d e f g", split("a b\tc\nd\u000Be\ff\rg"));
        // NBSP, em space, ideographic space, NEL, BOM are identifier characters to the server (any byte from 0x80)
        for (String space : new String[] {"\u00A0", "\u2003", "\u3000", "\u0085", "\uFEFF"}) {
            assertEquals(List.of(TokenKind.WORD), kinds("a" + space + "b"), "U+" + Integer.toHexString(space.charAt(0)));
        }
        assertEquals(List.of(TokenKind.WORD), kinds("名字"));
    }

    @Test
    void doubleDashStartsACommentOnlyBeforeWhitespaceAControlCharacterOrTheEnd() throws ShardlineException {
        assertEquals("5 - - 3", split("5--3"));
        assertEquals("5 - - 1", split("5--1"));
        assertEquals("5 -- 3", split("5-- 3"));
        assertEquals("5 --\t3", split("5--\t3"));
        assertEquals("5 --\u000B3", split("5--\u000B3"));
        assertEquals("5 --\u00013", split("5--\u00013"), "a control character after -- starts a comment");
        assertEquals("5 --\u007F3", split("5--\u007F3"));
        assertEquals("5 --", split("5--"), "-- at the end is a comment");
        assertEquals("5 - - \u0085", split("5--\u0085"), "U+0085 is no control character to the server");
        assertEquals("5 - ->", split("5-->"), "MySQL 8's -> after a minus");
    }

    @Test
    void lineCommentsEndAtLineFeedOrNulNotAtCarriageReturn() throws ShardlineException {
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.COMMENT, TokenKind.WORD), kinds("1 -- a\rb OR 1\nc"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.HASH_COMMENT, TokenKind.WORD), kinds("1 #a\rb\nc"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.HASH_COMMENT, TokenKind.SYMBOL, TokenKind.WORD),
                kinds("1 #a\0b"), "the server ends a line comment at NUL and reads the NUL as a character");
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.COMMENT), kinds("1 /* \0 */"), "not a block comment");
    }

    @Test
    void blockCommentsEndAtTheFirstCloseAndAreClassifiedByTheirOpening() throws ShardlineException {
        assertEquals("a /* /* */ b * /", split("a /* /* */ b */"), "no nesting");
        assertEquals(List.of(TokenKind.EXECUTABLE_COMMENT), kinds("/*! SELECT */"));
        assertEquals(List.of(TokenKind.EXECUTABLE_COMMENT), kinds("/*!50700 SELECT */"));
        assertEquals(List.of(TokenKind.EXECUTABLE_COMMENT), kinds("/*M! SELECT */"));
        assertEquals(List.of(TokenKind.EXECUTABLE_COMMENT), kinds("/*M!100000 SELECT */"));
        assertEquals(List.of(TokenKind.EXECUTABLE_COMMENT), kinds("/*m! x */"), "a comment to the server; refused all the same");
        assertEquals(List.of(TokenKind.COMMENT), kinds("/*M x */"));
        assertEquals(List.of(TokenKind.HINT_COMMENT), kinds("/*+ x */"));
        assertEquals("4 * / 2", split("4 */ 2"), "*/ without an opener is two operators");
        assertEquals("4 * /*x*/ 2", split("4 */*x*/2"));
        assertEquals("10 / /*x*/ 2", split("10 //*x*/2"));
    }

    @Test
    void numbersAndIdentifiersThatStartWithDigitsAreToldApartAsTheServerDoes() throws ShardlineException {
        assertEquals("1e3 , 1.5e+2 , .5 , 5. , 5.e3 , 005", split("1e3, 1.5e+2, .5, 5., 5.e3, 005"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.SYMBOL, TokenKind.NUMBER, TokenKind.SYMBOL, TokenKind.NUMBER),
                kinds("1e3, .5, 5."));
        assertEquals(List.of(TokenKind.WORD, TokenKind.WORD, TokenKind.WORD, TokenKind.WORD, TokenKind.WORD),
                kinds("1a 1_000 1e 0X1F 0B1"), "identifiers: 0X and 0B are no prefixes (only lower-case 0x, 0b)");
        assertEquals("1e1 x", split("1e1x"), "a float and an alias");
        assertEquals("1.5 abc", split("1.5abc"));
        assertEquals(List.of(TokenKind.HEX_LITERAL, TokenKind.HEX_LITERAL, TokenKind.WORD, TokenKind.WORD),
                kinds("0x1F X'1f' 0x 0xg"));
        assertEquals(List.of(TokenKind.BIT_LITERAL, TokenKind.BIT_LITERAL, TokenKind.WORD), kinds("0b101 B'01' 0b2"));
        assertEquals(List.of(TokenKind.NATIONAL_STRING, TokenKind.NATIONAL_STRING, TokenKind.WORD, TokenKind.STRING),
                kinds("N'a' n'b' _utf8mb4'c'"));
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("X'1G'")).getErrorCode());
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("X'123'")).getErrorCode(),
                "odd number of hex digits");
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("b'102'")).getErrorCode());
    }

    @Test
    void afterNameAndADotTheServerReadsAnIdentifierEvenIfItStartsWithDigits() throws ShardlineException {
        assertEquals(List.of(TokenKind.WORD, TokenKind.DOT, TokenKind.WORD), kinds("t.1e1"));
        assertEquals(List.of(TokenKind.WORD, TokenKind.DOT, TokenKind.WORD), kinds("t.5"));
        assertEquals(List.of(TokenKind.WORD, TokenKind.DOT, TokenKind.WORD, TokenKind.DOT, TokenKind.WORD), kinds("a.b.1c"));
        assertEquals(List.of(TokenKind.WORD, TokenKind.NUMBER), kinds("t .5"), "a space ends the name");
        assertEquals(List.of(TokenKind.QUOTED_IDENTIFIER, TokenKind.NUMBER), kinds("`t`.5"), "not after a quoted name");
    }

    @Test
    void operatorsAreGroupedAsTheServerGroupsThem() throws ShardlineException {
        assertEquals("a <=> b <= c <> d << e >= f >> g != h && i || j := k", split("a<=>b<=c<>d<<e>=f>>g!=h&&i||j:=k"));
        assertEquals("a = = b = < c >= d ! < e", split("a==b=<c>=d!<e"), "== =< !< are no operators");
        assertEquals("a < = > b", split("a< = >b"), "spaces split an operator");
        assertEquals("@a.b @@session . sql_mode @ 'x' @ `y`", split("@a.b @@session.sql_mode @'x' @`y`"));
        assertEquals(List.of(TokenKind.VARIABLE, TokenKind.VARIABLE, TokenKind.DOT, TokenKind.WORD), kinds("@v @@global.x"));
    }

    @Test
    void controlCharactersAndNulOutsideLiteralsAreTokensOfTheirOwn() throws ShardlineException {
        assertEquals(List.of(TokenKind.WORD, TokenKind.SYMBOL, TokenKind.WORD), kinds("a\u0001b"));
        assertEquals(List.of(TokenKind.WORD, TokenKind.SYMBOL, TokenKind.WORD), kinds("a\0b"));
        assertEquals(List.of(TokenKind.STRING), kinds("'a\0\u0001b'"), "inside a literal they are characters");
    }

    @Test
    void unterminatedLiteralsAndCommentsAreRefused() {
        for (String sql : new String[] {"SELECT 'abc", "SELECT `abc", "SELECT /* abc", "SELECT \"abc", "SELECT 'abc\\'",
                "SELECT N'a", "SELECT /*", "SELECT /*/"}) {
            assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize(sql)).getErrorCode(), sql);
        }
    }

    @Test
    void literalsAreQuotedSafely() {
        assertEquals("'a\\'b\\\\c\\0\\n'", MySqlText.mysqlLiteral("a'b\\c\0\n"));
        assertEquals("'a''b\\c'", MySqlText.standardLiteral("a'b\\c"));
        assertEquals("`a``b`", MySqlText.quoteIdentifier("a`b"));
    }

    @Test
    void everyCharacterIsInExactlyOneTokenOrIsWhitespace() throws ShardlineException {
        String sql = "SELECT/*c*/x.1a,-- d\n'q''r' \"s\" #h\r\n@v:=1<=>2 0x1f N'n' b'1' t.`u` ?;";
        int covered = 0;
        int previousEnd = 0;
        for (Token t : SqlLexer.tokenize(sql)) {
            assertTrue(t.start() >= previousEnd, "tokens overlap at " + t.start());
            for (int i = previousEnd; i < t.start(); i++) {
                assertTrue(SqlLexer.isSpace(sql.charAt(i)), "a gap holds only whitespace at " + i);
            }
            covered += t.end() - t.start();
            previousEnd = t.end();
        }
        assertTrue(covered > 0);
    }
}
