package io.shardline.router.sql;

import io.shardline.router.ShardlineException;
import io.shardline.router.route.Hint;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Parses one SQL text into a {@link ParsedSql}. Lexes first as the server does ({@link SqlLexer}) and refuses what
 * the server could read differently ({@link LexicalRules}), hands JSqlParser a same-length copy in which every lexical
 * decision is already taken ({@link ParserInput}), parses on the calling thread (simple grammar first, complex only
 * if needed), checks that JSqlParser split the text as the server does ({@link TokenCheck}), then extracts. Refuses
 * what it cannot read exactly: parse errors, several statements, executable comments.
 */
public final class SqlAnalyzer {
    private SqlAnalyzer() {
    }

    public static ParsedSql analyze(String sql) throws ShardlineException {
        if (sql == null) {
            throw ShardlineException.invalid("SQL is null");
        }
        List<Token> tokens = SqlLexer.tokenize(sql);
        LexicalRules.check(sql, tokens);
        String multiDelete = DeleteUsing.rewrite(sql, tokens);
        if (multiDelete != null) {
            return analyze(multiDelete); // DELETE FROM t USING .. read as the same DELETE t FROM ..
        }
        StatementRules.check(sql, tokens);
        int depth = ParseBudget.depth(sql, tokens);
        Hint hint = Hint.NONE;
        int[] hintSpan = null;
        List<Integer> params = new ArrayList<>();
        boolean hasContent = false;
        for (Token t : tokens) {
            switch (t.kind()) {
                case HINT_COMMENT -> {
                    Hint h = HintComment.parse(t.text(sql));
                    if (h != null) {
                        if (hintSpan != null) {
                            throw ShardlineException.invalid("the SQL has two shardline hint comments; give one");
                        }
                        hint = h;
                        int end = t.end();
                        while (end < sql.length() && SqlLexer.isSpace(sql.charAt(end))) {
                            end++; // the hint goes with the space after it, so the physical SQL reads naturally
                        }
                        hintSpan = new int[] {t.start(), end};
                    }
                }
                case COMMENT, HASH_COMMENT -> { }
                case PARAMETER -> {
                    params.add(t.start());
                    hasContent = true;
                }
                default -> hasContent = true;
            }
        }
        if (!hasContent) {
            throw ShardlineException.invalid("the SQL is empty");
        }
        int[] paramStarts = params.stream().mapToInt(Integer::intValue).toArray();
        Hint commentHint = hint;
        int[] commentSpan = hintSpan;
        return ParseBudget.run(sql.length(), tokens.size(), depth,
                cancel -> parsed(sql, tokens, commentHint, commentSpan, paramStarts, cancel));
    }

    /** Parses and extracts; runs within the {@link ParseBudget}. */
    private static ParsedSql parsed(String sql, List<Token> tokens, Hint hint, int[] hintSpan, int[] paramStarts,
                                    ParseBudget.Cancel cancel) throws ShardlineException {
        int shareLock = trailingShareLock(sql, tokens);
        String text = ParserInput.of(sql, tokens);
        List<Token> parsedTokens = tokens;
        if (shareLock >= 0) { // JSqlParser cannot read MySQL's LOCK IN SHARE MODE: it reads the SELECT without it
            char[] blanked = text.toCharArray();
            java.util.Arrays.fill(blanked, tokens.get(shareLock).start(), tokens.get(shareLock + 3).end(), ' ');
            text = new String(blanked);
            parsedTokens = new ArrayList<>(tokens);
            parsedTokens.subList(shareLock, shareLock + 4).clear();
        }
        parsedTokens = respelled(sql, text, parsedTokens);
        Statement statement = parse(sql, text, parsedTokens, cancel);
        StatementExtractor extractor = new StatementExtractor(sql, paramStarts, tokens);
        SelectShape select = null;
        try {
            extractor.statement(statement);
            findMissedTables(statement, extractor);
            if (extractor.kind == StatementKind.DDL && extractor.tables.size() != 1) {
                throw ShardlineException.notAllowed("a DDL statement here names one logical table; this one also names "
                        + extractor.tables.get(extractor.tables.size() - 1).name() + " (LIKE, FOREIGN KEY and the like"
                        + " would tie shards together)");
            }
            if (extractor.kind == StatementKind.SELECT && statement instanceof net.sf.jsqlparser.statement.select.Select s) {
                select = SelectShapes.of(s, sql, tokens, extractor);
            }
        } catch (StatementExtractor.Failure f) {
            throw f.exception();
        }
        boolean[] derived = new boolean[extractor.derivedScopes.size()];
        for (int i = 0; i < derived.length; i++) {
            derived[i] = extractor.derivedScopes.get(i);
        }
        List<QualifierRef> qualifiers = new ArrayList<>(extractor.deleteTargets);
        qualifiers.addAll(qualifiers(sql, tokens, extractor));
        return new ParsedSql(sql, extractor.kind, extractor.lockingRead || shareLock >= 0, hint, paramStarts.length,
                List.copyOf(extractor.tables), List.copyOf(qualifiers),
                extractor.scopeParents.stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(extractor.conditions), List.copyOf(extractor.links), extractor.insert,
                List.copyOf(extractor.assignments), List.copyOf(tokens), hintSpan,
                extractor.kind == StatementKind.DESCRIBE ? firstKeyword(tokens) : null, List.copyOf(extractor.ranges),
                List.copyOf(extractor.ors), derived, java.util.Set.copyOf(extractor.nullableTables), select,
                extractor.orderedWrite);
    }

    /**
     * Where a SELECT's closing {@code LOCK IN SHARE MODE} starts (the index of {@code LOCK} in {@code tokens}), or -1.
     * MySQL's older spelling of {@code FOR SHARE}, and the only one MariaDB reads; a locking read, so it runs on the
     * master. Only at the very end of a statement that starts with SELECT or WITH; elsewhere it stays unparsable.
     */
    private static int trailingShareLock(String sql, List<Token> tokens) {
        int[] words = new int[4];
        int found = 0;
        for (int i = tokens.size() - 1; i >= 0 && found < 4; i--) {
            Token t = tokens.get(i);
            if (t.isComment()) {
                continue;
            }
            if (t.kind() != TokenKind.WORD) {
                return -1;
            }
            words[3 - found++] = i;
        }
        if (found < 4 || words[3] - words[0] != 3 || !word(sql, tokens.get(words[0]), "LOCK")
                || !word(sql, tokens.get(words[1]), "IN") || !word(sql, tokens.get(words[2]), "SHARE")
                || !word(sql, tokens.get(words[3]), "MODE")) {
            return -1;
        }
        for (Token t : tokens) {
            if (!t.isComment()) {
                return word(sql, t, "SELECT") || word(sql, t, "WITH") ? words[0] : -1;
            }
        }
        return -1;
    }

    /**
     * The tokens JSqlParser should find in {@code text}: a word {@link OperatorWords} respelled as {@code %} or
     * {@code ~} is a one-character operator there, a blanked one nothing, one respelled as a word ({@code REGEXP})
     * the same word token (a changed first character marks a respelled word).
     */
    private static List<Token> respelled(String sql, String text, List<Token> tokens) {
        List<Token> out = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            char c = text.charAt(t.start());
            boolean changed = t.kind() == TokenKind.WORD && c != sql.charAt(t.start());
            if (changed && out == null) {
                out = new ArrayList<>(tokens.subList(0, i));
            }
            if (changed && (c == '%' || c == '~')) {
                out.add(new Token(TokenKind.SYMBOL, t.start(), t.start() + 1));
            } else if (out != null && !(changed && c == ' ')) {
                out.add(t);
            }
        }
        return out == null ? tokens : out;
    }

    private static boolean word(String sql, Token t, String word) {
        return t.kind() == TokenKind.WORD && t.text(sql).equalsIgnoreCase(word);
    }

    private static Statement parse(String sql, String text, List<Token> tokens, ParseBudget.Cancel cancel)
            throws ShardlineException {
        Statement statement;
        net.sf.jsqlparser.parser.Token[] first = new net.sf.jsqlparser.parser.Token[1];
        try {
            statement = parseOnce(text, false, first, cancel);
        } catch (ParseException | RuntimeException simple) {
            try {
                statement = parseOnce(text, true, first, cancel);
            } catch (ParseException | RuntimeException e) {
                throw ShardlineException.notAllowed("Shardline cannot parse this SQL, so it will not guess a route: "
                        + firstLine(e.getMessage()));
            }
        }
        TokenCheck.check(sql, text, first[0], tokens);
        return statement;
    }

    private static Statement parseOnce(String text, boolean complex, net.sf.jsqlparser.parser.Token[] first,
                                       ParseBudget.Cancel cancel) throws ParseException, ShardlineException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(text)
                .withAllowComplexParsing(complex)
                .withBackslashEscapeCharacter(true);
        cancel.watch(parser);
        net.sf.jsqlparser.parser.Token head = parser.token;
        Statement statement = parser.Statement();
        if (cancel.cancelled()) {
            throw new ParseBudget.Timeout("parsing the statement ran out of time");
        }
        net.sf.jsqlparser.parser.Token next = parser.getNextToken();
        first[0] = head.next;
        if (next.kind != CCJSqlParserConstants.EOF) {
            throw ShardlineException.notAllowed("one statement per call: found more SQL at offset "
                    + (next.absoluteBegin - 1) + " ('" + next.image + "')");
        }
        if (statement == null) {
            throw ShardlineException.invalid("the SQL is empty");
        }
        return statement;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    /** A safety net: any table JSqlParser's own finder sees that our walk missed is still rewritten. */
    private static void findMissedTables(Statement statement, StatementExtractor extractor) {
        TablesNamesFinder<Void> finder = new TablesNamesFinder<>() {
            @Override
            public <S> Void visit(Table table, S context) {
                if (table.getASTNode() != null) {
                    extractor.addUnscopedTable(table);
                }
                return super.visit(table, context);
            }
        };
        try {
            finder.getTables(statement);
        } catch (UnsupportedOperationException ignored) {
            // the finder does not know every statement form; our own walk already covered those it rejects
        }
    }

    /**
     * {@code q.col}, {@code q.*}, {@code s.q.col}: identifiers before a dot that are not part of a table reference.
     * The binder decides which of them name logical tables.
     */
    private static List<QualifierRef> qualifiers(String sql, List<Token> all, StatementExtractor extractor) {
        List<Token> t = new ArrayList<>(all.size());
        for (Token tok : all) {
            if (!tok.isComment()) {
                t.add(tok);
            }
        }
        List<QualifierRef> out = new ArrayList<>();
        for (int i = 0; i + 2 < t.size(); i++) {
            if (!t.get(i).isIdentifier() || t.get(i + 1).kind() != TokenKind.DOT || (i > 0 && t.get(i - 1).kind() == TokenKind.DOT)) {
                continue;
            }
            if (insideTableName(t.get(i).start(), extractor)) {
                continue;
            }
            boolean threePart = t.get(i + 2).isIdentifier() && i + 4 < t.size() && t.get(i + 3).kind() == TokenKind.DOT
                    && (t.get(i + 4).isIdentifier() || isStar(sql, t.get(i + 4)));
            int last = threePart ? i + 4 : i + 2;
            if (!threePart && !(t.get(i + 2).isIdentifier() || isStar(sql, t.get(i + 2)))) {
                continue;
            }
            if (last + 1 < t.size() && t.get(last + 1).kind() == TokenKind.SYMBOL && sql.charAt(t.get(last + 1).start()) == '(') {
                continue; // db.function(...)
            }
            Token tableToken = threePart ? t.get(i + 2) : t.get(i);
            String schema = threePart ? MySqlText.unquoteIdentifier(t.get(i).text(sql)) : null;
            out.add(new QualifierRef(schema, MySqlText.unquoteIdentifier(tableToken.text(sql)), t.get(i).start(),
                    tableToken.end()));
            i = last;
        }
        return out;
    }

    private static boolean isStar(String sql, Token t) {
        return t.kind() == TokenKind.SYMBOL && sql.charAt(t.start()) == '*';
    }

    private static boolean insideTableName(int offset, StatementExtractor extractor) {
        for (TableRef r : extractor.tables) {
            if (offset >= r.start() && offset < r.end()) {
                return true;
            }
        }
        for (QualifierRef d : extractor.deleteTargets) {
            if (offset >= d.start() && offset < d.end()) {
                return true;
            }
        }
        return false;
    }

    private static int[] firstKeyword(List<Token> tokens) {
        for (Token t : tokens) {
            if (!t.isComment()) {
                return new int[] {t.start(), t.end()};
            }
        }
        return null;
    }
}
