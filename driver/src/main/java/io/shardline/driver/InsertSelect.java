package io.shardline.driver;

import io.shardline.router.ErrorCode;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.plan.BoundStatement;
import io.shardline.router.plan.Plan;
import io.shardline.router.sql.InsertRows;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.ParsedSql;
import io.shardline.router.sql.Token;
import io.shardline.router.sql.TokenKind;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code INSERT INTO t (cols) SELECT ...} whose target's rows would reach several shards: the SELECT runs first (as
 * any SELECT: one server, a merge or a gather), its rows are held, and they are inserted as multi-row
 * {@code INSERT ... VALUES} (keeping IGNORE and {@code ON DUPLICATE KEY UPDATE}), which routes each row to its shard.
 * As MySQL does when the target is also read, the SELECT is read whole before any row is written. Up to 500 rows go
 * as one statement with the atomicity a multi-row INSERT has; more go as statements of 500 rows in one batch, which
 * has the same atomicity (one local transaction per server, XA branches with {@code transactions=xa}) and answers
 * each statement's own count. At most {@code maxWriteValues} values are held.
 */
final class InsertSelect {
    /** Values in one statement: the protocol's placeholder limit (65,535), with margin. */
    static final int MAX_PLACEHOLDERS = 60_000;
    /**
     * Rows per statement when the rows need several: one SQL text for all full parts, parsed once and cached (a text
     * of 60,000 placeholders took seconds to parse), as the gather's copies use.
     */
    private static final int ROWS_PER_STATEMENT = 500;
    /** Rows read from the SELECT per fetch: it streams instead of arriving whole. */
    private static final int FETCH_SIZE = 1000;
    /** Words an ON DUPLICATE KEY UPDATE may hold that name no column. */
    private static final Set<String> KEYWORDS = Set.of("null", "true", "false", "and", "or", "not", "xor", "is", "in",
            "like", "between", "case", "when", "then", "else", "end", "div", "mod", "interval", "values", "binary",
            "collate", "escape", "regexp", "rlike", "unknown", "default");

    private InsertSelect() {
    }

    /**
     * Whether {@code bound} is an INSERT ... SELECT the planner refused (its rows are not in its text, or its SELECT
     * reaches other servers than its target): evaluating the SELECT first and inserting its rows is then what the
     * server would do. A refusal the SELECT or the INSERT still deserves comes back from their own planning.
     */
    static boolean applies(BoundStatement bound, ShardlineException refusal) {
        InsertRows insert = bound.parsed().insert();
        return insert != null && insert.fromSelect() && refusal.code() == ErrorCode.NOT_ALLOWED;
    }

    /**
     * Runs it on {@code connection}; answers the INSERT's update count, keeps its plan in {@code planOut[0]} and, when
     * {@code keys} asks for them, the generated keys (in row order) in {@code keysOut[0]}.
     */
    static long run(ShardlineConnection connection, BoundStatement bound, LogicalStatement.Binder binder,
                    LogicalStatement.Keys keys, Plan[] planOut, ResultSet[] keysOut) throws SQLException {
        ParsedSql parsed = bound.parsed();
        InsertRows insert = parsed.insert();
        String sql = parsed.sql();
        if (insert.columns() == null) {
            throw ShardlineException.notAllowed("INSERT ... SELECT over several shards names no columns; list the"
                    + " target's columns so its rows can be routed (INSERT INTO t (a, b) SELECT ...)");
        }
        List<Token> tokens = parsed.tokens();
        int start = -1;
        int odku = -1;
        int end = sql.length();
        int depth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            String text = t.text(sql);
            depth += t.kind() == TokenKind.SYMBOL ? (text.equals("(") ? 1 : text.equals(")") ? -1 : 0) : 0;
            String word = t.kind() == TokenKind.WORD ? text.toUpperCase(Locale.ROOT) : "";
            if (start < 0 && (word.equals("SELECT") || word.equals("WITH") || word.equals("VALUES")
                    || word.equals("TABLE"))) {
                start = k;
            }
            if (depth == 0 && word.equals("DUPLICATE") && odku < 0 && k > 0 && tokens.get(k - 1).text(sql)
                    .equalsIgnoreCase("ON")) {
                odku = k - 1;
            }
            if (t.kind() == TokenKind.SYMBOL && text.equals(";")) {
                end = t.start();
            }
        }
        if (start < 0 || sql.lastIndexOf(')', tokens.get(start).start()) < 0) {
            throw ShardlineException.notAllowed("cannot find the SELECT of this INSERT ... SELECT in its text");
        }
        int close = sql.lastIndexOf(')', tokens.get(start).start()); // the column list's end: keeps hints and IGNORE
        String head = sql.substring(0, close + 1);
        String select = sql.substring(close + 1, odku < 0 ? end : tokens.get(odku).start());
        String tail = odku < 0 ? "" : " " + sql.substring(tokens.get(odku).start(), end);
        if (odku >= 0) {
            requireTargetColumnsOnly(connection, bound, start, odku);
        }
        int width = insert.columns().size();
        int perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, MAX_PLACEHOLDERS / width));
        long maxValues = connection.runtime().maxWriteValues();
        List<Object[]> chunks = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        long held = 0;
        try (PreparedStatement ps = connection.prepareStatement(select)) {
            if (binder != null) {
                binder.bind(ps); // the statement's placeholders all sit in its SELECT, in the same order
            }
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                if (md.getColumnCount() != width) {
                    throw ShardlineException.invalid("Column count doesn't match value count: the SELECT gives "
                            + md.getColumnCount() + " columns for " + width);
                }
                while (rs.next()) {
                    held += width;
                    if (held > maxValues) {
                        throw ShardlineException.notAllowed("INSERT ... SELECT over several shards holds at most "
                                + maxValues + " values (rows x columns) in memory before it writes them, and this"
                                + " SELECT gives more; insert it in parts (a key range per statement) or raise the URL"
                                + " parameter maxWriteValues");
                    }
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = ServerValues.read(rs, md, i + 1); // not getObject: TINYINT(1) 2 would be 1
                    }
                    rows.add(row);
                    if (rows.size() == perStatement) {
                        chunks.add(flat(rows, width));
                        rows.clear();
                    }
                }
            }
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan(); // the INSERT's, once there is one
        }
        if (!rows.isEmpty()) {
            chunks.add(flat(rows, width));
        }
        if (chunks.isEmpty()) {
            return 0;
        }
        LogicalTable target = bound.tables().get(insert.table());
        if (chunks.size() > 1 && keys.any() && !target.isSharded() && !target.isBroadcast()) {
            // the server assigns this table's keys: only one statement returns them all, in row order
            if ((long) (chunks.size() - 1) * perStatement * width + chunks.get(chunks.size() - 1).length
                    > MAX_PLACEHOLDERS) {
                throw ShardlineException.notAllowed("INSERT ... SELECT into single table " + target.name() + " of"
                        + " more than " + MAX_PLACEHOLDERS + " values is written as several statements, whose"
                        + " server-assigned keys getGeneratedKeys cannot return in order; insert it in parts, or"
                        + " without asking for the keys");
            }
            Object[] all = flat(chunks, perStatement * width);
            chunks = new ArrayList<>();
            chunks.add(all);
        }
        if (chunks.size() == 1) {
            return insertOnce(connection, head + " VALUES " + placeholders(chunks.get(0).length / width, width) + tail,
                    chunks.get(0), keys, planOut, keysOut);
        }
        return insertInParts(connection, head, tail, chunks, width, keys, planOut, keysOut);
    }

    /** One multi-row INSERT: its count and generated keys are the server's (or the sequence's) for these rows. */
    private static long insertOnce(ShardlineConnection connection, String sql, Object[] values,
                                   LogicalStatement.Keys keys, Plan[] planOut, ResultSet[] keysOut) throws SQLException {
        try (PreparedStatement ps = keys.prepare(connection, sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            for (int p = 0; p < values.length; p++) {
                ServerValues.bind(ps, p + 1, values[p]);
            }
            long count = ps.executeLargeUpdate();
            planOut[0] = ps.unwrap(ShardlineStatement.class).lastPlan();
            if (keys.any()) {
                keysOut[0] = LogicalStatement.copy(ps.getGeneratedKeys()); // a sequence's ids or AUTO_INCREMENT's
            }
            return count;
        }
    }

    /**
     * Statements of at most {@link #MAX_PLACEHOLDERS} values each, sent as one batch: all rows written or none. Its
     * count is the sum of the statements' (an ON DUPLICATE KEY UPDATE counts 2 per updated row as in one statement).
     */
    private static long insertInParts(ShardlineConnection connection, String head, String tail, List<Object[]> chunks,
                                      int width, LogicalStatement.Keys keys, Plan[] planOut, ResultSet[] keysOut)
            throws SQLException {
        List<String> sqls = new ArrayList<>(chunks.size());
        String full = head + " VALUES " + placeholders(chunks.get(0).length / width, width) + tail;
        for (Object[] chunk : chunks) {
            sqls.add(chunk.length == chunks.get(0).length ? full
                    : head + " VALUES " + placeholders(chunk.length / width, width) + tail);
        }
        try (Statement s = connection.createStatement()) {
            LogicalStatement batch = s.unwrap(LogicalStatement.class);
            long[] counts;
            try {
                counts = batch.runPrepared(sqls, chunks, keys);
            } catch (BatchUpdateException e) {
                throw WriteByKey.failed(e);
            }
            planOut[0] = batch.lastPlan();
            long total = 0;
            for (long c : counts) {
                if (c == Statement.SUCCESS_NO_INFO) { // each part runs alone, so the server answers its count
                    throw new SQLException("INSERT ... SELECT wrote all its rows, but a part answered no count");
                }
                total += c;
            }
            if (keys.any()) {
                keysOut[0] = LogicalStatement.copy(batch.getGeneratedKeys()); // the sequence's ids, in row order
            }
            return total;
        }
    }

    /**
     * Refuses an {@code ON DUPLICATE KEY UPDATE} that could read the SELECT's columns: written after {@code VALUES}
     * rows, a name would then resolve to the target's column (or to none), where MySQL reads the SELECT's value or
     * finds it ambiguous. So every name it reads outside {@code VALUES(..)} must be one that neither the SELECT's text
     * nor the columns of the tables it reads hold (read from one shard each), and a qualifier may name only the target.
     */
    private static void requireTargetColumnsOnly(ShardlineConnection connection, BoundStatement bound, int selectStart,
                                                 int odku) throws SQLException {
        ParsedSql parsed = bound.parsed();
        String sql = parsed.sql();
        List<Token> tokens = parsed.tokens();
        Set<String> selectNames = new HashSet<>();
        for (int k = selectStart; k < odku; k++) {
            if (tokens.get(k).isIdentifier()) {
                selectNames.add(name(sql, tokens.get(k)));
            }
        }
        for (int i = 0; i < parsed.tables().size(); i++) {
            if (i != parsed.insert().table()) {
                LogicalTable t = bound.tables().get(i);
                for (String c : InsertColumnList.columns(connection, bound.topology(),
                        t.isSharded() ? t.firstShard() : t.copies().get(0))) {
                    selectNames.add(c.toLowerCase(Locale.ROOT));
                }
            }
        }
        int from = odku + 1;
        while (!tokens.get(from).text(sql).equalsIgnoreCase("UPDATE")) { // ON DUPLICATE KEY UPDATE
            from++;
        }
        boolean assigned = true; // the column before '=' of each assignment is the target's
        int depth = 0;
        for (int k = from + 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            String text = t.text(sql);
            if (t.kind() == TokenKind.SYMBOL) {
                depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
                if (depth == 0 && (text.equals(",") || text.equals("="))) {
                    assigned = text.equals(",");
                }
                continue;
            }
            if (t.isComment() || !t.isIdentifier() || assigned) {
                continue;
            }
            boolean call = k + 1 < tokens.size() && tokens.get(k + 1).text(sql).equals("(");
            if (call && text.equalsIgnoreCase("VALUES")) {
                k = closing(sql, tokens, k + 1); // VALUES(col) reads the row being inserted
                continue;
            }
            String name = name(sql, t);
            boolean qualifier = k + 1 < tokens.size() && tokens.get(k + 1).kind() == TokenKind.DOT;
            if (call || (!qualifier && KEYWORDS.contains(name) && t.kind() == TokenKind.WORD)) {
                continue;
            }
            if (selectNames.contains(name)) {
                throw ShardlineException.notAllowed("INSERT ... SELECT over several shards is written as INSERT ..."
                        + " VALUES, and its ON DUPLICATE KEY UPDATE reads " + text + ", which its SELECT also names"
                        + " or reads (MySQL would read the SELECT's value there, or find it ambiguous); read the"
                        + " inserted value as VALUES(column)");
            }
            if (qualifier) {
                k += 2; // the target's own column
            }
        }
    }

    private static String name(String sql, Token t) {
        return MySqlText.unquoteIdentifier(t.text(sql)).toLowerCase(Locale.ROOT);
    }

    /** The token index of the ')' closing the '(' at {@code open}. */
    private static int closing(String sql, List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            String text = tokens.get(k).kind() == TokenKind.SYMBOL ? tokens.get(k).text(sql) : "";
            depth += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        return tokens.size();
    }

    /** The arrays one after another; all but the last of length {@code width}. */
    private static Object[] flat(List<Object[]> rows, int width) {
        int n = rows.isEmpty() ? 0 : (rows.size() - 1) * width + rows.get(rows.size() - 1).length;
        Object[] out = new Object[n];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, out, r * width, rows.get(r).length);
        }
        return out;
    }

    private static String placeholders(int rows, int width) {
        String one = "(?" + ", ?".repeat(width - 1) + ")";
        StringBuilder values = new StringBuilder(rows * one.length() + rows * 2);
        for (int r = 0; r < rows; r++) {
            values.append(r == 0 ? "" : ", ").append(one);
        }
        return values.toString();
    }
}
