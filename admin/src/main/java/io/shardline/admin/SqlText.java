package io.shardline.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Just enough of MySQL's lexical rules to rename databases inside SQL text the servers give back (view, routine,
 * trigger and event definitions, table DDL with cross-database foreign keys, SHOW GRANTS lines) without touching
 * string literals, comments or the names of tables and columns. Stateless.
 */
final class SqlText {
    enum Kind { IDENTIFIER, QUOTED_IDENTIFIER, STRING, COMMENT, SPACE, DOT, OTHER }

    /** A token of {@code text[start, end)}; {@code value} is an identifier's name without quotes. */
    record Token(Kind kind, int start, int end, String value) {
        boolean isIdentifier() {
            return kind == Kind.IDENTIFIER || kind == Kind.QUOTED_IDENTIFIER;
        }

        boolean isWord(String word) {
            return kind == Kind.IDENTIFIER && value.equalsIgnoreCase(word);
        }
    }

    private SqlText() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.SPACE, start, i, null));
            } else if (c == '`') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '`') {
                        if (i + 1 < n && s.charAt(i + 1) == '`') {
                            name.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.append(d);
                    i++;
                }
                out.add(new Token(Kind.QUOTED_IDENTIFIER, start, i, name.toString()));
            } else if (c == '\'' || c == '"') {
                i++;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\\') {
                        i += 2;
                    } else if (d == c) {
                        i++;
                        if (i < n && s.charAt(i) == c) {
                            i++; // doubled quote inside the literal
                        } else {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                out.add(new Token(Kind.STRING, start, Math.min(i, n), null));
            } else if (c == '#' || (c == '-' && s.startsWith("-- ", i)) || (c == '-' && s.startsWith("--\n", i))) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                out.add(new Token(Kind.COMMENT, start, i, null));
            } else if (c == '/' && s.startsWith("/*", i) && !s.startsWith("/*!", i) && !s.startsWith("/*M!", i)) {
                int close = s.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
                out.add(new Token(Kind.COMMENT, start, i, null));
            } else if (c == '.') {
                i++;
                out.add(new Token(Kind.DOT, start, i, null));
            } else if (isWordChar(c)) {
                while (i < n && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.IDENTIFIER, start, i, s.substring(start, i)));
            } else {
                i++;
                out.add(new Token(Kind.OTHER, start, i, null));
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7F;
    }

    /**
     * Renames databases used as qualifiers: the first name of a dotted chain ({@code `db`.`t`}, {@code db.t.c}) that
     * {@code renames} maps is replaced by the new name, quoted. A name not followed by a dot, or following one, is a
     * table, column or alias and stays.
     */
    static String renameQualifiers(String sql, Map<String, String> renames) {
        List<Token> tokens = tokens(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (!t.isIdentifier() || !renames.containsKey(t.value())) {
                continue;
            }
            Token before = previousSignificant(tokens, i);
            Token after = nextSignificant(tokens, i);
            if ((before != null && before.kind() == Kind.DOT) || after == null || after.kind() != Kind.DOT) {
                continue;
            }
            String name = renames.get(t.value());
            // a name written bare stays bare (the text keeps its look); a quoted one, or a new name that needs it, is quoted
            boolean bare = t.kind() == Kind.IDENTIFIER && name.matches("[A-Za-z_][A-Za-z0-9_$]*");
            out.append(sql, copied, t.start()).append(bare ? name : quote(name));
            copied = t.end();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    static Token previousSignificant(List<Token> tokens, int i) {
        for (int j = i - 1; j >= 0; j--) {
            Kind k = tokens.get(j).kind();
            if (k != Kind.SPACE && k != Kind.COMMENT) {
                return tokens.get(j);
            }
        }
        return null;
    }

    static Token nextSignificant(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            Kind k = tokens.get(j).kind();
            if (k != Kind.SPACE && k != Kind.COMMENT) {
                return tokens.get(j);
            }
        }
        return null;
    }

    /** A MySQL identifier in backquotes, whatever it holds. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A string literal for any text: single quotes, with MySQL's escapes. */
    static String literal(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case 0 -> b.append("\\0");
                case 26 -> b.append("\\Z");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** Whether {@code sql} names one of {@code databases} as an identifier anywhere (not inside strings or comments). */
    static String mentionedDatabase(String sql, Iterable<String> databases) {
        for (Token t : tokens(sql)) {
            if (t.isIdentifier()) {
                for (String db : databases) {
                    if (t.value().equalsIgnoreCase(db)) {
                        return db;
                    }
                }
            }
        }
        return null;
    }
}
