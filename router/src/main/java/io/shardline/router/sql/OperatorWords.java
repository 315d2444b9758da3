package io.shardline.router.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL operators spelled as words that JSqlParser cannot read, found where the server reads them as operators and
 * respelled at the same offset in the parser's copy ({@link ParserInput}) as one character JSqlParser reads:
 * <ul>
 * <li>infix {@code MOD} (after an operand; {@code MOD(a, b)} in expression position is the function) becomes
 *     {@code %}: the same operator at the same precedence to the server;</li>
 * <li>prefix {@code BINARY} (in expression position, before an operand) becomes {@code ~}: a unary operator binding
 *     as tightly, so the tree has the same shape. Shardline never evaluates {@code ~} itself: it is no literal and no
 *     column, so no key is read through it, and merges compare the bytes the server returns for it.</li>
 * </ul>
 * A word misjudged here only makes JSqlParser fail (100403), never read another tree: {@code %(a, 3)} and
 * {@code x ~ y} do not parse. {@code a SOUNDS LIKE b} becomes {@code a REGEXP b}: a comparison at the same
 * precedence that is never a key and that the merge never evaluates (a filter holding it goes to the servers as
 * written). Also blanked: the select options that change no result ({@code SQL_NO_CACHE},
 * {@code SQL_BUFFER_RESULT}, ...), which JSqlParser reads only before {@code DISTINCT}, the server in any order.
 * Stateless.
 */
final class OperatorWords {
    /** Words after which an expression starts: a {@code MOD} there is the function, a {@code BINARY} the operator. */
    private static final Set<String> BEFORE_EXPRESSION = Set.of("SELECT", "WHERE", "AND", "OR", "XOR", "NOT", "ON",
            "HAVING", "BY", "WHEN", "THEN", "ELSE", "CASE", "DISTINCT", "DISTINCTROW", "ALL", "ANY", "SOME", "VALUES",
            "VALUE", "IN", "LIKE", "REGEXP", "RLIKE", "BETWEEN", "IS", "INTERVAL", "BINARY", "DIV", "MOD", "ESCAPE",
            "RETURNING", "LIMIT", "OFFSET", "EXISTS", "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT",
            "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CACHE", "SQL_CALC_FOUND_ROWS", "SET", "AS",
            "USING", "DEFAULT", "RETURN", "SEPARATOR", "COLLATE", "CHARSET");
    /** Of those, the words after which {@code BINARY} names a type or character set, not the operator. */
    private static final Set<String> BEFORE_TYPE = Set.of("AS", "USING", "SET", "DEFAULT", "COLLATE", "CHARSET",
            "RETURN");

    /** Select options that change how the server works, never what it answers. */
    private static final Set<String> RESULT_NEUTRAL = Set.of("SQL_NO_CACHE", "SQL_CACHE", "SQL_BUFFER_RESULT",
            "SQL_SMALL_RESULT", "SQL_BIG_RESULT");
    /** Every word that may stand between SELECT and the select list. */
    private static final Set<String> SELECT_OPTIONS = Set.of("ALL", "DISTINCT", "DISTINCTROW", "HIGH_PRIORITY",
            "STRAIGHT_JOIN", "SQL_NO_CACHE", "SQL_CACHE", "SQL_BUFFER_RESULT", "SQL_SMALL_RESULT", "SQL_BIG_RESULT",
            "SQL_CALC_FOUND_ROWS");

    private OperatorWords() {
    }

    /** The text the parser's copy holds in place of {@code tokens.get(i)} (as long), or null when it stays. */
    static String respelling(String sql, List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.kind() != TokenKind.WORD || t.end() - t.start() < 3) {
            return null;
        }
        int before = previous(tokens, i);
        if (before >= 0 && tokens.get(before).kind() == TokenKind.DOT) {
            return null; // t.mod is a column
        }
        String word = t.text(sql).toUpperCase(Locale.ROOT);
        int after = next(tokens, i);
        if (RESULT_NEUTRAL.contains(word)) {
            return selectOption(sql, tokens, before) ? " ".repeat(word.length()) : null;
        }
        if (word.equals("MOD")) {
            return before >= 0 && endsOperand(sql, tokens.get(before)) ? "%  " : null;
        }
        if (word.equals("BINARY")) {
            return startsExpression(sql, tokens, before) && after >= 0 && startsOperand(sql, tokens.get(after))
                    ? "~     " : null;
        }
        if (word.equals("SOUNDS")) { // a SOUNDS LIKE b: REGEXP, another comparison Shardline never evaluates
            return before >= 0 && endsOperand(sql, tokens.get(before)) && after >= 0
                    && tokens.get(after).kind() == TokenKind.WORD && tokens.get(after).text(sql).equalsIgnoreCase("LIKE")
                    ? "REGEXP" : null;
        }
        if (word.equals("LIKE") && before >= 0 && tokens.get(before).text(sql).equalsIgnoreCase("SOUNDS")
                && respelling(sql, tokens, before) != null) {
            return "    "; // the LIKE of SOUNDS LIKE
        }
        return null;
    }

    /** Whether the token can end an operand: a literal, name, placeholder, variable or closing parenthesis. */
    private static boolean endsOperand(String sql, Token t) {
        return switch (t.kind()) {
            case WORD -> !BEFORE_EXPRESSION.contains(t.text(sql).toUpperCase(Locale.ROOT));
            case QUOTED_IDENTIFIER, STRING, NATIONAL_STRING, DOUBLE_QUOTED, NUMBER, HEX_LITERAL, BIT_LITERAL, VARIABLE,
                 PARAMETER -> true;
            case SYMBOL -> t.is(sql, ")");
            default -> false;
        };
    }

    /** Whether an expression starts after token {@code before} (-1: the text's start). */
    private static boolean startsExpression(String sql, List<Token> tokens, int before) {
        if (before < 0) {
            return false;
        }
        Token t = tokens.get(before);
        if (t.kind() == TokenKind.WORD) {
            String word = t.text(sql).toUpperCase(Locale.ROOT);
            return BEFORE_EXPRESSION.contains(word) && !BEFORE_TYPE.contains(word);
        }
        if (t.kind() != TokenKind.SYMBOL || t.is(sql, ")")) {
            return false;
        }
        return !t.is(sql, ",") || !insideConvert(sql, tokens, before); // CONVERT(x, BINARY(4)) names a type
    }

    private static boolean startsOperand(String sql, Token t) {
        return switch (t.kind()) {
            case WORD, QUOTED_IDENTIFIER, STRING, NATIONAL_STRING, DOUBLE_QUOTED, NUMBER, HEX_LITERAL, BIT_LITERAL,
                 PARAMETER -> true;
            case SYMBOL -> t.is(sql, "(");
            default -> false;
        };
    }

    /** Whether the words from {@code last} back are select options right after SELECT. */
    private static boolean selectOption(String sql, List<Token> tokens, int last) {
        for (int i = last; i >= 0; i = previous(tokens, i)) {
            Token t = tokens.get(i);
            String word = t.kind() == TokenKind.WORD ? t.text(sql).toUpperCase(Locale.ROOT) : "";
            if (word.equals("SELECT")) {
                return true;
            }
            if (!SELECT_OPTIONS.contains(word)) {
                return false;
            }
        }
        return false;
    }

    /** Whether the comma at {@code comma} separates the arguments of {@code CONVERT(..)}. */
    private static boolean insideConvert(String sql, List<Token> tokens, int comma) {
        int depth = 0;
        for (int i = comma - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.is(sql, ")")) {
                depth++;
            } else if (t.is(sql, "(")) {
                if (depth == 0) {
                    int name = previous(tokens, i);
                    return name >= 0 && tokens.get(name).kind() == TokenKind.WORD
                            && tokens.get(name).text(sql).equalsIgnoreCase("CONVERT");
                }
                depth--;
            }
        }
        return false;
    }

    private static int previous(List<Token> tokens, int i) {
        int j = i - 1;
        while (j >= 0 && tokens.get(j).isComment()) {
            j--;
        }
        return j;
    }

    private static int next(List<Token> tokens, int i) {
        int j = i + 1;
        while (j < tokens.size() && tokens.get(j).isComment()) {
            j++;
        }
        return j < tokens.size() ? j : -1;
    }
}
