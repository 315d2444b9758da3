package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.StatementKind;
import io.shardline.router.sql.TableRef;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An UPDATE or DELETE the planner refused that reads other tables than its target: a multi-table UPDATE/DELETE
 * ({@code UPDATE orders o JOIN users u ON .. SET o.x = u.y}, {@code DELETE o, l FROM ..}) or a correlated subquery
 * ({@code DELETE FROM orders WHERE NOT EXISTS (SELECT .. WHERE u.uid = orders.uid)}). It becomes a SELECT of the
 * target's key (hint column and primary key, or else a UNIQUE key of NOT NULL columns: {@link RowKey}; every
 * target's, for a DELETE from several) and of each SET expression's value under the statement's own FROM and WHERE,
 * which any SELECT path answers exactly, and a write by key that {@link WriteByKey} runs (keeping IGNORE). Only the statement's text is cut here (at its
 * top-level SET, WHERE and FROM); the table's primary key is read from one of its shards. Whatever cannot be cut
 * exactly is refused with its reason (100403).
 */
final class JoinedWrite {
    /** The SELECT of keys, then SET values; the write's SQL with {@code ?} for values, then keys. */
    final String select;
    final String write;
    final int keyCount;
    final int valueCount;
    final String target;
    /** A DELETE from several tables: each target's part, its keys in the SELECT's order; else empty. */
    final List<Target> targets;
    /** The statement's placeholders (1-based) in the SELECT's order; those each write binds before its values. */
    final int[] selectParams;
    final int[] writeParams;
    /**
     * An UPDATE of several tables: the SET's columns in its order, and for each of {@link #targets} the indexes of
     * its own among them (its values follow the keys in the SELECT in the same order); null for a DELETE.
     */
    final List<String> setColumns;
    final List<List<Integer>> setsOf;
    /** The statement's IGNORE, kept on each write by key: each row's write is its own statement of the batch. */
    final boolean ignore;
    /** A write to one sharded table that assigns its hint column: rows may change shards ({@link RowMoves}); else null. */
    Moves moves;
    /**
     * When the write keeps some SET values as written: what each of its placeholders takes, in order: a statement
     * parameter ({@code p > 0}) or the row's value {@code -p - 1} (keys first, then values); null: the statement's
     * {@link #writeParams}, then the values, then the keys.
     */
    int[] writeSlots;
    /** Per assignment: its value's place among the SELECT's values, -1 when kept as written; null: in order. */
    int[] valueAt;

    /**
     * What {@link RowMoves} needs besides the write: the target, the SET's columns (unquoted, lower case, in order),
     * and how the new value of an assigned column of the target's row key is found before the write: from the SELECT's
     * values ({@code keySelect} null: the write sets {@code ?}s), or by {@code keySelect}, the SET's own expressions
     * for those columns read from the row by its key ({@code keyAssignments}: which assignments, in its order).
     */
    record Moves(LogicalTable table, Target target, List<String> assigned, String keySelect,
                 List<Integer> keyAssignments, int[] keySelectParams) {
    }

    private JoinedWrite(String select, String write, int keyCount, int valueCount, String target,
                        List<Target> targets, int[] selectParams, int[] writeParams, boolean ignore) {
        this(select, write, keyCount, valueCount, target, targets, selectParams, writeParams, null, null, ignore);
    }

    private JoinedWrite(String select, String write, int keyCount, int valueCount, String target,
                        List<Target> targets, int[] selectParams, int[] writeParams, List<String> setColumns,
                        List<List<Integer>> setsOf, boolean ignore) {
        this.select = select;
        this.write = write;
        this.keyCount = keyCount;
        this.valueCount = valueCount;
        this.target = target;
        this.targets = targets;
        this.selectParams = selectParams;
        this.writeParams = writeParams;
        this.setColumns = setColumns;
        this.setsOf = setsOf;
        this.ignore = ignore;
    }

    /**
     * Whether {@code bound} is an UPDATE or DELETE refused for what it reads besides its target, or for its ORDER BY or
     * LIMIT over several shards.
     */
    static boolean applies(BoundStatement bound, ShardlineException refusal) {
        StatementKind kind = bound.parsed().kind();
        return (kind == StatementKind.UPDATE || kind == StatementKind.DELETE)
                && refusal.code() == ErrorCode.NOT_ALLOWED
                && (bound.parsed().tables().size() > 1 || bound.parsed().orderedWrite()
                && refusal.getMessage().contains(" with ORDER BY or LIMIT ")
                || kind == StatementKind.UPDATE && refusal.getMessage().contains(BoundStatement.MOVES_ROWS));
    }

    /** The statement cut into its SELECT and its write by key; throws 100403 with the reason when it cannot be. */
    static JoinedWrite of(ShardlineConnection connection, BoundStatement bound) throws SQLException {
        ParsedSql parsed = bound.parsed();
        String sql = parsed.sql();
        List<Token> tokens = new ArrayList<>();
        for (Token t : parsed.tokens()) {
            if (t.kind() == TokenKind.HINT_COMMENT || t.kind() == TokenKind.EXECUTABLE_COMMENT) {
                throw refuse("it holds a hint or executable comment, whose meaning would change when it is evaluated"
                        + " in two steps");
            }
            if (!t.isComment()) {
                tokens.add(t);
            }
        }
        WriteClauses cuts = new WriteClauses(sql, tokens);
        if (!cuts.word(0, parsed.kind() == StatementKind.UPDATE ? "UPDATE" : "DELETE")) {
            throw refuse("it does not start with " + parsed.kind() + " (a WITH before it is not evaluated in two steps)");
        }
        return parsed.kind() == StatementKind.UPDATE ? update(connection, bound, cuts) : delete(connection, bound, cuts);
    }

    private static JoinedWrite update(ShardlineConnection connection, BoundStatement bound, WriteClauses c)
            throws SQLException {
        ParsedSql parsed = bound.parsed();
        int i = c.skipModifiers(1);
        boolean ignore = c.ignore(1, i);
        String update = ignore ? "UPDATE IGNORE " : "UPDATE ";
        int set = c.find(i, "SET");
        if (set < 0) {
            throw refuse("its SET clause was not found");
        }
        int where = c.find(set + 1, "WHERE");
        int endOfWhere = c.endOfWhere(where < 0 ? set + 1 : where + 1);
        String refs = c.text(i, set);
        List<Assign> assignments = new ArrayList<>();
        int from = set + 1;
        int stop = where < 0 ? endOfWhere : where;
        for (int k = from; k <= stop; k++) {
            if (k == stop || c.topLevelComma(k)) {
                assignments.add(assignment(c, from, k));
                from = k + 1;
            }
        }
        String tail = tail(parsed, c, endOfWhere);
        String filter = c.whereText(where, endOfWhere);
        if (readsOnlyItsTarget(parsed)) { // ORDER BY/LIMIT over several shards: the server applies SET as written
            Target t = keyed(connection, bound, onlyTable(parsed), onlyOnItsShards(parsed),
                    List.of(onlyTable(parsed)), ignore);
            String select = "SELECT " + t.selectKeys + " FROM " + refs + filter + tail;
            String write = update + refs + " SET " + c.text(set + 1, stop) + recheck(c, where, endOfWhere)
                    + t.writeKeys;
            JoinedWrite w = new JoinedWrite(select, write, t.keyCount(), 0, t.name, List.of(),
                    concat(c.parameterIndexes(i, set), c.parameterIndexes(stop, c.end())),
                    concat(c.parameterIndexes(set + 1, stop), c.parameterIndexes(stop, endOfWhere)), ignore);
            w.moves = moves(bound, onlyTable(parsed), t, c, assignments, refs);
            return w;
        }
        int[] targetOf = targetsOfUpdate(connection, bound, c, i, set, assignments);
        List<Integer> written = new ArrayList<>();
        for (int ref : targetOf) {
            if (!written.contains(ref)) {
                written.add(ref);
            }
        }
        boolean several = written.size() > 1;
        List<String> assigned = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Assign a : assignments) {
            names.add(MySqlText.unquoteIdentifier(a.column).toLowerCase(Locale.ROOT));
        }
        // a target without a key runs in place before any limit of the evaluation applies (NoKey)
        Target t = several ? null : keyed(connection, bound, written.get(0), assignsHint(bound, written.get(0), names),
                written, ignore);
        // one table: MySQL applies the SET left to right, so a value reading a column assigned before it (and no other
        // table: no subquery) is kept as written in the write by key, where the server applies it in that order
        boolean oneTable = outerTables(parsed) == 1;
        int[] valueAt = new int[assignments.size()];
        // a DEFAULT over several tables has no value to read first; refused only once every target has a key (one
        // without runs in one step, where the server takes the default itself)
        ShardlineException noDefault = null;
        int valueCount = 0;
        int[] valueParams = new int[0];
        List<Integer> slots = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (int j = 0; j < assignments.size(); j++) {
            Assign a = assignments.get(j);
            String name = names.get(j);
            if (assigned.contains(targetOf[j] + "." + name)) {
                throw refuse("it sets column " + a.column + " twice");
            }
            for (String other : assigned) {
                int ref = Integer.parseInt(other.substring(0, other.indexOf('.')));
                if (other.endsWith("." + name) && bound.tables().get(ref) == bound.tables().get(targetOf[j])) {
                    throw refuse("it sets column " + name + " of " + bound.tables().get(ref).name() + " through two"
                            + " references; a row reached through both takes one of the values, and MySQL documents no"
                            + " order for the assignments of a multi-table UPDATE");
                }
            }
            boolean keep = false;
            for (int m = 0; m < (several ? names.size() : j); m++) {
                if (m != j && c.mentions(a.from, a.to, names.get(m))) {
                    keep = !several && oneTable && !c.mentions(a.from, a.to, "SELECT");
                    if (!keep) {
                        throw refuse(several ? "the value of " + a.column + " reads " + names.get(m) + ", which the"
                                + " same SET assigns; an UPDATE of several tables is evaluated only when no value reads a"
                                + " column it assigns (MySQL documents no order for assignments to several tables)"
                                : "the value of " + a.column + " reads " + names.get(m) + ", which the same SET"
                                + " assigns before it (MySQL would read the new value) and " + (oneTable ? "it reads"
                                + " a subquery too" : "the UPDATE joins several tables (MySQL documents no order for"
                                + " their assignments)") + "; split it into two statements");
                    }
                }
            }
            if (a.expression.equalsIgnoreCase("DEFAULT")) {
                if (several || !oneTable) {
                    noDefault = refuse("SET " + a.column + " = DEFAULT has no value to read first; write the default"
                            + " value");
                    if (!several) {
                        throw noDefault;
                    }
                }
                keep = true;
            }
            assigned.add(targetOf[j] + "." + name);
            if (keep) {
                valueAt[j] = -1;
                sets.append(sets.length() == 0 ? "" : ", ").append(a.column).append(" = ").append(a.expression);
                for (int p : c.parameterIndexes(a.from, a.to)) {
                    slots.add(p);
                }
            } else {
                valueAt[j] = valueCount++;
                values.append(", ").append(a.expression);
                valueParams = concat(valueParams, c.parameterIndexes(a.from, a.to));
                sets.append(sets.length() == 0 ? "" : ", ").append(a.column).append(" = ?");
                slots.add(-valueAt[j] - 1); // a value of the row, placed after its keys once their count is known
            }
        }
        // the SELECT reads the SET values before the tables: its placeholders are bound in that order
        int[] selectParams = concat(valueParams, c.parameterIndexes(i, set), c.parameterIndexes(stop, c.end()));
        if (several) { // each table's rows get their own values and SQL text: one batch of plain statements
            // (one setting a hint column to a value routing elsewhere moves its row: the batch then runs item by item)
            SeveralTargets targets = severalTargets(connection, bound, written, ignore);
            if (noDefault != null) {
                throw noDefault;
            }
            List<List<Integer>> setsOf = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            for (int ref : written) {
                List<Integer> own = new ArrayList<>();
                for (int j = 0; j < targetOf.length; j++) {
                    if (targetOf[j] == ref) {
                        own.add(j);
                    }
                }
                setsOf.add(own);
            }
            for (Assign a : assignments) {
                columns.add(a.column);
            }
            return new JoinedWrite("SELECT " + targets.selectKeys() + values + " FROM " + refs + filter + tail, null,
                    targets.keyCount(), assignments.size(), targets.name(), targets.parts(), selectParams, new int[0],
                    columns, setsOf, ignore);
        }
        String select = "SELECT " + t.selectKeys + values + " FROM " + refs + filter + tail;
        boolean kept = valueCount < assignments.size();
        // a value kept as written may name the table by its alias
        String write = update + (kept ? refs : t.name) + " SET " + sets + " WHERE " + t.writeKeys;
        JoinedWrite w = new JoinedWrite(select, write, t.keyCount(), valueCount, t.name, List.of(),
                selectParams, new int[0], ignore);
        if (kept) {
            int[] order = new int[slots.size() + t.keyCount()];
            for (int k = 0; k < slots.size(); k++) {
                order[k] = slots.get(k) > 0 ? slots.get(k) : -(t.keyCount() + -slots.get(k) - 1) - 1;
            }
            for (int k = 0; k < t.keyCount(); k++) {
                order[slots.size() + k] = -k - 1;
            }
            w.writeSlots = order;
            w.valueAt = valueAt;
        }
        w.moves = moves(bound, written.get(0), t, c, assignments, null);
        if (w.moves != null && kept) {
            for (int j : w.moves.keyAssignments()) {
                if (valueAt[j] < 0) {
                    throw refuse("it sets key column " + assignments.get(j).column + " of the rows it moves between"
                            + " shards from a column assigned before it, and a moved row is found by its new key,"
                            + " which cannot be read first; split it into two statements");
                }
            }
        }
        return w;
    }

    /**
     * The moves of a write to one table, or null when it does not assign the hint column of a sharded table. With
     * {@code refs} (the SET kept as written), an assigned column of the row key is read first by its own expression,
     * which is exact unless it reads a column assigned before it (MySQL would read the new value): refused.
     */
    private static Moves moves(BoundStatement bound, int ref, Target t, WriteClauses c, List<Assign> assignments,
                               String refs) throws ShardlineException {
        LogicalTable table = bound.tables().get(ref);
        List<String> names = new ArrayList<>();
        for (Assign a : assignments) {
            names.add(MySqlText.unquoteIdentifier(a.column).toLowerCase(Locale.ROOT));
        }
        if (!table.isSharded() || !names.contains(table.hintColumn().toLowerCase(Locale.ROOT))) {
            return null;
        }
        List<Integer> keyAssignments = new ArrayList<>();
        for (int j = 0; j < assignments.size(); j++) {
            if (t.rowKey.stream().anyMatch(names.get(j)::equalsIgnoreCase)) {
                keyAssignments.add(j);
            }
        }
        if (refs == null || keyAssignments.isEmpty()) {
            return new Moves(table, t, names, null, keyAssignments, new int[0]);
        }
        StringBuilder exprs = new StringBuilder();
        int[] params = new int[0];
        for (int j : keyAssignments) {
            Assign a = assignments.get(j);
            for (int m = 0; m < j; m++) {
                if (c.mentions(a.from, a.to, names.get(m))) {
                    throw ShardlineException.notAllowed("this UPDATE moves rows between shards, and the new value of"
                            + " key column " + a.column + " reads " + names.get(m) + ", which the SET assigns before"
                            + " it: Shardline finds a moved row by its new key and cannot read that value first;"
                            + " split it into two statements");
                }
            }
            exprs.append(exprs.length() == 0 ? "" : ", ").append(a.expression);
            params = concat(params, c.parameterIndexes(a.from, a.to));
        }
        return new Moves(table, t, names, "SELECT " + exprs + " FROM " + refs + " WHERE " + t.writeKeys,
                keyAssignments, params);
    }

    /** The targets of a write to several tables, and the SELECT list of all their keys, in the targets' order. */
    private record SeveralTargets(List<Target> parts, String selectKeys, int keyCount) {
        String name() {
            return parts.get(0).name + " and others";
        }
    }

    private static SeveralTargets severalTargets(ShardlineConnection connection, BoundStatement bound,
                                                 List<Integer> refs, boolean ignore) throws SQLException {
        List<Target> parts = new ArrayList<>();
        StringBuilder keys = new StringBuilder();
        int keyCount = 0;
        for (int ref : refs) {
            Target t = keyed(connection, bound, ref, "it writes several tables (each would need its own step)", refs,
                    ignore);
            parts.add(t);
            keys.append(keys.length() == 0 ? "" : ", ").append(t.selectKeys);
            keyCount += t.keyCount();
        }
        return new SeveralTargets(parts, keys.toString(), keyCount);
    }

    private static JoinedWrite delete(ShardlineConnection connection, BoundStatement bound, WriteClauses c)
            throws SQLException {
        ParsedSql parsed = bound.parsed();
        int i = c.skipModifiers(1);
        boolean ignore = c.ignore(1, i);
        String delete = ignore ? "DELETE IGNORE FROM " : "DELETE FROM ";
        int refsStart;
        int refsEnd;
        List<String> targets = new ArrayList<>();
        int where;
        if (c.word(i, "FROM")) {
            int using = c.find(i + 1, "USING");
            where = c.find(i + 1, "WHERE");
            if (using >= 0 && (where < 0 || using < where)) {
                targets = c.list(i + 1, using);
                refsStart = using + 1;
            } else {
                refsStart = i + 1;
            }
        } else {
            int from = c.find(i, "FROM");
            if (from < 0) {
                throw refuse("its FROM was not found");
            }
            targets = c.list(i, from);
            refsStart = from + 1;
            where = c.find(from + 1, "WHERE");
        }
        int endOfWhere = c.endOfWhere(where < 0 ? refsStart : where + 1);
        refsEnd = where < 0 ? endOfWhere : where;
        String tail = tail(parsed, c, endOfWhere);
        String from = " FROM " + c.text(refsStart, refsEnd) + c.whereText(where, endOfWhere) + tail;
        int[] selectParams = c.parameterIndexes(0, c.end());
        List<Integer> refs = targets.isEmpty() ? List.of(onlyTable(parsed)) : targetsOfDelete(parsed, targets);
        if (refs.size() > 1) { // DELETE o, l FROM ..: every target's keys read at once, all deleted in one batch
            SeveralTargets several = severalTargets(connection, bound, refs, ignore);
            return new JoinedWrite("SELECT " + several.selectKeys() + from, null, several.keyCount(), 0,
                    several.name(), several.parts(), selectParams, new int[0], ignore);
        }
        Target t = keyed(connection, bound, refs.get(0), targets.isEmpty() && readsOnlyItsTarget(parsed)
                ? onlyOnItsShards(parsed) : null, refs, ignore);
        if (targets.isEmpty() && readsOnlyItsTarget(parsed)) { // ORDER BY/LIMIT over several shards
            String write = delete + c.text(refsStart, refsEnd) + recheck(c, where, endOfWhere) + t.writeKeys;
            return new JoinedWrite("SELECT " + t.selectKeys + from, write, t.keyCount(), 0, t.name, List.of(),
                    selectParams, c.parameterIndexes(refsEnd, endOfWhere), ignore);
        }
        String write = delete + t.name + " WHERE " + t.writeKeys;
        return new JoinedWrite("SELECT " + t.selectKeys + from, write, t.keyCount(), 0, t.name, List.of(),
                selectParams, new int[0], ignore);
    }

    /**
     * The statement reads no table but its target: it was refused for its ORDER BY or LIMIT over several shards (or
     * broadcast copies). Its rows are then chosen by the SELECT (the merge's exact ORDER BY and LIMIT) and each is
     * written by its key with the statement's own SET, so the server evaluates it as MySQL's single-table UPDATE does.
     */
    private static boolean readsOnlyItsTarget(ParsedSql parsed) {
        return parsed.tables().size() == 1;
    }

    /**
     * A write by key of a row the SELECT chose still requires the statement's WHERE: a row changed meanwhile so that
     * it no longer matches is left alone, as the one statement would leave it.
     */
    private static String recheck(WriteClauses c, int where, int endOfWhere) {
        return where < 0 ? " WHERE " : " WHERE (" + c.text(where + 1, endOfWhere) + ") AND ";
    }

    /** The ORDER BY and LIMIT after the WHERE, for the SELECT; refused on a multi-table write, as MySQL refuses it. */
    private static String tail(ParsedSql parsed, WriteClauses c, int endOfWhere) throws ShardlineException {
        if (endOfWhere >= c.end()) {
            return "";
        }
        if (outerTables(parsed) != 1) {
            throw refuse("ORDER BY and LIMIT are not allowed on a write of several tables (MySQL refuses them too)");
        }
        return " " + c.text(endOfWhere, c.end());
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int k = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    /** {@code [qualifier.]column = expression}; the expression spans tokens {@code [from, to)}. */
    private record Assign(String qualifier, String column, String expression, int from, int to) {
    }

    /** {@code [qualifier.]column = expression} between tokens {@code from} and {@code to} (exclusive). */
    private static Assign assignment(WriteClauses c, int from, int to) throws ShardlineException {
        int eq = -1;
        for (int k = from; k < to; k++) {
            if (c.symbol(k, "=")) {
                eq = k;
                break;
            }
        }
        if (eq < 0 || eq == to - 1) {
            throw refuse("an assignment of its SET was not understood");
        }
        String column = c.text(from, eq).strip();
        String qualifier = null;
        if (eq - from == 3 && c.tokens.get(from + 1).kind() == TokenKind.DOT) {
            qualifier = MySqlText.unquoteIdentifier(c.tokens.get(from).text(c.sql));
            column = c.tokens.get(from + 2).text(c.sql);
        } else if (eq - from != 1) {
            throw refuse("the assigned column " + column + " was not understood; write column or alias.column");
        }
        return new Assign(qualifier, column, c.text(eq + 1, to).strip(), eq + 1, to);
    }

    /**
     * The table each assignment writes: its qualifier's, or for an unqualified column in a statement of several tables
     * the one table of its FROM that has a column of that name (read from one shard of each); none or several:
     * refused (MySQL: unknown or ambiguous column).
     */
    private static int[] targetsOfUpdate(ShardlineConnection connection, BoundStatement bound, WriteClauses c,
                                         int refsFrom, int refsTo, List<Assign> assignments) throws SQLException {
        ParsedSql parsed = bound.parsed();
        int[] out = new int[assignments.size()];
        Map<Integer, List<String>> columns = new LinkedHashMap<>();
        for (int j = 0; j < out.length; j++) {
            Assign a = assignments.get(j);
            if (outerTables(parsed) == 1) {
                out[j] = onlyTable(parsed);
            } else if (a.qualifier != null) {
                out[j] = byExposedName(parsed, a.qualifier);
            } else {
                if (c.mentions(refsFrom, refsTo, "SELECT")) {
                    throw refuse("it reads a derived table and assigns the unqualified column " + a.column + "; write"
                            + " alias.column so the target table is clear");
                }
                String name = MySqlText.unquoteIdentifier(a.column);
                List<Integer> owners = new ArrayList<>();
                for (int k = 0; k < parsed.tables().size(); k++) {
                    if (parsed.tables().get(k).scope() == 0) {
                        LogicalTable t = bound.tables().get(k);
                        List<String> own = columns.get(k);
                        if (own == null) {
                            own = InsertColumnList.columns(connection, bound.topology(),
                                    t.isSharded() ? t.firstShard() : t.copies().get(0));
                            columns.put(k, own);
                        }
                        if (own.stream().anyMatch(name::equalsIgnoreCase)) {
                            owners.add(k);
                        }
                    }
                }
                if (owners.size() != 1) {
                    throw refuse("its unqualified column " + a.column + (owners.isEmpty() ? " is in none of its tables"
                            : " is in several of its tables (MySQL: ambiguous)") + "; write alias.column");
                }
                out[j] = owners.get(0);
            }
        }
        return out;
    }

    private static List<Integer> targetsOfDelete(ParsedSql parsed, List<String> targets) throws ShardlineException {
        List<Integer> found = new ArrayList<>();
        for (String name : targets) {
            int ref = byExposedName(parsed, name);
            if (!found.contains(ref)) {
                found.add(ref);
            }
        }
        return found;
    }

    private static int outerTables(ParsedSql parsed) {
        int n = 0;
        for (TableRef t : parsed.tables()) {
            n += t.scope() == 0 ? 1 : 0;
        }
        return n;
    }

    private static int onlyTable(ParsedSql parsed) throws ShardlineException {
        for (int k = 0; k < parsed.tables().size(); k++) {
            if (parsed.tables().get(k).scope() == 0) {
                return k;
            }
        }
        throw refuse("its target table was not found");
    }

    private static int byExposedName(ParsedSql parsed, String name) throws ShardlineException {
        String bare = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
        bare = MySqlText.unquoteIdentifier(bare.substring(bare.lastIndexOf('.') + 1));
        int found = -1;
        for (int k = 0; k < parsed.tables().size(); k++) {
            TableRef t = parsed.tables().get(k);
            if (t.scope() == 0 && t.exposedName().equalsIgnoreCase(bare)) {
                if (found >= 0) {
                    throw refuse("its target " + name + " names two tables");
                }
                found = k;
            }
        }
        if (found < 0) {
            throw refuse("its target " + name + " names no table of its FROM");
        }
        return found;
    }

    /**
     * The target's name as written, its key columns (the hint column first, then the primary key's others) as the
     * SELECT reads them and as the write compares them, and whether its servers are H2 (how its literals are written).
     */
    record Target(String name, String selectKeys, String writeKeys, List<String> keyColumns, boolean h2,
                  List<String> rawKeys, List<String> rowKey) {
        int keyCount() {
            return keyColumns.size();
        }
    }

    /**
     * A target without a key: the write runs in place on each of its shards ({@link InPlaceWrite}), or, when
     * {@link #oneStep} says why that would not be the statement, in one step over all of them ({@link OneStepWrite}).
     */
    static final class NoKey extends ShardlineException {
        /** The reference without a key; every reference the statement writes (it among them). */
        final int ref;
        final List<Integer> targets;
        /** Why a step per shard of {@link #ref} would not be the statement; null when nothing says so yet. */
        final String oneStep;
        /** The statement's IGNORE. */
        final boolean ignore;

        NoKey(int ref, String message) {
            this(ref, message, List.of(ref), null, false);
        }

        NoKey(int ref, String message, List<Integer> targets, String oneStep, boolean ignore) {
            super(ErrorCode.NOT_ALLOWED, message);
            this.ref = ref;
            this.targets = List.copyOf(targets);
            this.oneStep = oneStep;
            this.ignore = ignore;
        }
    }

    private static String assignsHint(BoundStatement bound, int ref, List<String> names) {
        LogicalTable t = bound.tables().get(ref);
        return t.hasHintColumn() && names.contains(t.hintColumn().toLowerCase(Locale.ROOT)) ? "it assigns the hint"
                + " column " + t.hintColumn() + ", which would leave rows on the wrong shard" : null;
    }

    /** Why a write of its target alone, refused for ORDER BY/LIMIT or a moved row, is not run in place either. */
    private static String onlyOnItsShards(ParsedSql parsed) {
        return parsed.orderedWrite() ? "its ORDER BY or LIMIT reaches several shards of it, where a LIMIT per shard is"
                + " not the statement's" : "it assigns the hint column, which would leave rows on the wrong shard";
    }

    /**
     * The target, which has a key; else {@link NoKey} naming every target of the statement ({@code targets}) and, in
     * {@code notInPlace}, why a step per shard would not be the statement (it then runs in one step).
     */
    private static Target keyed(ShardlineConnection connection, BoundStatement bound, int ref, String notInPlace,
                                List<Integer> targets, boolean ignore) throws SQLException {
        try {
            return target(connection, bound, ref);
        } catch (NoKey e) {
            throw new NoKey(e.ref, e.reason(), targets, notInPlace, ignore);
        }
    }

    private static Target target(ShardlineConnection connection, BoundStatement bound, int ref) throws SQLException {
        TableRef r = bound.parsed().tables().get(ref);
        LogicalTable t = bound.tables().get(ref);
        if (t.isSharded() && !t.hasHintColumn()) {
            throw refuse("its target " + t.name() + " has no hint column to write its rows by");
        }
        Shard shard = t.isSharded() ? t.firstShard() : t.copies().get(0);
        List<String> primaryKey = rowKey(connection, bound, shard);
        if (primaryKey.isEmpty()) {
            throw new NoKey(ref, refuse("its target " + t.name() + " has no PRIMARY KEY and no UNIQUE key of NOT NULL"
                    + " columns, so two of its rows could be equal in every column and cannot be written one by one")
                    .reason());
        }
        List<String> keys = new ArrayList<>();
        if (t.isSharded()) {
            keys.add(t.hintColumn());
        }
        for (String pk : primaryKey) {
            if (keys.stream().noneMatch(pk::equalsIgnoreCase)) {
                keys.add(pk);
            }
        }
        String qualifier = identifier(r.exposedName());
        StringBuilder select = new StringBuilder();
        StringBuilder write = new StringBuilder();
        for (String k : keys) {
            select.append(select.length() == 0 ? "" : ", ").append(qualifier).append('.').append(identifier(k));
            write.append(write.length() == 0 ? "" : " AND ").append(identifier(k)).append(" = ?");
        }
        List<String> columns = new ArrayList<>();
        for (String k : keys) {
            columns.add(identifier(k));
        }
        return new Target(bound.parsed().sql().substring(r.start(), r.end()), select.toString(), write.toString(),
                columns, Gather.isH2(bound.topology(), shard.serverId()), keys, primaryKey);
    }

    /** The columns naming one row ({@link RowKey}), read outside any transaction (not transactional). */
    private static List<String> rowKey(ShardlineConnection connection, BoundStatement bound, Shard shard)
            throws SQLException {
        Lease lease = connection.runtime().pools().borrow(bound.topology().server(shard.serverId()));
        try {
            return RowKey.columns(lease.connection().getMetaData(), shard.database(), shard.table());
        } catch (SQLException e) {
            throw Errors.physical(e, lease, shard.database());
        } finally {
            lease.release();
        }
    }

    /** A plain word as it is, anything else in back quotes. */
    private static String identifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_$]*") ? name : MySqlText.quoteIdentifier(name);
    }

    /**
     * For EXPLAIN SHARDLINE: the two steps, the SELECT's own plan indented under the first. With subqueries, one that
     * runs on its own is substituted as rows instead ({@link SubqueryValues}); which one applies shows only by running.
     */
    String describe(String reason, String selectPlan, boolean subqueries) {
        return "WriteByKey(because: " + reason + ")"
                + (subqueries ? "\n  (if every subquery runs on its own, its rows replace it instead and the statement"
                + " plans again; this is the plan when one does not)" : "")
                + "\n  1. evaluate: " + select + "\n    " + selectPlan.replace("\n", "\n    ")
                + (moves != null ? "\n  2. write each row of " + target + " by its key on its own shard: " + write
                + "\n  3. read each written row back by its key; a row whose new " + moves.table().hintColumn()
                + " routes to another shard is deleted there and inserted on that shard (all rows one atomic unit)"
                + (ignore ? "; IGNORE: row by row in the SELECT's order, a row meeting a duplicate key on its new shard"
                + " rolled back to a savepoint taken before its write, so it stays unchanged" : "")
                : targets.isEmpty() ? "\n  2. write each row of " + target + " by its key, one batch item per row"
                + " (one atomic unit): " + write : "\n  2. " + (setColumns == null ? "delete" : "update") + " each row of "
                + targets.stream().map(Target::name).toList() + " by its key, one batch item per row (one atomic unit)");
    }

    static ShardlineException refuse(String why) {
        return ShardlineException.notAllowed("this write reads other tables than its target and is evaluated first,"
                + " then written by key; but " + why);
    }
}
