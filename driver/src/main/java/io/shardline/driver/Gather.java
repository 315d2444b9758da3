package io.shardline.driver;

import io.shardline.driver.exec.Cursors;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.MySqlText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills a {@link GatherPlan}'s temporary tables on the evaluation connection: rows stream from each shard (a
 * cursor of {@link Cursors#DEFAULT_ROWS} rows) into multi-row INSERTs of at most {@link #ROWS_PER_INSERT} rows, so
 * the heap holds one chunk, never a table. A shard on the evaluation server itself is copied there with
 * {@code INSERT ... SELECT}: its rows never leave the server. Rows are counted as they go, and the statement is
 * refused (100403) as soon as it needs more than {@code maxGatherRows}.
 */
final class Gather {
    static final int ROWS_PER_INSERT = 500;
    /** Placeholders per INSERT, well below the protocol's 65535. */
    private static final int MAX_PLACEHOLDERS = 20_000;

    private final ShardlineConnection connection;
    private final LogicalStatement owner;
    private final GatherPlan plan;
    private final Topology topology;
    private final Deadline deadline;
    private final Lease eval;
    private final boolean h2;
    private final long limit;
    private long moved;
    /** The columns of the temporary table being filled, in order: what each read selects. */
    private List<String> columns;
    /** The column types of the temporary table being filled (all its source's columns). */
    private java.util.Map<String, String> types;
    /** What linked references send to the reads of the one being filled. */
    private KeySending.Sent sent = KeySending.Sent.NONE;
    private final KeySending keys;
    /**
     * References written by a {@link OneStepWrite}, each with the definitions its copy adds: copied with every column,
     * each row numbered ({@link OneStepWrite#ROW}) and marked with the place of its physical table among the source's
     * shards ({@link OneStepWrite#ORIGIN}); the place of the shard being read.
     */
    private Map<Integer, List<String>> marked = Map.of();
    private int origin;

    private Gather(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                   Deadline deadline, Lease eval) {
        this.connection = connection;
        this.owner = owner;
        this.plan = plan;
        this.topology = topology;
        this.deadline = deadline;
        this.eval = eval;
        this.h2 = isH2(topology, plan.serverId());
        this.limit = connection.runtime().maxGatherRows();
        this.keys = new KeySending(plan, eval, h2);
    }

    static boolean isH2(Topology topology, int serverId) {
        String url = topology.server(serverId).jdbcUrl();
        return url != null && url.startsWith("jdbc:h2:");
    }

    /** Creates and fills every temporary table of {@code plan} on {@code eval}; the caller drops them ({@link #drop}). */
    static void fill(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                     Deadline deadline, Lease eval) throws SQLException {
        fill(connection, owner, plan, topology, deadline, eval, 0);
    }

    /**
     * As above, {@code moved} rows copied already by earlier steps of the same statement (they count against
     * {@code maxGatherRows} too); answers the rows copied by all steps so far.
     */
    static long fill(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                     Deadline deadline, Lease eval, long moved) throws SQLException {
        return fill(connection, owner, plan, topology, deadline, eval, moved, Map.of());
    }

    /**
     * As above, the references {@code marked} copied whole with their rows numbered and marked by origin, their copies
     * declared with the definitions mapped to them after their columns. References sharing a copy (a table written
     * through two references) fill it once.
     */
    static long fill(ShardlineConnection connection, LogicalStatement owner, GatherPlan plan, Topology topology,
                     Deadline deadline, Lease eval, long moved, Map<Integer, List<String>> marked) throws SQLException {
        Gather g = new Gather(connection, owner, plan, topology, deadline, eval);
        g.moved = moved;
        g.marked = marked;
        Map<String, Map<String, String>> filled = new HashMap<>();
        for (GatherPlan.Source s : g.keys.order()) {
            Map<String, String> shared = filled.get(s.temp());
            if (shared != null) {
                g.keys.filled(s.ref(), shared, 0);
                continue;
            }
            long before = g.moved;
            g.fill(s);
            g.keys.filled(s.ref(), g.types, g.moved - before);
            filled.put(s.temp(), g.types);
        }
        return g.moved;
    }

    /** Drops the plan's temporary tables on {@code eval} (a pooled connection must not keep them). */
    static void drop(Lease eval, GatherPlan plan, Topology topology) throws SQLException {
        Set<String> names = new java.util.LinkedHashSet<>(); // a shared copy once
        for (GatherPlan.Source s : plan.sources()) {
            if (!s.inPlace()) {
                names.add(MySqlText.quoteIdentifier(plan.database()) + "." + MySqlText.quoteIdentifier(s.temp()));
            }
        }
        if (names.isEmpty()) {
            return;
        }
        boolean h2 = isH2(topology, plan.serverId());
        try (Statement s = eval.connection().createStatement()) {
            s.execute((h2 ? "DROP TABLE IF EXISTS " : "DROP TEMPORARY TABLE IF EXISTS ") + String.join(", ", names));
        } catch (SQLException e) {
            eval.discardOnRelease(); // closing the session drops what is left
            throw e;
        }
    }

    private void fill(GatherPlan.Source source) throws SQLException {
        boolean created = false;
        if (source.shards().isEmpty()) {
            withConnection(source.definition(), l -> create(l.connection(), source.definition(), source));
            return;
        }
        for (Shard shard : source.shards()) {
            if (deadline.bounded()) {
                deadline.millisLeft(); // 100504 before the next shard when the time is up
            }
            boolean first = !created;
            created = true;
            origin = source.shards().indexOf(shard);
            if (!first && !sent.reads(shard)) {
                continue; // the keys sent to this table's hint column hash to other shards
            }
            if (shard.serverId() == plan.serverId()) {
                if (first) {
                    create(eval.connection(), shard, source);
                }
                if (sent.reads(shard)) {
                    copyInServer(shard, source);
                }
                continue;
            }
            withConnection(shard, l -> {
                if (first) {
                    create(l.connection(), shard, source);
                }
                if (sent.reads(shard)) {
                    stream(l, shard, source);
                }
            });
        }
    }

    private interface Work {
        void run(Lease lease) throws SQLException;
    }

    /** Runs {@code work} on a connection to {@code shard}'s server: the transaction's own when one is open there. */
    private void withConnection(Shard shard, Work work) throws SQLException {
        if (shard.serverId() == plan.serverId()) {
            work.run(eval);
            return;
        }
        Lease lease = connection.lease(shard.serverId(), shard.database(), true, false, topology);
        try {
            work.run(lease);
        } catch (SQLException e) {
            ShardlineException wrapped = Errors.physical(e, lease, shard.database());
            Errors.closeQuietly(lease, wrapped);
            throw wrapped;
        }
        lease.release();
    }

    private void create(Connection source, Shard shard, GatherPlan.Source s) throws SQLException {
        boolean mark = marked.containsKey(s.ref());
        GatherTables.Created created = GatherTables.createLike(source, h2, shard, plan.database(), s.temp(),
                mark ? null : plan.columns(), mark ? marked.get(s.ref()) : List.of());
        try (Statement st = eval.connection().createStatement()) {
            st.execute(created.ddl());
        }
        columns = created.columns();
        types = created.types();
        sent = keys.to(s, types);
    }

    private void copyInServer(Shard shard, GatherPlan.Source s) throws SQLException {
        try (PreparedStatement st = eval.connection().prepareStatement("INSERT INTO " + quote(plan.database(), s.temp())
                + " (" + columnList() + (marked.containsKey(s.ref()) ? ", " + OneStepWrite.ORIGIN : "") + ") "
                + read(shard, s) + " LIMIT " + (limit - moved + 1))) {
            bindFilter(st, s);
            owner.applyUnitSettings(st, eval, deadline);
            count(st.executeLargeUpdate(), s);
        }
    }

    /**
     * The read of one source shard: the columns the temporary table keeps, its rows narrowed by the pushed
     * conditions, the table aliased as the conditions qualify it.
     */
    private String read(Shard shard, GatherPlan.Source s) {
        String where = s.filter() == null ? sent.filter()
                : sent.filter() == null ? s.filter() : s.filter() + " AND " + sent.filter();
        return "SELECT " + columnList() + (marked.containsKey(s.ref()) ? ", " + origin + " AS " + OneStepWrite.ORIGIN : "")
                + " FROM " + quote(shard.database(), shard.table())
                + (s.alias() == null ? "" : " AS " + s.alias()) + (where == null ? "" : " WHERE " + where);
    }

    private String columnList() {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
            b.append(b.length() == 0 ? "" : ", ").append(MySqlText.quoteIdentifier(c));
        }
        return b.toString();
    }

    private void bindFilter(PreparedStatement ps, GatherPlan.Source s) throws SQLException {
        int n = s.filterValues().size();
        for (int i = 0; i < n; i++) {
            ps.setObject(i + 1, s.filterValues().get(i));
        }
        for (int i = 0; i < sent.values().size(); i++) {
            ServerValues.bind(ps, n + i + 1, sent.values().get(i));
        }
    }

    private void stream(Lease source, Shard shard, GatherPlan.Source s) throws SQLException {
        try (PreparedStatement read = Cursors.prepare(source.connection(), read(shard, s), Cursors.DEFAULT_ROWS,
                source.server())) {
            bindFilter(read, s);
            owner.applyUnitSettings(read, source, deadline);
            try (ResultSet rs = read.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int width = md.getColumnCount();
                ServerValues.Kind[] kinds = new ServerValues.Kind[width];
                StringBuilder columns = new StringBuilder();
                for (int i = 0; i < width; i++) {
                    kinds[i] = ServerValues.kind(md, i + 1);
                    columns.append(i == 0 ? "" : ", ").append(i < this.columns.size()
                            ? MySqlText.quoteIdentifier(md.getColumnName(i + 1)) : OneStepWrite.ORIGIN);
                }
                int perInsert = Math.max(1, Math.min(ROWS_PER_INSERT, MAX_PLACEHOLDERS / width));
                String head = "INSERT INTO " + quote(plan.database(), s.temp()) + " (" + columns + ") VALUES ";
                Object[][] chunk = new Object[perInsert][width];
                int held = 0;
                PreparedStatement full = null; // prepared when a chunk first fills: most gathers move a few rows
                try {
                    while (rs.next()) {
                        for (int i = 0; i < width; i++) {
                            chunk[held][i] = ServerValues.read(rs, i + 1, kinds[i]);
                        }
                        count(1, s);
                        if (++held == perInsert) {
                            if (full == null) {
                                full = eval.connection().prepareStatement(insert(head, width, perInsert));
                            }
                            write(full, chunk, held, width);
                            held = 0;
                        }
                    }
                } finally {
                    if (full != null) {
                        full.close();
                    }
                }
                if (held > 0) {
                    try (PreparedStatement rest = eval.connection().prepareStatement(insert(head, width, held))) {
                        write(rest, chunk, held, width);
                    }
                }
            }
        }
    }

    /** Inserts one chunk; a failure is the evaluation server's, and says so (not the source's). */
    private void write(PreparedStatement ps, Object[][] chunk, int rows, int width) throws SQLException {
        try {
            insertChunk(ps, chunk, rows, width);
        } catch (SQLException e) {
            throw Errors.physical(e, eval, plan.database());
        }
    }

    private static void insertChunk(PreparedStatement ps, Object[][] chunk, int rows, int width) throws SQLException {
        int p = 1;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++, p++) {
                ServerValues.bind(ps, p, chunk[r][i]);
                chunk[r][i] = null;
            }
        }
        ps.executeUpdate();
    }

    private static String insert(String head, int width, int rows) {
        String row = "(?" + ", ?".repeat(width - 1) + ")";
        StringBuilder b = new StringBuilder(head.length() + rows * (row.length() + 2)).append(head);
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? "" : ", ").append(row);
        }
        return b.toString();
    }

    private void count(long rows, GatherPlan.Source s) throws ShardlineException {
        moved += rows;
        if (moved > limit) {
            throw ShardlineException.notAllowed("the statement needs more than " + limit + " rows copied to server "
                    + plan.serverId() + " to evaluate it (" + plan.reason() + "); it stopped while reading "
                    + s.table() + ". Narrow it with keys on the hint columns, or raise the URL parameter maxGatherRows");
        }
    }

    private static String quote(String database, String table) {
        return MySqlText.quoteIdentifier(database) + "." + MySqlText.quoteIdentifier(table);
    }
}
