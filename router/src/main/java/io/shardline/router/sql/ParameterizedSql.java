package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;

/**
 * DBProxy's parameterized SQL (dbproxy-interface spec): every {@code ?} character of the text takes the next
 * parameter, in order; a {@code ?} with a single quote right before and right after it ({@code '?'}) gets the
 * parameter escaped, any other {@code ?} gets it raw (so a raw parameter may be a column, a table name or a number).
 * This is text substitution, done once; substituted text is never scanned again. Pure; thread-safe.
 */
public final class ParameterizedSql {
    private ParameterizedSql() {
    }

    /**
     * The SQL with its parameters substituted; the text itself when {@code params} is null or empty (as DBProxy, which
     * substitutes nothing then).
     *
     * @throws ShardlineException 100422 when the number of {@code ?} differs from the number of parameters, a parameter
     *         is null, or a {@code '?'} does not sit inside one single-quoted literal (its escaped value would not be
     *         quoted); 100403 when such a text does not lex (an unterminated literal or comment)
     */
    public static String substitute(String sql, List<String> params) throws ShardlineException {
        if (params == null || params.isEmpty()) {
            return sql;
        }
        int placeholders = 0;
        for (int i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) {
            placeholders++;
        }
        if (placeholders != params.size()) {
            throw ShardlineException.invalid("the SQL has " + placeholders + " '?' placeholder(s) but " + params.size()
                    + " param(s) were given");
        }
        List<Token> tokens = null;
        StringBuilder out = new StringBuilder(sql.length() + 16 * params.size());
        int from = 0;
        int index = 0;
        for (int at = sql.indexOf('?'); at >= 0; at = sql.indexOf('?', at + 1)) {
            String value = params.get(index);
            if (value == null) {
                throw ShardlineException.invalid("param " + (index + 1) + " is null; params are strings (write NULL"
                        + " as the raw text NULL through an unquoted ?)");
            }
            out.append(sql, from, at);
            if (at > 0 && at + 1 < sql.length() && sql.charAt(at - 1) == '\'' && sql.charAt(at + 1) == '\'') {
                if (tokens == null) {
                    tokens = SqlLexer.tokenize(sql);
                }
                requireInsideLiteral(sql, tokens, at);
                escape(value, out);
            } else {
                out.append(value);
            }
            from = at + 1;
            index++;
        }
        return out.append(sql, from, sql.length()).toString();
    }

    /**
     * DBProxy decides by the neighbouring characters only; in {@code 'a'?'b'} or a comment those quotes do not make a
     * literal around the {@code ?}, and an escaped value there would be SQL. Refused instead.
     */
    private static void requireInsideLiteral(String sql, List<Token> tokens, int at) throws ShardlineException {
        for (Token t : tokens) {
            if (t.start() < at && at < t.end()) {
                if (t.kind() == TokenKind.STRING) {
                    return;
                }
                break;
            }
            if (t.start() > at) {
                break;
            }
        }
        throw ShardlineException.invalid("the '?' at offset " + at + " has quotes around it that do not make one"
                + " single-quoted string literal, so its escaped value would not be quoted; write it as '?'");
    }

    /**
     * Escapes a value for the inside of a single-quoted MySQL literal: quotes doubled (not backslashed, so the literal
     * cannot end early under NO_BACKSLASH_ESCAPES either), backslashes doubled. Everything else goes as it is, NUL and
     * line breaks included: MySQL reads them inside a literal, and JSqlParser does not read {@code \0}. Escaping works
     * on characters: the physical connection encodes the SQL in the character set the server decodes it with (UTF-8
     * by default), in which no multibyte sequence contains a quote or backslash byte.
     */
    static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> out.append("''");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
    }
}
