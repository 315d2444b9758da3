package io.shardline.router.plan;

import io.shardline.router.ShardlineException;
import io.shardline.router.meta.HintType;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.HintValue;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.GatherPushdown;
import java.util.List;
import java.util.Set;

/**
 * A statement no merge answers exactly, answered by the database itself: the rows each table reference needs are
 * gathered from its shards into TEMPORARY tables on one evaluation server, and the statement, as written, runs
 * there over them ({@link GatherPlanner}). {@code sql} is the statement with each table reference pointing at its
 * temporary table, or at the physical table itself when that lives on the evaluation server ({@link Source#inPlace}).
 *
 * @param serverId the evaluation server (its master)
 * @param database the database on it that holds the temporary tables (also the connection's default)
 * @param reason   why the statement is not merged (the refusal the merge planner gave)
 * @param columns  the lower-cased names the statement mentions: a copy needs no other column; null when it needs
 *                 every column ({@code *}, NATURAL joins)
 * @param links    equalities along which a reference filled first sends its values to another's reads (receivers
 *                 are copied references; {@code sources} are indexed by reference)
 * @param inline   the cheaper way tried first when the driver can (null: none): {@link Inline}
 */
public record GatherPlan(int serverId, String database, List<Source> sources, String sql, String reason,
                         Set<String> columns, List<GatherPushdown.KeyLink> links, Inline inline) implements Plan {

    /**
     * Small sides inlined: every reference but {@code refs} is read in place on server {@code serverId}; each of
     * {@code refs} is read from its few source shards (its {@link Source}'s shards, filter and alias) with its column
     * definitions in one query, and its rows go into the statement as a typed {@code JSON_TABLE}, so the statement
     * costs one read per source shard and itself: no temporary table. The driver takes it only on MariaDB >= 10.6,
     * outside a transaction, and while the rows stay under its caps; otherwise the gather above runs.
     *
     * @param database a database on the server (the connection's default there)
     * @param refs     the inlined references, in the order they appear in the text
     * @param pieces   the statement's text cut at each inlined reference: {@code refs.size() + 1} pieces, the
     *                 reference {@code refs.get(i)} going between {@code pieces.get(i)} and {@code pieces.get(i + 1)}
     * @param names    per inlined reference, the name its JSON_TABLE takes ({@code AS name}), or null when the user's
     *                 alias follows in the text
     */
    public record Inline(int serverId, String database, List<Integer> refs, List<String> pieces, List<String> names) {
        public Inline {
            refs = List.copyOf(refs);
            pieces = List.copyOf(pieces);
            names = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(names));
        }
    }

    /**
     * One table reference: the shards its rows come from and the temporary table they go to. {@code definition} is the
     * physical table whose column definitions the temporary table copies (a shard of the table even when no shard is
     * read, so that an empty input still has the right columns). {@code inPlace}: the reference reads its one physical
     * table on the evaluation server directly; nothing moves. {@code filter} (or null): the conditions pushed to the
     * shards' reads (the reference's own keys on its hint column, and the conjuncts only its rows decide), with
     * {@code filterValues} bound to its placeholders; {@code alias} (or null) names the physical table in the read as
     * the conjuncts' qualifiers name it; {@code logical} is the table itself.
     */
    public record Source(int ref, String table, String temp, List<Shard> shards, Shard definition, boolean inPlace,
                         String filter, List<Object> filterValues, String alias, LogicalTable logical) {
        public Source {
            filterValues = filterValues == null ? List.of() : java.util.Collections.unmodifiableList(
                    new java.util.ArrayList<>(filterValues));
        }
    }

    /**
     * The shards of {@code table} holding the rows whose hint column equals one of {@code values} (their text, as a
     * column declared like the hint column gives them), or null when that cannot be told exactly: a string hint column
     * (values equal under its collation are not equal in hash), a table not sharded, a value that is not an integer.
     */
    public static Set<Shard> shardsHolding(LogicalTable table, List<Object> values) {
        if (!table.isSharded() || table.hintType() != HintType.INT) {
            return null;
        }
        Set<Shard> out = new java.util.HashSet<>();
        try {
            for (Object v : values) {
                out.add(table.space().shard(KeySets.ordinal(table, HintValue.ofStored(v, table))));
            }
        } catch (ShardlineException | RuntimeException e) {
            return null;
        }
        return out;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("Gather(evaluate on server ").append(serverId).append(' ').append(database)
                .append(", because: ").append(reason).append(')');
        for (Source s : sources) {
            b.append("\n  ").append(s.table());
            if (s.inPlace()) {
                b.append(": in place, ").append(s.shards().get(0));
                continue; // its filter is the sending of its keys', not a read's
            }
            b.append(" -> temporary table ").append(s.temp()).append(s.filter() == null ? ": all rows of " : ": rows of ");
            if (s.shards().isEmpty()) {
                b.append("no shard (the keys contradict)");
            }
            for (int i = 0; i < s.shards().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(s.shards().get(i));
            }
            if (s.filter() != null) {
                b.append(" where ").append(s.filter()).append(' ').append(s.filterValues());
            }
            b.append(columns == null ? "; every column" : "; only the columns named in the statement");
            for (GatherPushdown.KeyLink l : links) {
                if (l.receiver() == s.ref()) {
                    b.append("; and ").append(l.column()).append(" IN (the values of ")
                            .append(sources.get(l.sender()).table()).append('.').append(l.senderColumn())
                            .append(" when ").append(sources.get(l.sender()).inPlace() ? "its keyed rows hold"
                                    : "its copy, made first, holds").append(" at most 1000 and the types match")
                            .append(l.column().equalsIgnoreCase(s.logical().hintColumn()) && s.logical().isSharded()
                                    && s.logical().hintType() == HintType.INT ? "; only the shards they hash to)" : ")");
                }
            }
        }
        if (inline != null) {
            describeInline(b);
        }
        return b.append("\n  then on server ").append(serverId).append(": ").append(sql).toString();
    }

    /** The inline alternative, before the gather's final step (which EXPLAIN's estimates look for last). */
    private void describeInline(StringBuilder b) {
        b.append("\n  first tried inline on server ").append(inline.serverId()).append(" (MariaDB >= 10.6, outside a")
                .append(" transaction; the gather above instead when the reads hold more than 1000 rows (or maxGatherRows)")
                .append(" or 1 MiB of values, or a column kept has a type outside the exact ones):");
        for (Source s : sources) {
            int at = inline.refs().indexOf(s.ref());
            b.append("\n    ").append(s.table());
            if (at < 0) {
                b.append(": in place on server ").append(inline.serverId());
                continue;
            }
            b.append(": JSON_TABLE of the rows of ");
            for (int i = 0; i < s.shards().size(); i++) {
                b.append(i == 0 ? "" : ", ").append(s.shards().get(i));
            }
            b.append(" where ").append(s.filter()).append(' ').append(s.filterValues())
                    .append(", read with its column definitions in one query per shard");
        }
        b.append("\n    statement: ");
        for (int i = 0; i < inline.refs().size(); i++) {
            String name = inline.names().get(i);
            b.append(inline.pieces().get(i)).append("JSON_TABLE(<rows of ")
                    .append(sources.get(inline.refs().get(i)).table()).append(">)")
                    .append(name == null ? "" : " AS " + io.shardline.router.sql.MySqlText.quoteIdentifier(name));
        }
        b.append(inline.pieces().get(inline.refs().size()));
    }
}
