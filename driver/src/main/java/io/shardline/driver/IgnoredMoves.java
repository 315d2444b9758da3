package io.shardline.driver;

import static io.shardline.driver.OneStepWrite.ORIGIN;
import static io.shardline.driver.OneStepWrite.ROW;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.sql.MySqlText;
import io.shardline.router.sql.UpdateText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link OneStepWrite} UPDATE IGNORE that sets the hint column of a copy with UNIQUE keys: each physical table
 * enforces its keys over its own rows, so a moving row's keys must be checked among the rows of the shard it moves to.
 * The copy's keys are {@code UNIQUE (shardline_scope, cols..)} ({@link #SCOPE}), and a row's scope must change with
 * its value, inside the statement, where IGNORE skips both or neither. The hint → shard function is Shardline's, so
 * the server cannot compute the scope: the statement first runs over the copy with every scope NULL (no key bites),
 * only to learn each changed row's new hint value ({@link #learn}), which Java routes. Then, over the copy reset from
 * its snapshot and each row scoped to its own shard:
 * <ul>
 * <li>a single-table UPDATE runs again with one more assignment after its own that sets the scope (MySQL assigns a
 * single-table SET left to right, and honours its ORDER BY/LIMIT), {@link #checkOrigins} verifying the two runs agreed;
 * <li>a multi-table UPDATE (no documented assignment order, which the appended scope would need) is not run again: the
 * first run's rows are replayed ({@link #replay}). MariaDB computes the values of a multi-table UPDATE from the rows as
 * they were before it (a table not updated on the fly is updated after the join, from values stored during it; the one
 * updated on the fly reads only its own row), so a row's new values do not depend on another row being skipped; only
 * which rows are skipped does, which the replay's IGNORE decides over the keys, in an order MariaDB also leaves to its
 * plan.
 * </ul>
 * Used by one thread, inside the unit of its {@link OneStepWrite}.
 */
final class IgnoredMoves {
    /**
     * The column a moving copy's UNIQUE keys start with, {@code UNIQUE (shardline_scope, cols..)}, declared when the
     * copy is made: NULL while the keys must not bite (a NULL part never meets), then the row's origin, and a moving
     * row's destination once it moves. The keys are never added later: an ALTER TABLE, even of a temporary table,
     * commits the connection's transaction (and fails inside an XA branch).
     */
    static final String SCOPE = "shardline_scope";

    /** Runs SQL over the copies on the evaluation server (the statement's parameters bound); answers its count. */
    interface Runner {
        long run(String sql) throws SQLException;
    }

    private final OneStepWrite write;
    private final boolean singleTable;

    IgnoredMoves(OneStepWrite write, boolean singleTable) {
        this.write = write;
        this.singleTable = singleTable;
    }

    /** The temporary tables a moving copy {@code t} may create, to drop at the end. */
    static List<String> temporaries(OneStepWrite.Target t) {
        return List.of(t.map(), after(t));
    }

    /**
     * Runs {@code sql} (the statement over the copies, whose {@code moving} targets' keys are unscoped yet) so that each
     * moving copy ends as the statement leaves it over keys checked per shard; answers the statement's count.
     */
    long run(Lease eval, String sql, List<OneStepWrite.Target> moving, Runner runner) throws SQLException {
        long count = runner.run(sql); // its values; over the moving copies only to learn where each row goes
        for (OneStepWrite.Target t : moving) {
            learn(eval, t);
        }
        if (singleTable) {
            for (OneStepWrite.Target t : moving) {
                resetScoped(eval, t);
            }
            count = runner.run(withOrigins(sql, moving));
        } else {
            for (OneStepWrite.Target t : moving) {
                count -= replay(eval, t);
            }
        }
        for (OneStepWrite.Target t : moving) {
            checkOrigins(eval, t);
        }
        return count;
    }

    /**
     * After a first run of the statement over {@code t}'s copy, whose keys are unscoped (NULL): each row whose hint
     * value it changed, by number, with the place among the source's shards of the shard that value routes to (the
     * write back's own routing), kept in a temporary table {@link OneStepWrite.Target#map}.
     */
    private void learn(Lease eval, OneStepWrite.Target t) throws SQLException {
        String hint = MySqlText.quoteIdentifier(t.table().hintColumn());
        List<long[]> moves = new ArrayList<>();
        try (Statement st = eval.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT a." + ROW + ", a." + hint + ", a." + ORIGIN + " FROM "
                     + write.name(t.source().temp()) + " AS a JOIN " + write.name(t.before()) + " AS b ON b." + ROW
                     + " = a." + ROW + " WHERE NOT (a." + hint + " <=> b." + hint + " AND BINARY a." + hint
                     + " <=> BINARY b." + hint + ")")) {
            ServerValues.Kind kind = ServerValues.kind(rs.getMetaData(), 2);
            while (rs.next()) {
                int to = place(t, ServerValues.read(rs, 2, kind));
                if (to != rs.getInt(3)) {
                    moves.add(new long[] {rs.getLong(1), to});
                }
            }
        } catch (SQLException e) {
            throw write.physical(e, eval);
        }
        write.execute(eval, "CREATE TEMPORARY TABLE " + write.name(t.map())
                + " (r BIGINT NOT NULL PRIMARY KEY, d INT NOT NULL)");
        if (!moves.isEmpty()) {
            try (PreparedStatement ps = eval.connection().prepareStatement("INSERT INTO " + write.name(t.map())
                    + " (r, d) VALUES (?, ?)")) {
                for (long[] m : moves) {
                    ps.setLong(1, m[0]);
                    ps.setInt(2, (int) m[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw write.physical(e, eval);
            }
        }
    }

    /**
     * Puts {@code t}'s copy back as its snapshot (row numbers kept, no scope), then scopes each row's keys to its own
     * shard: the rows of one shard meet nowhere (its physical table holds them under the same keys), so no row is
     * refused on the way.
     */
    private void resetScoped(Lease eval, OneStepWrite.Target t) throws SQLException {
        write.execute(eval, "DELETE FROM " + write.name(t.source().temp()));
        write.execute(eval, "INSERT INTO " + write.name(t.source().temp()) + " SELECT * FROM "
                + write.name(t.before()));
        write.execute(eval, "UPDATE " + write.name(t.source().temp()) + " SET " + SCOPE + " = " + ORIGIN);
    }

    /**
     * The first run's changed rows of {@code t} (each scoped to the place its new hint value routes to) are kept
     * aside, the copy reset and scoped, and each row written again by number with its kept values and scope:
     * {@code UPDATE IGNORE <kept> r STRAIGHT_JOIN <copy> a ON a.row = r.row SET a.c = r.c, .., a.scope = r.scope}.
     * The copy is not the join's first table, so MariaDB stores the values during the join and writes them after it
     * (multi_update::do_updates), in the kept rows' order (ascending row number), each row its own write that its keys
     * may skip. Answers how many fewer rows the replay counted than it wrote: 0 with found rows (a skipped row is still
     * found), and 0 too with {@code useAffectedRows}, since MariaDB's deferred writes count a skipped row as changed;
     * the first run's count (no row of {@code t} skipped) then stands, as the one database's deferred path gives it.
     */
    private long replay(Lease eval, OneStepWrite.Target t) throws SQLException {
        String copy = write.name(t.source().temp());
        String kept = write.name(after(t));
        write.execute(eval, "CREATE TEMPORARY TABLE " + kept + " AS SELECT a.* FROM " + copy + " AS a JOIN "
                + write.name(t.before()) + " AS b ON b." + ROW + " = a." + ROW + " WHERE NOT ("
                + OneStepWrite.sameRow(t.columns(), false) + ") ORDER BY a." + ROW);
        write.execute(eval, "UPDATE " + kept + " AS r LEFT JOIN " + write.name(t.map()) + " AS m ON m.r = r." + ROW
                + " SET r." + SCOPE + " = COALESCE(m.d, r." + ORIGIN + ")");
        long changed;
        try (Statement st = eval.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + kept)) {
            rs.next();
            changed = rs.getLong(1);
        } catch (SQLException e) {
            throw write.physical(e, eval);
        }
        resetScoped(eval, t);
        StringBuilder set = new StringBuilder();
        for (String c : t.columns()) {
            String q = MySqlText.quoteIdentifier(c);
            set.append("a.").append(q).append(" = r.").append(q).append(", ");
        }
        set.append("a.").append(SCOPE).append(" = r.").append(SCOPE);
        long replayed;
        try (Statement st = eval.connection().createStatement()) {
            replayed = st.executeLargeUpdate("UPDATE IGNORE " + kept + " AS r STRAIGHT_JOIN " + copy + " AS a ON a."
                    + ROW + " = r." + ROW + " SET " + set);
        } catch (SQLException e) {
            throw write.physical(e, eval);
        }
        return changed - replayed;
    }

    /** The place among {@code t}'s copied shards of the shard {@code hint} routes to. */
    private static int place(OneStepWrite.Target t, Object hint) throws ShardlineException {
        int at = t.source().shards().indexOf(OneStepWrite.locate(t.table(), hint));
        if (at < 0) {
            throw OneStepWrite.refuse("a row's new " + t.table().hintColumn() + " " + hint + " routes to a shard of "
                    + t.table().name() + " that was not copied");
        }
        return at;
    }

    /**
     * The single-table statement with one more assignment after its own, for each moving copy: its row's scope becomes
     * the place of the shard its new hint value routes to, so its UNIQUE keys are checked among that shard's rows, in
     * MySQL's own row order, with IGNORE's own skip. A single-table UPDATE assigns left to right, so the scope's row
     * number is the row's and its new hint value is already set; {@link #checkOrigins} checks that the second run moved
     * the same rows.
     */
    private String withOrigins(String sql, List<OneStepWrite.Target> moving) throws SQLException {
        int at = UpdateText.setListEnd(sql);
        if (at < 0) {
            throw OneStepWrite.refuse("its SET was not found in " + sql);
        }
        StringBuilder extra = new StringBuilder();
        for (OneStepWrite.Target t : moving) {
            var ref = write.reference(t.source().ref());
            String row = ref.alias() != null ? MySqlText.quoteIdentifier(ref.alias()) : write.name(t.source().temp());
            extra.append(", ").append(row).append('.').append(SCOPE).append(" = COALESCE((SELECT m.d FROM ")
                    .append(write.name(t.map())).append(" AS m WHERE m.r = ").append(row).append('.').append(ROW)
                    .append("), ").append(row).append('.').append(ORIGIN).append(')');
        }
        return sql.substring(0, at) + extra + sql.substring(at);
    }

    /**
     * At the end: every row whose hint value changed, or whose scope is not its origin, must be scoped to the shard its
     * new value routes to, else its keys were checked in the wrong shard (the two runs of a single-table UPDATE
     * differed: a SET that is not deterministic; for a replay, a fault of Shardline's): the unit fails, nothing is
     * written.
     */
    private void checkOrigins(Lease eval, OneStepWrite.Target t) throws SQLException {
        String hint = MySqlText.quoteIdentifier(t.table().hintColumn());
        try (Statement st = eval.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT a." + hint + ", a." + SCOPE + " FROM "
                     + write.name(t.source().temp()) + " AS a JOIN " + write.name(t.before()) + " AS b ON b." + ROW
                     + " = a." + ROW + " WHERE NOT (a." + SCOPE + " <=> a." + ORIGIN + ") OR NOT (a." + hint
                     + " <=> b." + hint + " AND BINARY a." + hint + " <=> BINARY b." + hint + ")")) {
            ServerValues.Kind kind = ServerValues.kind(rs.getMetaData(), 1);
            while (rs.next()) {
                Object value = ServerValues.read(rs, 1, kind);
                int scope = rs.getInt(2);
                if (rs.wasNull() || place(t, value) != scope) {
                    throw OneStepWrite.refuse(singleTable ? "with IGNORE it was run twice (to learn where its rows"
                            + " move, then to check their UNIQUE keys there), and a row's new " + t.table().hintColumn()
                            + " " + value + " differed between the runs (a SET that is not deterministic); nothing was"
                            + " written" : "with IGNORE its rows were written again over the UNIQUE keys of the shards"
                            + " they move to, and a row's new " + t.table().hintColumn() + " " + value + " was checked"
                            + " on another shard's rows; nothing was written");
                }
            }
        } catch (SQLException e) {
            throw write.physical(e, eval);
        }
    }

    /** The temporary table holding the first run's changed rows of {@code t}, each scoped to its destination. */
    private static String after(OneStepWrite.Target t) {
        return t.before().replaceFirst("^shardline_before_", "shardline_after_");
    }
}
