package io.shardline.driver;

import io.shardline.router.merge.MergedResultSet;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code EXPLAIN SHARDLINE <sql>}: instead of running the statement, a one-column result ({@code plan}) with one row
 * per line of its plan, as the golden plan files print it: the units (server, database, physical SQL) and the merge
 * operators. The statement does not run; a gather's plan reads table statistics for its row estimates
 * ({@link GatherEstimate}).
 */
final class ExplainShardline {
    private static final Pattern PREFIX = Pattern.compile("^\\s*EXPLAIN\\s+SHARDLINE\\s+", Pattern.CASE_INSENSITIVE);

    private ExplainShardline() {
    }

    /** The statement to explain, or null when {@code sql} is not an EXPLAIN SHARDLINE. */
    static String inner(String sql) {
        if (sql == null || !startsWithE(sql)) {
            return null;
        }
        Matcher m = PREFIX.matcher(sql);
        return m.find() ? sql.substring(m.end()) : null;
    }

    /** Whether the first non-blank character is an E: every other statement skips the regular expression. */
    private static boolean startsWithE(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == 'E' || c == 'e';
            }
        }
        return false;
    }

    static ResultSet result(String plan, Statement owner) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        plan.lines().forEach(line -> rows.add(new Object[] {line}));
        return MergedResultSet.of(new String[] {"plan"}, new int[] {Types.VARCHAR}, rows, owner);
    }
}
