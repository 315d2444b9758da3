package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.plan.ParamSource;
import io.shardline.router.plan.PlanContext;
import io.shardline.router.route.Hint;
import io.shardline.router.route.HintValue;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.Assignment;
import io.shardline.router.sql.MySqlText;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An UPDATE or DELETE with a target without a key ({@link JoinedWrite.NoKey}) that a step per target shard would not
 * answer (several targets, ORDER BY/LIMIT over several shards, a SET of the hint column, a broadcast target, the target
 * read again). Rows equal in every column cannot be told apart, so only each physical table's multiset of rows is
 * observable; the statement runs once, as written, on one evaluation server over copies of every table it reads (a
 * {@link GatherPlan} whose written references are always copied, each row numbered and marked with the physical table
 * it came from), so the server applies MySQL's own semantics (SET order, ORDER BY, LIMIT, IGNORE, DEFAULT, conversions,
 * ON UPDATE). Each written copy is then compared with a snapshot taken before the statement, and every row it changed
 * or deleted is written back to its own physical table by its old values ({@code UPDATE .. SET <changed columns> WHERE
 * <every column> <=> ? LIMIT 1}, {@code DELETE .. LIMIT 1}; n equal writes as one, {@code LIMIT n}). The old values
 * are a sub-multiset of the table, so each write finds its rows whatever ran before it, and whichever of equal rows it
 * takes, the table ends as its rows minus the old values plus the new ones: the order of the writes does not matter.
 * A row whose new hint value routes elsewhere is deleted there and
 * inserted on its new shard; a broadcast table gets the same writes on every copy. All of it is one atomic unit
 * ({@link MoveLanes}); a write that finds no row (another client changed it since it was copied) undoes everything.
 * The count is the evaluation server's. Used by one thread.
 */
final class OneStepWrite {
    /** The hidden columns of a written copy: its row's number, and its physical table's place among the source's. */
    static final String ROW = "shardline_row";
    static final String ORIGIN = "shardline_origin";
    private static final int MAX_NAME = 64;

    private final GatherPlan gather;
    /** The written references, in the statement's order. */
    private final Set<Integer> written;
    private final BoundStatement bound;
    private final boolean ignore;
    private final boolean h2;

    /** How a column's old value is read and compared: exactly, whatever its type's collation or text form. */
    private enum Form { PLAIN, FLOAT, STRING }

    /**
     * A written copy (of one written reference, or of a table written through several, which share it): its snapshot,
     * the columns written back (the server generates the others), the table that references it by a FOREIGN KEY (null:
     * none), and what its copy declares after its columns (the hidden columns, and with IGNORE its UNIQUE keys).
     */
    record Target(GatherPlan.Source source, LogicalTable table, String before, List<String> columns,
                          String referencedBy, List<String> declared, boolean moves) {

        /** Its rows' new places after the first run (row number to origin): see {@link IgnoredMoves}. */
        String map() {
            return before.replaceFirst("^shardline_before_", "shardline_dest_");
        }
    }

    /**
     * One write on one physical table ({@code sql} without its LIMIT), made {@code times} times: equal writes are one
     * statement, {@code LIMIT times} (an INSERT runs that many times). Their order does not matter (see the class).
     */
    private record Write(Shard shard, String sql, Object[] values, boolean inserts, String what, int times) {
        Write(Shard shard, String sql, Object[] values, boolean inserts, String what) {
            this(shard, sql, values, inserts, what, 1);
        }

        /** What makes two writes the same: the table, the statement, the values (bytes by their text). */
        List<Object> key() {
            List<Object> key = new ArrayList<>(values.length + 2);
            key.add(shard);
            key.add(sql);
            for (Object v : values) {
                key.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
            }
            return key;
        }
    }

    private OneStepWrite(GatherPlan gather, Set<Integer> written, BoundStatement bound, boolean ignore) {
        this.gather = gather;
        this.written = written;
        this.bound = bound;
        this.ignore = ignore;
        this.h2 = Gather.isH2(bound.topology(), gather.serverId());
    }

    /** The statement's plan: its gather, or 100403 with the reason. {@code why}: why one step over all shards. */
    static OneStepWrite plan(ShardlineConnection connection, BoundStatement bound, JoinedWrite.NoKey keyless,
                             String why, ParamSource params, Hint hint, PlanContext context) throws SQLException {
        String reason = keyless.reason().substring(keyless.reason().indexOf(" but ") + 5)
                + "; it runs in one step over all of its shards, since " + why;
        Set<Integer> whole = new LinkedHashSet<>(); // rows may move: the shards they move to are copied whole
        for (int ref : keyless.targets) {
            LogicalTable t = bound.tables().get(ref);
            if (keyless.ignore && t.isSharded() && assigns(bound, t.hintColumn(), Set.of(ref))) {
                whole.add(ref);
            }
        }
        GatherPlan g = bound.oneStepWrite(new LinkedHashSet<>(keyless.targets), whole, params, hint, context, reason);
        if (!connection.autoCommitMode() && Gather.isH2(bound.topology(), g.serverId())) {
            throw ShardlineException.notAllowed(reason + "; it would copy rows into temporary tables, which an H2"
                    + " server cannot drop inside a transaction without committing it; run it outside the transaction");
        }
        return new OneStepWrite(g, new LinkedHashSet<>(keyless.targets), bound, keyless.ignore);
    }

    /** The hidden columns of a written copy, as its temporary table declares them. */
    static List<String> markColumns() {
        return List.of(ROW + " BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", ORIGIN + " INT NOT NULL");
    }

    /** Runs the statement as one atomic unit; answers the evaluation server's count. */
    long run(ShardlineConnection connection, LogicalStatement owner, Deadline deadline,
             LogicalStatement.Binder binder) throws SQLException {
        Topology topology = bound.topology();
        List<Target> targets = targets(connection, topology);
        long limit = connection.runtime().maxWriteValues();
        MoveLanes lanes = new MoveLanes(connection, topology);
        return lanes.run(() -> {
            Lease eval = lanes.lease(gather.serverId(), gather.database(), false, gather.sql());
            lanes.atEnd(gather.serverId(), l -> drop(l, targets, topology));
            Map<Integer, List<String>> marked = new HashMap<>();
            for (int ref : written) {
                for (Target t : targets) {
                    if (t.source.temp().equals(gather.sources().get(ref).temp())) {
                        marked.put(ref, t.declared);
                    }
                }
            }
            Gather.fill(connection, owner, gather, topology, deadline, eval, 0, marked);
            for (Target t : targets) {
                execute(eval, (h2 ? "CREATE LOCAL TEMPORARY TABLE " + name(t.before) + " TRANSACTIONAL AS"
                        : "CREATE TEMPORARY TABLE " + name(t.before) + " AS") + " SELECT * FROM "
                        + name(t.source.temp()));
            }
            try {
                // MariaDB resolves a multi-table UPDATE's or DELETE's targets (temporary tables too) against the
                // default database; every name sent is qualified, so it changes nothing else
                if (!h2 && (eval.connection().getCatalog() == null || eval.connection().getCatalog().isEmpty())) {
                    eval.connection().setCatalog(gather.database());
                }
            } catch (SQLException e) {
                throw Errors.physical(e, eval, gather.database());
            }
            List<Target> moving = targets.stream().filter(Target::moves).toList();
            long count = moving.isEmpty() ? statement(eval, gather.sql(), owner, deadline, binder)
                    : new IgnoredMoves(this, singleTableUpdate()).run(eval, gather.sql(), moving,
                            sql -> statement(eval, sql, owner, deadline, binder));
            TreeMap<Integer, Map<List<Object>, Write>> writes = new TreeMap<>();
            long held = 0;
            for (Target t : targets) {
                held = changes(eval, t, writes, held, limit);
            }
            for (Map<List<Object>, Write> server : writes.values()) { // ascending server id: every unit's lock order
                List<Write> ordered = new ArrayList<>(server.values());
                ordered.sort(java.util.Comparator.comparingInt(OneStepWrite::rank));
                writeBack(lanes, ordered);
            }
            return count;
        });
    }

    /** Runs {@code sql} (the statement over the copies) on the evaluation server; answers its count. */
    private long statement(Lease eval, String sql, LogicalStatement owner, Deadline deadline,
                           LogicalStatement.Binder binder) throws SQLException {
        try (PreparedStatement ps = eval.connection().prepareStatement(sql)) {
            if (binder != null) {
                binder.bind(ps);
            }
            owner.applyUnitSettings(ps, eval, deadline);
            return ps.executeLargeUpdate();
        } catch (SQLException e) {
            throw e instanceof ShardlineException ? e : Errors.physical(e, eval, gather.database());
        }
    }

    /** Whether the statement is an UPDATE of one table (its subqueries may read others). */
    private boolean singleTableUpdate() {
        var parsed = bound.parsed();
        if (parsed.kind() != io.shardline.router.sql.StatementKind.UPDATE || written.size() != 1) {
            return false;
        }
        int scope = parsed.tables().get(written.iterator().next()).scope();
        return parsed.tables().stream().filter(r -> r.scope() == scope).count() == 1;
    }

    /**
     * Each written copy's snapshot, columns and declarations; refused where a write back by value would not be exact.
     * Read before anything runs.
     */
    private List<Target> targets(ShardlineConnection connection, Topology topology) throws SQLException {
        List<Target> out = new ArrayList<>();
        Set<String> copies = new java.util.HashSet<>();
        for (int ref : written) {
            GatherPlan.Source s = gather.sources().get(ref);
            if (!copies.add(s.temp())) {
                continue; // the same table through another reference: one copy, written back once
            }
            Shard definition = s.definition();
            Lease lease = connection.runtime().pools().borrow(topology.server(definition.serverId()));
            List<String> columns;
            String referencedBy;
            try {
                DatabaseMetaData md = lease.connection().getMetaData();
                columns = RowMoves.columns(md, definition.database(), null, definition.table());
                if (columns.isEmpty()) {
                    columns = RowMoves.columns(md, null, definition.database(), definition.table());
                }
                refuseGeneratedAssigned(md, definition, s.table(), sharing(s.temp()));
                referencedBy = referencedBy(md, definition);
            } catch (SQLException e) {
                throw e instanceof ShardlineException ? e : Errors.physical(e, lease, definition.database());
            } finally {
                lease.release();
            }
            List<String> declared = new ArrayList<>(markColumns());
            boolean moves = false;
            if (ignore) {
                moves = s.logical().isSharded() && assigns(bound, s.logical().hintColumn(), sharing(s.temp()));
                List<String> keys = CopyKeys.uniqueKeys(connection, topology, s, h2,
                        moves ? IgnoredMoves.SCOPE : ORIGIN);
                moves &= !keys.isEmpty();
                if (moves) {
                    if (sharing(s.temp()).size() > 1) {
                        throw refuse("with IGNORE, a row of " + s.table() + " whose " + s.logical().hintColumn()
                                + " it sets must meet the rows of the shard it moves to, which Shardline checks by"
                                + " writing each row the first run changed once, with all its changes, while MySQL"
                                + " writes a row reached through two references of one table as two writes, either of"
                                + " which IGNORE may skip; write " + s.table() + " through one reference, or drop"
                                + " IGNORE");
                    }
                    declared.add(IgnoredMoves.SCOPE + " INT NULL"); // NULL: its keys bite once IgnoredMoves sets it
                }
                declared.addAll(keys);
            }
            String before = "shardline_before_" + ref + "_" + s.table();
            if (referencedBy != null && written.size() > 1) {
                throw refuse("table " + referencedBy + " references " + s.table() + " by a FOREIGN KEY, and MySQL"
                        + " may write the tables of a multi-table write in an order that breaks it (the statement then"
                        + " fails, or not, by the plan it takes)");
            }
            out.add(new Target(s, s.logical(), before.length() <= MAX_NAME ? before : before.substring(0, MAX_NAME),
                    columns, referencedBy, List.copyOf(declared), moves));
        }
        return out;
    }

    /**
     * The table that references {@code shard}'s table by a FOREIGN KEY, or null: the write back acts on it row by row on
     * the row's own shard, as the statement would (a cascade, a refusal), except where the statement writes several
     * tables or a row moves to another shard.
     */
    private static String referencedBy(DatabaseMetaData md, Shard shard) throws SQLException {
        for (String[] place : new String[][] {{shard.database(), null}, {null, shard.database()}}) {
            try (ResultSet rs = md.getExportedKeys(place[0], place[1], shard.table())) {
                if (rs.next()) {
                    return rs.getString("FKTABLE_NAME");
                }
            }
        }
        return null;
    }

    /**
     * A generated column is a plain column in the copy: a SET of it would be taken there and never written back, where
     * MySQL refuses it (or, outside strict mode, ignores it with a warning): refused, naming it, before anything runs.
     */
    private void refuseGeneratedAssigned(DatabaseMetaData md, Shard shard, String table, Set<Integer> refs)
            throws SQLException {
        for (String[] place : new String[][] {{shard.database(), null}, {null, shard.database()}}) {
            boolean found = false; // MySQL names the database as the catalog, H2 as the schema: the first that answers
            try (ResultSet rs = md.getColumns(place[0], place[1], shard.table(), null)) {
                while (rs.next()) {
                    found = true;
                    String column = rs.getString("COLUMN_NAME");
                    if ("YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN")) && assigns(column, refs)) {
                        throw refuse("it sets " + column + " of " + table + ", a generated column, which its copy"
                                + " would take as a plain one and which is never written back; set the columns it is"
                                + " generated from");
                    }
                }
            }
            if (found) {
                return;
            }
        }
    }

    /** The written references whose copy is {@code temp}. */
    private Set<Integer> sharing(String temp) {
        Set<Integer> out = new java.util.HashSet<>();
        for (int ref : written) {
            if (gather.sources().get(ref).temp().equals(temp)) {
                out.add(ref);
            }
        }
        return out;
    }

    /** Whether the statement's SET assigns {@code column} of one of {@code refs} (unqualified: of any, to be safe). */
    private boolean assigns(String column, Set<Integer> refs) {
        return assigns(bound, column, refs);
    }

    private static boolean assigns(BoundStatement bound, String column, Set<Integer> refs) {
        for (Assignment a : bound.parsed().assignments()) {
            if (a.onDuplicate() || !a.column().column().equalsIgnoreCase(column)) {
                continue;
            }
            if (a.column().qualifier() == null) {
                return true;
            }
            for (int ref : refs) {
                if (bound.parsed().tables().get(ref).exposedName().equalsIgnoreCase(a.column().qualifier())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Reads the rows of {@code t}'s copy the statement changed or deleted (a snapshot row whose number is gone, or whose
     * values differ in any column, byte for byte) and adds their writes back; answers the values held so far.
     */
    private long changes(Lease eval, Target t, Map<Integer, Map<List<Object>, Write>> writes, long held, long limit)
            throws SQLException {
        Form[] forms = forms(eval, t);
        int n = t.columns.size();
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        for (int j = 0; j < n; j++) {
            String c = MySqlText.quoteIdentifier(t.columns.get(j));
            old.append(", ").append(read("b." + c, forms[j]));
            now.append(", ").append(read("a." + c, forms[j]));
            if (forms[j] == Form.STRING && !h2) {
                old.append(", HEX(b.").append(c).append(')');
            }
        }
        String sql = "SELECT b." + ORIGIN + ", a." + ROW + " IS NULL" + old + now + " FROM " + name(t.before)
                + " AS b LEFT JOIN " + name(t.source.temp()) + " AS a ON a." + ROW + " = b." + ROW + " WHERE a." + ROW
                + " IS NULL OR NOT (" + sameRow(t.columns, h2) + ") ORDER BY b." + ROW;
        int width = n + (h2 ? 0 : (int) Arrays.stream(forms).filter(f -> f == Form.STRING).count());
        try (PreparedStatement ps = Cursors.prepare(eval.connection(), sql, Cursors.DEFAULT_ROWS, eval.server());
             ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            ServerValues.Kind[] kinds = new ServerValues.Kind[md.getColumnCount()];
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = ServerValues.kind(md, i + 1);
            }
            while (rs.next()) {
                held += width + n;
                if (held > limit) {
                    throw refuse("it changes more rows than maxWriteValues (" + limit + " values: rows times columns)"
                            + " lets Shardline hold to write them back; raise the URL parameter maxWriteValues or"
                            + " write in parts");
                }
                int origin = rs.getInt(1);
                boolean gone = rs.getBoolean(2);
                Object[] before = new Object[width];
                Object[] after = new Object[n];
                int p = 3;
                for (int j = 0, k = 0; j < n; j++) {
                    before[k++] = value(rs, p, forms[j], kinds[p - 1]);
                    p++;
                    if (forms[j] == Form.STRING && !h2) {
                        before[k++] = rs.getString(p++);
                    }
                }
                for (int j = 0; j < n; j++, p++) {
                    after[j] = value(rs, p, forms[j], kinds[p - 1]);
                }
                add(t, forms, t.source.shards().isEmpty() ? null : t.source.shards().get(origin), gone, before, after,
                        writes);
            }
        } catch (SQLException e) {
            throw e instanceof ShardlineException ? e : Errors.physical(e, eval, gather.database());
        }
        return held;
    }

    /** The form of each written column, from the snapshot's own metadata. */
    private Form[] forms(Lease eval, Target t) throws SQLException {
        Form[] forms = new Form[t.columns.size()];
        try (Statement s = eval.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + name(t.before) + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Integer> types = new HashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                types.put(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT), md.getColumnType(i));
            }
            for (int j = 0; j < forms.length; j++) {
                Integer type = types.get(t.columns.get(j).toLowerCase(java.util.Locale.ROOT));
                if (type == null) {
                    throw refuse("column " + t.columns.get(j) + " of " + t.source.table() + " was not copied");
                }
                forms[j] = switch (type) {
                    case Types.REAL, Types.FLOAT, Types.DOUBLE -> Form.FLOAT;
                    case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
                         Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> Form.STRING;
                    default -> Form.PLAIN;
                };
            }
        }
        return forms;
    }

    /** A FLOAT's text is rounded (1.0000001 reads '1'): it is read as the DOUBLE it widens to, exactly. */
    private static String read(String column, Form form) {
        return form == Form.FLOAT ? "CAST(" + column + " AS DOUBLE)" : column;
    }

    private static Object value(ResultSet rs, int column, Form form, ServerValues.Kind kind) throws SQLException {
        if (form == Form.FLOAT) {
            double d = rs.getDouble(column);
            return rs.wasNull() ? null : d;
        }
        return ServerValues.read(rs, column, kind);
    }

    /** The writes back of one changed or deleted row of {@code t}, which came from {@code from}. */
    private void add(Target t, Form[] forms, Shard from, boolean gone, Object[] before, Object[] after,
                     Map<Integer, Map<List<Object>, Write>> writes) throws ShardlineException {
        LogicalTable table = t.table;
        String match = match(t, forms);
        List<Shard> places = table.isSharded() ? List.of(from) : table.isBroadcast() ? table.copies()
                : List.of(table.copies().get(0));
        if (gone) {
            for (Shard s : places) {
                add(writes, new Write(s, "DELETE FROM " + physical(s) + " WHERE " + match, before, false,
                        "deleted"));
            }
            return;
        }
        List<Integer> changed = new ArrayList<>();
        for (int j = 0; j < after.length; j++) {
            if (!sameValue(old(before, forms, j), after[j])) {
                changed.add(j);
            }
        }
        if (changed.isEmpty()) {
            return; // equal as Java reads them: the server compared text forms only (-0 and 0)
        }
        if (table.isSharded() && movesHint(t, changed)) {
            Shard to = locate(table, after[indexOf(t.columns, table.hintColumn())]);
            if (!to.equals(from)) {
                if (t.referencedBy != null) {
                    throw refuse("table " + t.referencedBy + " references " + table.name() + " by a FOREIGN KEY, which"
                            + " would see a row moving to another shard deleted from its old one");
                }
                add(writes, new Write(from, "DELETE FROM " + physical(from) + " WHERE " + match, before,
                        false, "moved"));
                add(writes, new Write(to, "INSERT INTO " + physical(to) + " (" + list(t.columns) + ") VALUES ("
                        + "?, ".repeat(t.columns.size() - 1) + "?)", after, true, "moved"));
                return;
            }
        }
        StringBuilder set = new StringBuilder();
        Object[] values = new Object[changed.size() + before.length];
        int k = 0;
        for (int j : changed) {
            set.append(k == 0 ? "" : ", ").append(MySqlText.quoteIdentifier(t.columns.get(j))).append(" = ?");
            values[k++] = after[j];
        }
        System.arraycopy(before, 0, values, k, before.length);
        for (Shard s : places) {
            add(writes, new Write(s, "UPDATE " + physical(s) + " SET " + set + " WHERE " + match, values,
                    false, "changed"));
        }
    }

    private static void add(Map<Integer, Map<List<Object>, Write>> writes, Write w) {
        writes.computeIfAbsent(w.shard.serverId(), k -> new java.util.LinkedHashMap<>()).merge(w.key(), w,
                (a, b) -> new Write(a.shard, a.sql, a.values, a.inserts, a.what, a.times + 1));
    }

    /** The old value of column {@code j} in {@code before} (which holds a hex text after each string's value). */
    private Object old(Object[] before, Form[] forms, int j) {
        int k = 0;
        for (int i = 0; i < j; i++) {
            k += forms[i] == Form.STRING && !h2 ? 2 : 1;
        }
        return before[k];
    }

    private static boolean sameValue(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }

    private static boolean movesHint(Target t, List<Integer> changed) {
        int at = indexOf(t.columns, t.table.hintColumn());
        return at >= 0 && changed.contains(at);
    }

    static Shard locate(LogicalTable table, Object hint) throws ShardlineException {
        try {
            return HintValue.ofStored(hint, table).locate(table);
        } catch (RuntimeException e) {
            throw refuse("its new " + table.hintColumn() + " " + hint + " routes to no shard of " + table.name());
        }
    }

    /**
     * A row found by every column's old value, null-safe: a string also by its bytes (HEX: 'a' and 'A' are equal under a
     * case-insensitive collation, not as written), a FLOAT as the DOUBLE it widens to. H2 compares strings exactly.
     */
    private String match(Target t, Form[] forms) {
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < forms.length; j++) {
            String c = MySqlText.quoteIdentifier(t.columns.get(j));
            b.append(j == 0 ? "" : " AND ").append(h2 ? c + " IS NOT DISTINCT FROM ?" : c + " <=> ?");
            if (forms[j] == Form.STRING && !h2) {
                b.append(" AND HEX(").append(c).append(") <=> ?");
            }
        }
        return b.toString();
    }

    /**
     * Deletes, then updates, then inserts: a table with UNIQUE keys holds the copy's final rows at the end in any order,
     * but not always on the way (a row moving in where another moved out, in the copy, after it), and the deletes free
     * every old place first.
     */
    private static int rank(Write w) {
        return w.inserts ? 2 : w.sql.startsWith("DELETE") ? 0 : 1;
    }

    /** One server's writes; each must find as many rows as it is made times (an INSERT writes one a time). */
    private static void writeBack(MoveLanes lanes, java.util.Collection<Write> writes) throws SQLException {
        Map<String, PreparedStatement> prepared = new HashMap<>();
        Lease lease = null;
        try {
            for (Write w : writes) {
                String sql = w.inserts ? w.sql : w.sql + " LIMIT " + w.times;
                lease = lanes.lease(w.shard, w.inserts, sql);
                PreparedStatement ps = prepared.get(sql);
                if (ps == null) {
                    ps = lease.connection().prepareStatement(sql);
                    prepared.put(sql, ps);
                }
                for (int i = 0; i < w.values.length; i++) {
                    ServerValues.bind(ps, i + 1, w.values[i]);
                }
                long n = 0;
                for (int k = 0; k < (w.inserts ? w.times : 1); k++) {
                    n += ps.executeUpdate();
                }
                if (n != w.times) {
                    throw refuse((w.times - n) + " row(s) of " + w.shard + " it " + w.what + " were not found there by"
                            + " their values (another client changed them since they were copied); nothing was"
                            + " written");
                }
                lanes.counted(w.shard, n);
            }
        } catch (SQLException e) {
            throw e instanceof ShardlineException || lease == null ? e : Errors.physical(e, lease, null);
        } finally {
            for (PreparedStatement ps : prepared.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // the connection's end closes it
                }
            }
        }
    }

    private void drop(Lease eval, List<Target> targets, Topology topology) throws SQLException {
        Gather.drop(eval, gather, topology);
        List<String> names = new ArrayList<>();
        for (Target t : targets) {
            names.add(name(t.before));
            if (t.moves()) {
                for (String temporary : IgnoredMoves.temporaries(t)) {
                    names.add(name(temporary));
                }
            }
        }
        try (Statement s = eval.connection().createStatement()) {
            s.execute((h2 ? "DROP TABLE IF EXISTS " : "DROP TEMPORARY TABLE IF EXISTS ") + String.join(", ", names));
        } catch (SQLException e) {
            eval.discardOnRelease();
            throw e;
        }
    }

    void execute(Lease eval, String sql) throws SQLException {
        try (Statement s = eval.connection().createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw Errors.physical(e, eval, gather.database());
        }
    }

    /** {@code e} of the evaluation server as the driver reports it (a refusal as it is). */
    SQLException physical(SQLException e, Lease eval) {
        return e instanceof ShardlineException ? e : Errors.physical(e, eval, gather.database());
    }

    /** The statement's table reference {@code ref}. */
    io.shardline.router.sql.TableRef reference(int ref) {
        return bound.parsed().tables().get(ref);
    }

    /**
     * Whether row {@code a} of a copy equals row {@code b} in every one of {@code columns}, byte for byte (a change a
     * collation hides still counts).
     */
    static String sameRow(List<String> columns, boolean h2) {
        StringBuilder same = new StringBuilder();
        for (String column : columns) {
            String c = MySqlText.quoteIdentifier(column);
            same.append(same.length() == 0 ? "" : " AND ").append(h2 ? "a." + c + " IS NOT DISTINCT FROM b." + c
                    : "a." + c + " <=> b." + c + " AND BINARY a." + c + " <=> BINARY b." + c);
        }
        return same.toString();
    }

    /** For EXPLAIN SHARDLINE: the gather, the statement on the copies, the comparison and the writes back. */
    String describe(ShardlineConnection connection, Topology topology) {
        String gatherPlan = GatherEstimate.describe(gather, connection, topology);
        Set<String> copies = new LinkedHashSet<>(); // a table written through two references has one copy
        for (int ref : written) {
            copies.add(gather.sources().get(ref).table());
        }
        String targets = String.join(", ", copies);
        StringBuilder moving = new StringBuilder();
        Set<String> described = new java.util.HashSet<>();
        for (int ref : written) {
            var s = gather.sources().get(ref);
            if (ignore && s.logical().isSharded() && assigns(s.logical().hintColumn(), sharing(s.temp()))
                    && described.add(s.temp())) {
                moving.append("\n  with IGNORE, if ").append(s.table()).append(" declares UNIQUE keys (each prefixed by")
                        .append(" the row's shard on the copy): ").append(singleTableUpdate()
                                ? "the statement runs once without them to learn where each row moves, then again"
                                + " over the restored copy with them and a mark of each row's new shard appended to"
                                + " its SET"
                                : "the statement runs once without them, then the rows it changed are written again"
                                + " over the restored copy with them, each with its new shard's mark");
            }
        }
        return "OneStepWrite(" + gather.reason() + ")"
                + "\n  1. copy (the written " + targets + " whole, each row numbered and marked with its physical"
                + " table; a snapshot of each kept beside it), in the write's unit:\n    "
                + gatherPlan.replace("\n", "\n    ")
                + moving
                + "\n  2. the rows of each written copy that differ from its snapshot (deleted, or changed in any column,"
                + " byte for byte) are read on server " + gather.serverId()
                + "\n  3. each is written back to its own physical table by its old values: UPDATE .. SET <changed"
                + " columns> WHERE <every column> <=> ? LIMIT 1, DELETE .. LIMIT 1 (n equal ones as one, LIMIT n);"
                + " a row whose new hint value routes"
                + " elsewhere deleted there and inserted on its new shard; a broadcast table on every copy"
                + "\n  (one atomic unit; temporary tables dropped when it ends; the count is the evaluation server's)";
    }

    String name(String table) {
        return MySqlText.quoteIdentifier(gather.database()) + "." + MySqlText.quoteIdentifier(table);
    }

    private static String physical(Shard s) {
        return MySqlText.quoteIdentifier(s.database()) + "." + MySqlText.quoteIdentifier(s.table());
    }

    private static String list(List<String> columns) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            b.append(b.length() == 0 ? "" : ", ").append(MySqlText.quoteIdentifier(c));
        }
        return b.toString();
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static ShardlineException refuse(String why) {
        return ShardlineException.notAllowed("this write of a table without a key is evaluated in one step over all"
                + " its shards, but " + why);
    }
}
