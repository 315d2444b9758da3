package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses SQL whose reading by the server could differ from the reading Shardline routes by (100403, with the place
 * and the reason): text the server executes inside comments, operators whose meaning depends on the session or on the
 * parser ({@code ||}, {@code --} without a space), characters the server rejects, adjacent string literals (the server
 * joins them; the parser reads an alias), JDBC escapes (the connector rewrites them). Stateless.
 */
final class LexicalRules {
    private LexicalRules() {
    }

    static void check(String sql, List<Token> tokens) throws ShardlineException {
        Token previous = null;
        for (Token t : tokens) {
            switch (t.kind()) {
                case WORD -> unpairedSurrogates(sql, t);
                case EXECUTABLE_COMMENT -> throw refuse("executable comments (/*! ... */, MariaDB's /*M! ... */) are refused:"
                        + " the server runs their content, which Shardline does not read", t);
                case HINT_COMMENT -> {
                    if (t.text(sql).toUpperCase(Locale.ROOT).contains("SET_VAR")) {
                        throw refuse("the SET_VAR optimizer hint changes server variables for the statement", t);
                    }
                }
                case SYMBOL -> symbol(sql, t, previous);
                default -> { }
            }
            if (t.isComment()) {
                continue;
            }
            if (previous != null && previous.isString() && t.isString()) {
                throw refuse("adjacent string literals: the server joins them into one string, Shardline's parser would"
                        + " read the second as an alias; write one literal", t);
            }
            previous = t;
        }
    }

    private static void symbol(String sql, Token t, Token previous) throws ShardlineException {
        char c = sql.charAt(t.start());
        if (SqlLexer.isControl(c)) {
            throw refuse(String.format("control character U+%04X outside a string literal", (int) c), t);
        }
        if (t.is(sql, "||")) {
            throw refuse("|| means OR to the server (PIPES_AS_CONCAT is off) but string concatenation to Shardline's"
                    + " parser; write OR, or CONCAT() to join strings", t);
        }
        if (t.is(sql, ":=")) {
            throw refuse("assigning a user variable (:=) leaves session state on a pooled physical connection", t);
        }
        if (c == '{' || c == '}') {
            throw refuse("JDBC escape syntax ({d '..'}, {fn ..}, ...) is rewritten by the connector after Shardline"
                    + " has read the statement; write plain SQL", t);
        }
        if (c == '-' && previous != null && previous.end() == t.start() && previous.is(sql, "-")) {
            throw refuse("-- followed by '" + printable(sql, t.start() + 1) + "' is two minus signs to the server (a"
                    + " comment needs a space after --) but a comment to Shardline's parser; write - - or -(-x), or"
                    + " put a space after -- to comment", previous);
        }
    }

    /**
     * Java strings can hold half a surrogate pair; the connector encodes it as '?', which the server reads as an
     * operator or a placeholder where it stands outside quotes (inside them it is only a changed character).
     */
    private static void unpairedSurrogates(String sql, Token word) throws ShardlineException {
        for (int i = word.start(); i < word.end(); i++) {
            char c = sql.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < word.end() && Character.isLowSurrogate(sql.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ShardlineException.notAllowed("an unpaired UTF-16 surrogate at offset " + i
                        + " has no UTF-8 encoding; the connector would send '?' in its place");
            }
        }
    }

    private static String printable(String sql, int at) {
        if (at >= sql.length()) {
            return "";
        }
        char c = sql.charAt(at);
        return c < 0x20 || c == 0x7F ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private static ShardlineException refuse(String why, Token t) {
        return ShardlineException.notAllowed(why + " (at offset " + t.start() + ")");
    }
}
