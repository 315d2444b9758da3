package io.shardline.router.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * What a gather may push into each table reference's shard reads, decided once per SQL text: the conjuncts that
 * only that reference's rows decide ({@link #conjuncts}), and the column names the statement can reach
 * ({@link #columns}). Pure: it reads the SQL, not the servers.
 *
 * <p>A conjunct (top-level AND) is pushed to reference {@code r} only when dropping r's rows that fail it cannot
 * change the statement's result: it sits in the WHERE of the query block whose FROM holds r, and r is not on the
 * NULL-filled side of an outer join there; or it sits in the ON of an inner or LEFT join whose right item is r.
 * It reads only r's columns (qualified by r's name, or bare when r is its block's only FROM item and no outer query
 * could own the name), literals, {@code ?} and deterministic, session-free operators and functions
 * ({@link PureExpressions}); no subquery. Anything unsure is simply not pushed: the evaluation server still applies
 * every conjunct, so a push only ever removes rows that could not contribute.
 */
public final class GatherPushdown {
    /** A conjunct pushed into a reference's read: {@code [start, end)} of the text. */
    public record Conjunct(int start, int end) {
    }

    /**
     * Per reference: its pushed conjuncts, and the qualifier as the user wrote it (or null when they are bare), which
     * the read gives the physical table as its alias so the conjuncts' text resolves as written.
     */
    public record Pushed(List<Conjunct> conjuncts, String alias) {
    }

    /**
     * An equality {@code receiver.column = sender.senderColumn} that every row of the receiver contributing to the
     * result satisfies with some row of the sender: the receiver's reads may keep only rows whose column holds one of
     * the sender's values (key sending). From a WHERE between references that no outer join fills with NULLs, or
     * from the ON of an inner or LEFT join whose right table receives.
     */
    public record KeyLink(int receiver, String column, int sender, String senderColumn) {
    }

    private static final GatherPushdown NOTHING = new GatherPushdown(Map.of(), null, List.of());
    private static final Pushed NONE = new Pushed(List.of(), null);

    private final Map<Integer, Pushed> pushed;
    private final Set<String> columns;
    private final List<KeyLink> links;

    private GatherPushdown(Map<Integer, Pushed> pushed, Set<String> columns, List<KeyLink> links) {
        this.pushed = pushed;
        this.columns = columns;
        this.links = links;
    }

    /** The equalities along which one reference's values may narrow another's reads. */
    public List<KeyLink> links() {
        return links;
    }

    /** The conjuncts pushed into reference {@code ref}'s reads (none when unsure). */
    public Pushed pushed(int ref) {
        return pushed.getOrDefault(ref, NONE);
    }

    /**
     * The lower-cased names of every identifier in the statement, or null when every column is needed ({@code *},
     * {@code t.*}, NATURAL joins reach columns without naming them). A column whose name does not occur in the text
     * cannot be read by the statement, so a copy may leave it out; over-inclusion (keywords, aliases) costs nothing.
     */
    public Set<String> columns() {
        return columns;
    }

    /** The pushdown of a SELECT; nothing pushed, every column, when any part of it is not understood. */
    public static GatherPushdown of(ParsedSql parsed) {
        if (parsed.kind() != StatementKind.SELECT) {
            return NOTHING;
        }
        Set<String> names = names(parsed);
        try {
            Statement st = parse(parsed);
            if (!(st instanceof Select select)) {
                return new GatherPushdown(Map.of(), names, List.of());
            }
            Walker w = new Walker(parsed, ParserInput.of(parsed.sql(), parsed.tokens()));
            w.select(select, false);
            return new GatherPushdown(Map.copyOf(w.result), names, List.copyOf(w.links));
        } catch (RuntimeException | StackOverflowError | net.sf.jsqlparser.parser.ParseException e) {
            return new GatherPushdown(Map.of(), names, List.of()); // not understood: push no filter, which is always right
        }
    }

    private static Statement parse(ParsedSql parsed) throws net.sf.jsqlparser.parser.ParseException {
        String text = ParserInput.of(parsed.sql(), parsed.tokens());
        try {
            return parser(text, false).Statement();
        } catch (net.sf.jsqlparser.parser.ParseException | RuntimeException simple) {
            return parser(text, true).Statement();
        }
    }

    private static CCJSqlParser parser(String text, boolean complex) {
        return CCJSqlParserUtil.newParser(text).withAllowComplexParsing(complex).withBackslashEscapeCharacter(true);
    }

    private static Set<String> names(ParsedSql parsed) {
        String sql = parsed.sql();
        Set<String> names = new HashSet<>();
        Token previous = null;
        for (Token t : parsed.tokens()) {
            if (t.isComment()) {
                continue;
            }
            if (t.isIdentifier()) {
                String name = MySqlText.unquoteIdentifier(t.text(sql)).toLowerCase(Locale.ROOT);
                if (t.kind() == TokenKind.WORD && name.equals("natural")) {
                    return null;
                }
                names.add(name);
            } else if (t.is(sql, "*") && (previous == null || !previous.is(sql, "("))) {
                return null; // a star, or a product: every column either way (COUNT(*) names none)
            }
            previous = t;
        }
        return Set.copyOf(names);
    }

    /** Walks the query blocks, innermost names first, and records the conjuncts each reference may take. */
    private static final class Walker {
        private final ParsedSql parsed;
        /** The text JSqlParser read (same offsets as the SQL). */
        private final String text;
        private final Map<Integer, Integer> refByStart = new HashMap<>();
        final Map<Integer, Pushed> result = new HashMap<>();
        final List<KeyLink> links = new ArrayList<>();

        Walker(ParsedSql parsed, String text) {
            this.parsed = parsed;
            this.text = text;
            for (int i = 0; i < parsed.tables().size(); i++) {
                refByStart.put(parsed.tables().get(i).start(), i);
            }
        }

        /** One FROM item of a block: the name that qualifies its columns and our reference, or -1. */
        private record Item(String name, int ref) {
        }

        /** @param outer whether an enclosing query's columns are visible here (a subquery, a lateral table) */
        void select(Select s, boolean outer) {
            if (s.getWithItemsList() != null) {
                for (WithItem<?> w : s.getWithItemsList()) {
                    select(w.getSelect(), outer);
                }
            }
            if (s instanceof PlainSelect ps) {
                plain(ps, outer);
            } else if (s instanceof SetOperationList sol) {
                for (Select branch : sol.getSelects()) {
                    select(branch, outer);
                }
                orderBy(sol.getOrderByElements());
            } else if (s instanceof ParenthesedSelect p) {
                select(p.getSelect(), outer);
                orderBy(p.getOrderByElements());
            }
            // VALUES and the like: no table of ours
        }

        private void plain(PlainSelect ps, boolean outer) {
            List<Item> items = new ArrayList<>();
            List<Join> joins = new ArrayList<>();
            Set<Integer> nullable = new HashSet<>();
            from(ps.getFromItem(), items, joins, nullable, outer);
            joined(ps.getJoins(), 0, items, joins, nullable, outer);
            Set<Integer> nullableRefs = new HashSet<>();
            for (int i : nullable) {
                nullableRefs.add(items.get(i).ref());
            }
            for (Join j : joins) {
                if (j.getOnExpressions() != null) {
                    for (Expression on : j.getOnExpressions()) {
                        subqueries(on);
                        if (innerOrLeft(j) && j.getRightItem() instanceof Table t) {
                            int ref = refOf(t);
                            for (Expression c : StatementExtractor.operands(on, AndExpression.class)) {
                                // bare names in ON may be any earlier item's: only qualified ones are pushed
                                push(c, items, ref, false);
                                // the right table takes keys from any other table; in an inner join, so may a
                                // table that no outer join fills with NULLs
                                link(c, items, ref, j.isLeft() ? Set.of(ref) : null, nullableRefs);
                            }
                        }
                    }
                }
            }
            if (ps.getWhere() != null) {
                subqueries(ps.getWhere());
                boolean bare = !outer && items.size() == 1;
                for (Expression c : StatementExtractor.operands(ps.getWhere(), AndExpression.class)) {
                    int ref = target(c, items, bare);
                    if (ref >= 0 && !nullableRefs.contains(ref)) {
                        push(c, items, ref, bare);
                    }
                    link(c, items, -1, Set.of(), nullableRefs);
                }
            }
            if (ps.getSelectItems() != null) {
                for (SelectItem<?> item : ps.getSelectItems()) {
                    subqueries(item.getExpression());
                }
            }
            if (ps.getGroupBy() != null) {
                subqueries(ps.getGroupBy().getGroupByExpressionList());
            }
            subqueries(ps.getHaving());
            orderBy(ps.getOrderByElements());
        }

        /**
         * The joins of a block or of a parenthesised group starting at item {@code groupStart}: a LEFT join's right
         * items are NULL-filled, and so is everything before a RIGHT join in its group.
         */
        private void joined(List<Join> list, int groupStart, List<Item> items, List<Join> joins,
                            Set<Integer> nullable, boolean outer) {
            if (list == null) {
                return;
            }
            for (Join j : list) {
                int before = items.size();
                from(j.getRightItem(), items, joins, nullable, outer);
                joins.add(j);
                boolean unknownOuter = j.isOuter() && !j.isLeft() && !j.isRight();
                if (j.isLeft() || j.isFull() || unknownOuter) {
                    for (int i = before; i < items.size(); i++) {
                        nullable.add(i);
                    }
                }
                if (j.isRight() || j.isFull() || unknownOuter) {
                    for (int i = groupStart; i < before; i++) {
                        nullable.add(i);
                    }
                }
            }
        }

        /**
         * Records {@code c} when it is {@code X.a = Y.b} between two of our references: a row of the receiver whose
         * value is none of the sender's cannot satisfy it. Receivers: {@code only} when given (the right table of a
         * LEFT join), else {@code right} and every reference not NULL-filled in the block ({@code right} = -1 in
         * WHERE).
         */
        private void link(Expression c, List<Item> items, int right, Set<Integer> only, Set<Integer> nullableRefs) {
            Expression e = StatementExtractor.unwrap(c);
            if (!(e instanceof net.sf.jsqlparser.expression.operators.relational.EqualsTo eq)
                    || !(StatementExtractor.unwrap(eq.getLeftExpression()) instanceof Column a)
                    || !(StatementExtractor.unwrap(eq.getRightExpression()) instanceof Column b)
                    || a.getTable() == null || a.getTable().getName() == null
                    || b.getTable() == null || b.getTable().getName() == null) {
                return;
            }
            int ra = owner(a, items, false);
            int rb = owner(b, items, false);
            if (ra < 0 || rb < 0 || ra == rb) {
                return;
            }
            for (int k = 0; k < 2; k++) {
                int receiver = k == 0 ? ra : rb;
                int sender = k == 0 ? rb : ra;
                Column rc = k == 0 ? a : b;
                Column sc = k == 0 ? b : a;
                boolean allowed = only != null && !only.isEmpty() ? only.contains(receiver)
                        : receiver == right || !nullableRefs.contains(receiver);
                if (allowed) {
                    links.add(new KeyLink(receiver, MySqlText.unquoteIdentifier(rc.getColumnName()), sender,
                            MySqlText.unquoteIdentifier(sc.getColumnName())));
                }
            }
        }

        private static boolean innerOrLeft(Join j) {
            return !j.isRight() && !j.isFull() && !j.isNatural() && !j.isApply() && !j.isSemi()
                    && (!j.isOuter() || j.isLeft());
        }

        /** Flattens a FROM item into the block's items, walking derived tables as blocks of their own. */
        private void from(FromItem item, List<Item> items, List<Join> joins, Set<Integer> nullable, boolean outer) {
            if (item == null) {
                return;
            }
            String alias = item.getAlias() == null ? null : MySqlText.unquoteIdentifier(item.getAlias().getName());
            if (item instanceof Table t) {
                String name = alias != null ? alias : MySqlText.unquoteIdentifier(t.getName());
                items.add(new Item(name, refOf(t)));
            } else if (item instanceof ParenthesedFromItem p) {
                int start = items.size();
                from(p.getFromItem(), items, joins, nullable, outer);
                joined(p.getJoins(), start, items, joins, nullable, outer);
            } else if (item instanceof Select s) {
                items.add(new Item(alias, -1));
                select(s, outer || item instanceof LateralSubSelect);
            } else {
                items.add(new Item(alias, -1)); // a table function: its columns are not ours
            }
        }

        private int refOf(Table t) {
            Integer ref = refByStart.get(StatementExtractor.nameSpan(t)[0]);
            return ref == null ? -1 : ref;
        }

        /** The one reference whose columns {@code c} reads, or -1 (none, several, or not only columns of ours). */
        private int target(Expression c, List<Item> items, boolean bare) {
            List<Column> columns = new ArrayList<>();
            if (!PureExpressions.pure(c, columns) || columns.isEmpty()) {
                return -1;
            }
            int ref = -1;
            for (Column col : columns) {
                int r = owner(col, items, bare);
                if (r < 0 || (ref >= 0 && r != ref)) {
                    return -1;
                }
                ref = r;
            }
            return ref;
        }

        private int owner(Column col, List<Item> items, boolean bare) {
            Table t = col.getTable();
            if (t == null || t.getName() == null) {
                return bare && items.get(0).ref() >= 0 && !PureExpressions.isKeyword(col.getColumnName())
                        ? items.get(0).ref() : -1;
            }
            if (t.getSchemaName() != null) {
                return -1;
            }
            String qualifier = MySqlText.unquoteIdentifier(t.getName());
            int found = -1;
            int matches = 0;
            for (Item item : items) {
                if (item.name() != null && item.name().equalsIgnoreCase(qualifier)) {
                    found = item.ref();
                    matches++;
                }
            }
            return matches == 1 ? found : -1;
        }

        /** Records {@code c} for {@code ref} when it reads only that reference, under one spelling of its qualifier. */
        private void push(Expression c, List<Item> items, int ref, boolean bare) {
            if (ref < 0 || target(c, items, bare) != ref) {
                return;
            }
            List<Column> columns = new ArrayList<>();
            List<Expression> nodes = new ArrayList<>();
            PureExpressions.pure(c, columns, nodes);
            int[] span = span(c, nodes);
            if (span == null) {
                return;
            }
            String qualifier = null;
            for (Column col : columns) {
                String q = col.getTable() == null ? null : col.getTable().getName();
                if (q != null) {
                    if (qualifier != null && !qualifier.equals(q)) {
                        return; // two spellings of one qualifier: the read can alias only one
                    }
                    qualifier = q;
                }
            }
            Pushed before = result.getOrDefault(ref, NONE);
            if (qualifier != null && before.alias() != null && !before.alias().equals(qualifier)) {
                return;
            }
            List<Conjunct> list = new ArrayList<>(before.conjuncts());
            list.add(new Conjunct(span[0], span[1]));
            result.put(ref, new Pushed(List.copyOf(list), qualifier != null ? qualifier : before.alias()));
        }

        /**
         * The text span of conjunct {@code c}. JSqlParser's node spans are not always whole (a comparison may start at
         * its operator, {@code IS NULL} has none), so: the union of its nodes' spans, widened by up to two tokens on
         * the left and six on the right, each candidate balanced in parentheses and proven by parsing its text again
         * into the same expression. Null when no candidate is proven.
         */
        private int[] span(Expression c, List<Expression> nodes) {
            int start = Integer.MAX_VALUE;
            int end = -1;
            for (Expression n : nodes) {
                int[] sp = StatementExtractor.span(n);
                if (sp != null) {
                    start = Math.min(start, sp[0]);
                    end = Math.max(end, sp[1]);
                }
            }
            if (end < 0) {
                return null;
            }
            List<Token> tokens = new ArrayList<>();
            for (Token t : parsed.tokens()) {
                if (!t.isComment()) {
                    tokens.add(t);
                }
            }
            List<Integer> starts = new ArrayList<>(List.of(start));
            List<Integer> ends = new ArrayList<>(List.of(end));
            for (int i = tokens.size() - 1; i >= 0 && starts.size() < 3; i--) {
                if (tokens.get(i).end() <= start) {
                    starts.add(tokens.get(i).start());
                }
            }
            for (int i = 0; i < tokens.size() && ends.size() < 7; i++) {
                if (tokens.get(i).start() >= end) {
                    ends.add(tokens.get(i).end());
                }
            }
            String expected = StatementExtractor.unwrap(c).toString();
            for (int e : ends) {
                for (int st : starts) {
                    int[] balanced = balanced(st, e);
                    if (balanced != null && proven(balanced, expected)) {
                        return balanced;
                    }
                }
            }
            return null;
        }

        /** {@code [start, end)} widened over the parentheses it leaves open, or null when other text is in the way. */
        private int[] balanced(int start, int end) {
            int depth = 0;
            int low = 0;
            for (int i = start; i < end; i++) {
                char ch = text.charAt(i);
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0; // a parenthesis inside a literal miscounts: the parse
                low = Math.min(low, depth);                   // check then refuses the span
            }
            for (int open = -low; open > 0; ) {
                if (--start < 0) {
                    return null;
                }
                if (text.charAt(start) == '(') {
                    open--;
                } else if (!Character.isWhitespace(text.charAt(start))) {
                    return null;
                }
            }
            for (int close = depth - low; close > 0; end++) {
                if (end >= text.length()) {
                    return null;
                }
                if (text.charAt(end) == ')') {
                    close--;
                } else if (!Character.isWhitespace(text.charAt(end))) {
                    return null;
                }
            }
            return new int[] {start, end};
        }

        /** Whether the text at {@code span} parses, whole, into an expression printed as {@code expected}. */
        private boolean proven(int[] span, String expected) {
            try {
                CCJSqlParser parser = CCJSqlParserUtil.newParser(text.substring(span[0], span[1]))
                        .withBackslashEscapeCharacter(true);
                Expression again = parser.Expression();
                return parser.getNextToken().kind == net.sf.jsqlparser.parser.CCJSqlParserConstants.EOF
                        && StatementExtractor.unwrap(again).toString().equals(expected);
            } catch (net.sf.jsqlparser.parser.ParseException | RuntimeException e) {
                return false;
            }
        }

        private void orderBy(List<OrderByElement> elements) {
            if (elements != null) {
                for (OrderByElement o : elements) {
                    subqueries(o.getExpression());
                }
            }
        }

        /** Walks the subqueries inside an expression as blocks that see outer columns. */
        private void subqueries(Expression e) {
            if (e == null) {
                return;
            }
            e.accept(new ExpressionVisitorAdapter<Void>() {
                @Override
                public <S> Void visit(ParenthesedSelect select, S context) {
                    Walker.this.select(select, true);
                    return null;
                }

                @Override
                public <S> Void visit(Select select, S context) {
                    Walker.this.select(select, true);
                    return null;
                }
            }, null);
        }
    }
}
