package io.shardline.router.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shardline.router.ShardlineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
    private static List<TokenKind> kinds(String sql) throws ShardlineException {
        return SqlLexer.tokenize(sql).stream().map(Token::kind).toList();
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
        assertEquals("it's", MySqlText.unescape("it\\'s", '\''));
        assertEquals("it's", MySqlText.unescape("it''s", '\''));
        assertEquals("a\\%b", MySqlText.unescape("a\\%b", '\''), "\\% keeps its backslash for LIKE");
    }

    @Test
    void doubleDashNeedsASpaceToStartAComment() throws ShardlineException {
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.SYMBOL, TokenKind.SYMBOL, TokenKind.NUMBER), kinds("5--3"));
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.COMMENT), kinds("5-- 3"));
    }

    @Test
    void unterminatedLiteralsAreRefused() {
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("SELECT 'abc")).getErrorCode());
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("SELECT `abc")).getErrorCode());
        assertEquals(100403, assertThrows(ShardlineException.class, () -> SqlLexer.tokenize("SELECT /* abc")).getErrorCode());
    }

    @Test
    void literalsAreQuotedSafely() {
        assertEquals("'a\\'b\\\\c\\0\\n'", MySqlText.mysqlLiteral("a'b\\c\0\n"));
        assertEquals("'a''b\\c'", MySqlText.standardLiteral("a'b\\c"));
        assertEquals("`a``b`", MySqlText.quoteIdentifier("a`b"));
    }
}
