package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.MySqlText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gather's {@link GatherPlan.Inline} alternative: each inlined reference is read from its source shards, one query
 * per shard returning the table's column definitions (read fresh, never cached, so a column changed by DDL is seen)
 * together with its rows, and becomes a typed {@code JSON_TABLE} of those rows in the statement's text. Gives up
 * (null: the caller gathers instead) when a reference's rows exceed {@link #MAX_ROWS} (or {@code maxGatherRows}) or
 * {@link #MAX_CHARS} characters of values, when a column it keeps has a type outside {@link JsonTableColumns}' exact
 * ones, or when its shards declare the columns differently. Single use, on the statement's thread.
 */
final class InlineSides {
    /** Rows inlined per statement, at most: beyond, a temporary table (with no literal to parse) is cheaper. */
    static final int MAX_ROWS = 1000;
    /** Characters of values inlined per statement, at most (about 1 MiB of statement text). */
    static final long MAX_CHARS = 1 << 20;
    private static final Pattern MARIADB = Pattern.compile("^(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.\\d+.*-MariaDB.*");
    private static final String ROW_MARK = "shardline_row";

    private final ShardlineConnection connection;
    private final LogicalStatement owner;
    private final GatherPlan plan;
    private final Topology topology;
    private final Deadline deadline;
    private final Lease eval;
    private final long cap;
    private long rows;
    private long chars;

    private InlineSides(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                        Deadline deadline, Lease eval) {
        this.connection = connection;
        this.owner = owner;
        this.plan = plan;
        this.topology = topology;
        this.deadline = deadline;
        this.eval = eval;
        this.cap = Math.min(MAX_ROWS, connection.runtime().maxGatherRows());
    }

    /**
     * Whether the server of {@code eval} evaluates typed JSON_TABLE columns as checked: MariaDB 10.6 and later (its
     * version from the connection's handshake, {@code 5.5.5-10.11.19-MariaDB..} for old clients: no round trip). MySQL 8 has JSON_TABLE too, but this path is not
     * verified there: it keeps the gather.
     */
    static boolean supported(Lease eval) throws SQLException {
        Matcher m = MARIADB.matcher(eval.connection().getMetaData().getDatabaseProductVersion());
        if (!m.matches()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        return major > 10 || major == 10 && Integer.parseInt(m.group(2)) >= 6;
    }

    /**
     * The statement to run on {@code eval} (the plan's inline server), each inlined reference a JSON_TABLE; null to
     * gather instead. A source shard on that server is read on {@code eval} itself.
     */
    static String statement(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                            Deadline deadline, Lease eval) throws SQLException {
        InlineSides sides = new InlineSides(connection, owner, plan, topology, deadline, eval);
        GatherPlan.Inline inline = plan.inline();
        StringBuilder sql = new StringBuilder(inline.pieces().get(0));
        for (int k = 0; k < inline.refs().size(); k++) {
            String table = sides.jsonTable(plan.sources().get(inline.refs().get(k)));
            if (table == null) {
                return null;
            }
            String name = inline.names().get(k);
            sql.append(table).append(name == null ? "" : " AS " + MySqlText.quoteIdentifier(name))
                    .append(inline.pieces().get(k + 1));
        }
        return sql.toString();
    }

    /** One reference's JSON_TABLE, or null when it is not inlined. */
    private String jsonTable(GatherPlan.Source source) throws SQLException {
        List<JsonTableColumns.Column> kept = null;
        StringBuilder json = new StringBuilder("[");
        for (Shard shard : source.shards()) {
            if (deadline.bounded()) {
                deadline.millisLeft(); // 100504 before the next read when the time is up
            }
            List<JsonTableColumns.Column> columns;
            if (shard.serverId() == plan.inline().serverId()) {
                columns = read(eval, shard, source, json); // its failure is the evaluation's: the caller closes it
            } else {
                Lease lease = connection.lease(shard.serverId(), shard.database(), true, false, topology);
                try {
                    columns = read(lease, shard, source, json);
                } catch (SQLException e) {
                    ShardlineException wrapped = Errors.physical(e, lease, shard.database());
                    Errors.closeQuietly(lease, wrapped);
                    throw wrapped;
                }
                lease.release();
            }
            if (columns == null || kept != null && !kept.equals(columns)) {
                return null; // over a cap, a type not exact, or shards declaring the columns differently
            }
            kept = columns;
        }
        return kept == null ? null : JsonTableColumns.jsonTable(json.append(']').toString(), kept);
    }

    /**
     * Reads one source shard: its column definitions and its rows in one query, the kept columns' values appended to
     * {@code json} as row arrays. Returns the kept columns, or null when the reference is not inlined.
     */
    private List<JsonTableColumns.Column> read(Lease lease, Shard shard, GatherPlan.Source s, StringBuilder json)
            throws SQLException {
        String rowsRead = "SELECT *, 1 AS " + ROW_MARK + " FROM " + MySqlText.quoteIdentifier(shard.database()) + "."
                + MySqlText.quoteIdentifier(shard.table()) + (s.alias() == null ? "" : " AS " + s.alias())
                + " WHERE " + s.filter() + " LIMIT " + (cap - rows + 1);
        // the definitions as a scalar subquery (run once) beside a one-row table the rows join: a row even when the
        // shard has none; about 0.2 ms cheaper on MariaDB 10.11 than joining a derived table of the definitions
        String sql = "SELECT (" + JsonTableColumns.DEFINITIONS + ") AS shardline_definitions, shardline_o.* FROM"
                + " (SELECT 1) AS shardline_one LEFT JOIN (" + rowsRead + ") AS shardline_o ON 1 = 1";
        try (PreparedStatement ps = lease.connection().prepareStatement(sql)) {
            ps.setString(1, shard.database());
            ps.setString(2, shard.table());
            for (int i = 0; i < s.filterValues().size(); i++) {
                ps.setObject(i + 3, s.filterValues().get(i));
            }
            owner.applyUnitSettings(ps, lease, deadline);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                ResultSetMetaData md = rs.getMetaData();
                List<JsonTableColumns.Column> all = JsonTableColumns.parse(rs.getString(1));
                int width = md.getColumnCount() - 2; // the definitions first, the row mark last
                if (all == null || all.size() != width || !ROW_MARK.equals(md.getColumnLabel(width + 2))) {
                    return null; // a hidden column, or definitions cut short: not what SELECT * returned
                }
                List<JsonTableColumns.Column> kept = new ArrayList<>();
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    JsonTableColumns.Column c = all.get(i);
                    if (!c.name().equalsIgnoreCase(md.getColumnLabel(i + 2))) {
                        return null;
                    }
                    if (plan.columns() == null || plan.columns().contains(c.name().toLowerCase(Locale.ROOT))) {
                        kept.add(c);
                        at.add(i + 2);
                    }
                }
                if (kept.isEmpty()) { // no column named: the JSON_TABLE still needs one, as a table does
                    kept.add(all.get(0));
                    at.add(2);
                }
                ServerValues.Kind[] kinds = new ServerValues.Kind[kept.size()];
                for (int i = 0; i < kept.size(); i++) {
                    kinds[i] = ServerValues.kind(md, at.get(i));
                    if (!kept.get(i).exact() || kinds[i] == ServerValues.Kind.BYTES) {
                        return null;
                    }
                }
                if (rs.getObject(width + 2) == null) {
                    return kept; // the LEFT JOIN's row without a match: the shard has no such rows
                }
                do {
                    if (++rows > cap) {
                        return null;
                    }
                    json.append(json.length() == 1 ? "[" : ",[");
                    for (int i = 0; i < kept.size(); i++) {
                        Object value = ServerValues.read(rs, at.get(i), kinds[i]);
                        if (kept.get(i).modeDependent(value)) {
                            return null; // the gather copies it into a table column, where the mode applies alike
                        }
                        json.append(i == 0 ? "" : ",");
                        chars += JsonTableColumns.appendValue(json, value, kept.get(i));
                    }
                    json.append(']');
                    if (chars > MAX_CHARS) {
                        return null;
                    }
                } while (rs.next());
                return kept;
            }
        }
    }
}
