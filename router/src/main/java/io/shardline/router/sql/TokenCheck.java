package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;

/**
 * After a parse, checks that JSqlParser split the text into the same tokens as {@link SqlLexer} (the server's
 * reading): each JSqlParser token must cover whole tokens of ours, of the same class (number, string, identifier,
 * operator...), and together they must cover all of ours. JSqlParser may join words into one token
 * ({@code NEXT VALUE FOR}, {@code CURRENT_TIMESTAMP()}); anything else that differs ({@code t.5} read as {@code t .5},
 * {@code 0X1F} read as a number, {@code $1} read as a parameter, {@code > =} read as one operator, a comment it finds
 * where the server finds none) is refused with 100403: a tree built from another reading could route elsewhere.
 */
final class TokenCheck {
    private TokenCheck() {
    }

    /**
     * @param text  the copy JSqlParser read ({@link ParserInput}): operators respelled there are compared with it
     * @param first JSqlParser's first token (the parser's token chain, ending with EOF)
     * @param ours  the statement's tokens, comments included (skipped here: the parser saw them blanked)
     */
    static void check(String sql, String text, net.sf.jsqlparser.parser.Token first, List<Token> ours)
            throws ShardlineException {
        int i = nextNonComment(ours, 0);
        for (net.sf.jsqlparser.parser.Token jt = first; jt != null && jt.kind != CCJSqlParserConstants.EOF; jt = jt.next) {
            int begin = jt.absoluteBegin - 1;
            int end = jt.absoluteEnd - 1;
            if (jt.specialToken != null) {
                throw differs(sql, jt.specialToken.absoluteBegin - 1, "a comment the server does not see");
            }
            if (i >= ours.size() || ours.get(i).start() != begin) {
                throw differs(sql, begin, "'" + jt.image + "'");
            }
            Token t = ours.get(i);
            if (t.end() == end) {
                if (!sameClass(sql, text, t, jt)) {
                    throw differs(sql, begin, "'" + jt.image + "' as another kind of token");
                }
                i = nextNonComment(ours, i + 1);
                continue;
            }
            if (t.kind() != TokenKind.WORD) {
                throw differs(sql, begin, "'" + jt.image + "'");
            }
            while (i < ours.size() && ours.get(i).end() <= end) { // a keyword phrase JSqlParser reads as one token
                Token part = ours.get(i);
                if (part.kind() != TokenKind.WORD && !part.is(sql, "(") && !part.is(sql, ")")) {
                    throw differs(sql, begin, "'" + jt.image + "'");
                }
                i = nextNonComment(ours, i + 1);
            }
            if (ours.get(previousNonComment(ours, i)).end() != end) {
                throw differs(sql, begin, "'" + jt.image + "'");
            }
        }
        if (i < ours.size()) {
            throw differs(sql, ours.get(i).start(), "nothing (it skipped the text)");
        }
    }

    private static boolean sameClass(String sql, String text, Token t, net.sf.jsqlparser.parser.Token jt) {
        int k = jt.kind;
        return switch (t.kind()) {
            case WORD -> k != CCJSqlParserConstants.S_CHAR_LITERAL && k != CCJSqlParserConstants.S_HEX
                    && k != CCJSqlParserConstants.S_LONG && k != CCJSqlParserConstants.S_DOUBLE
                    && k != CCJSqlParserConstants.S_PARAMETER && k != CCJSqlParserConstants.S_AT_IDENTIFIER
                    && k != CCJSqlParserConstants.S_QUOTED_IDENTIFIER && !jt.image.isEmpty()
                    && SqlLexer.isIdentifierChar(jt.image.charAt(0));
            case QUOTED_IDENTIFIER -> k == CCJSqlParserConstants.S_QUOTED_IDENTIFIER && jt.image.startsWith("`");
            case STRING, NATIONAL_STRING, DOUBLE_QUOTED -> k == CCJSqlParserConstants.S_CHAR_LITERAL;
            case BIT_LITERAL -> k == CCJSqlParserConstants.S_CHAR_LITERAL && sql.charAt(t.start() + 1) == '\'';
            case HEX_LITERAL -> k == CCJSqlParserConstants.S_HEX;
            case NUMBER -> k == CCJSqlParserConstants.S_LONG || k == CCJSqlParserConstants.S_DOUBLE;
            case VARIABLE -> k == CCJSqlParserConstants.S_AT_IDENTIFIER;
            case PARAMETER, DOT, SEMICOLON, SYMBOL -> jt.image.equals(t.text(text));
            default -> false;
        };
    }

    private static int nextNonComment(List<Token> tokens, int from) {
        int i = from;
        while (i < tokens.size() && tokens.get(i).isComment()) {
            i++;
        }
        return i;
    }

    private static int previousNonComment(List<Token> tokens, int before) {
        int i = before - 1;
        while (tokens.get(i).isComment()) {
            i--;
        }
        return i;
    }

    private static ShardlineException differs(String sql, int offset, String what) {
        int end = Math.min(sql.length(), offset + 20);
        return ShardlineException.notAllowed("Shardline's parser reads the text at offset " + offset + " ('"
                + sql.substring(Math.max(0, offset), end).replace('\n', ' ') + "') differently from the server: it"
                + " sees " + what + "; refused rather than routed on another reading");
    }
}
