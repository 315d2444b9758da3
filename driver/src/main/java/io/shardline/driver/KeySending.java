package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.sql.GatherPushdown;
import io.shardline.router.sql.MySqlText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import io.shardline.router.route.Shard;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Key sending for a gather (Vitess's join that sends the left side's values to the right side): once a reference
 * is on the evaluation server (copied first, or in place with its keys), the distinct values of its join column are
 * read there and sent to a linked reference's shard reads as {@code column IN (..)}. A receiver's row whose value is
 * none of them satisfies the join equality with no sender row ({@link GatherPushdown.KeyLink}), so it cannot
 * contribute. Sent only when the two columns are declared alike (so IN compares as the join's = does), the sender is
 * small (at most {@link #MAX_SENDER_ROWS} rows copied, or in place with key conditions) and its distinct values are at
 * most {@link #MAX_KEYS}; otherwise the receiver is read as before. Single use, on the statement's thread.
 */
final class KeySending {
    static final int MAX_KEYS = 1000;
    static final long MAX_SENDER_ROWS = 10_000;

    /**
     * The condition added to a receiver's reads, and its values; {@code keep}: the receiver's shards that can hold
     * such rows when the keys are its hint column's (null: every shard).
     */
    record Sent(String filter, List<Object> values, Set<Shard> keep) {
        static final Sent NONE = new Sent(null, List.of(), null);

        boolean reads(Shard shard) {
            return keep == null || keep.contains(shard);
        }
    }

    private final GatherPlan plan;
    private final Lease eval;
    private final boolean h2;
    private final Map<Integer, Map<String, String>> types = new HashMap<>();
    private final Map<Integer, Long> rows = new HashMap<>();

    KeySending(GatherPlan plan, Lease eval, boolean h2) {
        this.plan = plan;
        this.eval = eval;
        this.h2 = h2;
    }

    /** Reference {@code ref}'s copy is complete: {@code rows} rows, its columns declared as {@code types}. */
    void filled(int ref, Map<String, String> columnTypes, long copied) {
        types.put(ref, columnTypes);
        rows.put(ref, copied);
    }

    /** The order to fill the copies in: references with their own conditions first, since they are the likely senders. */
    List<GatherPlan.Source> order() {
        List<GatherPlan.Source> first = new ArrayList<>();
        List<GatherPlan.Source> then = new ArrayList<>();
        for (GatherPlan.Source s : plan.sources()) {
            if (!s.inPlace()) {
                (s.filter() != null ? first : then).add(s);
            }
        }
        first.addAll(then);
        return first;
    }

    /** What the senders already on the evaluation server send to {@code receiver}, declared as {@code receiverTypes}. */
    Sent to(GatherPlan.Source receiver, Map<String, String> receiverTypes) throws SQLException {
        StringBuilder filter = new StringBuilder();
        List<Object> values = new ArrayList<>();
        Set<Shard> keep = null;
        for (GatherPushdown.KeyLink link : plan.links()) {
            if (link.receiver() != receiver.ref()) {
                continue;
            }
            GatherPlan.Source sender = plan.sources().get(link.sender());
            Map<String, String> senderTypes = senderTypes(sender);
            String mine = receiverTypes.get(link.column().toLowerCase(Locale.ROOT));
            if (senderTypes == null || mine == null || !comparesAsText(mine)
                    || !mine.equalsIgnoreCase(senderTypes.get(link.senderColumn().toLowerCase(Locale.ROOT)))) {
                continue;
            }
            List<Object> keys = distinct(sender, link.senderColumn());
            if (keys == null) {
                continue;
            }
            filter.append(filter.length() == 0 ? "" : " AND ");
            if (receiver.logical().hasHintColumn() && link.column().equalsIgnoreCase(receiver.logical().hintColumn())) {
                Set<Shard> holding = GatherPlan.shardsHolding(receiver.logical(), keys);
                if (holding != null) {
                    keep = keep == null ? holding : intersection(keep, holding);
                }
            }
            if (keys.isEmpty()) {
                filter.append("1 = 0"); // no sender row can pair: the receiver contributes nothing
                continue;
            }
            filter.append(MySqlText.quoteIdentifier(link.column())).append(" IN (?").append(", ?".repeat(keys.size() - 1))
                    .append(')');
            values.addAll(keys);
        }
        return filter.length() == 0 ? Sent.NONE : new Sent(filter.toString(), values, keep);
    }

    private static Set<Shard> intersection(Set<Shard> a, Set<Shard> b) {
        Set<Shard> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }

    /**
     * Whether a column's values, sent as text, compare in {@code IN} exactly as the column compares with its own
     * kind: not approximate numbers (a FLOAT's text is not its binary value), JSON, spatial, ENUM or SET values.
     */
    private static boolean comparesAsText(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        for (String prefix : APPROXIMATE) {
            if (t.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    private static final List<String> APPROXIMATE = List.of("float", "double", "real", "decfloat", "json", "geometry",
            "point", "linestring", "polygon", "multi", "geometrycollection", "enum", "set", "array", "row", "interval");

    /** The sender's column types, or null when it may not send: not yet filled, too large, or in place without keys. */
    private Map<String, String> senderTypes(GatherPlan.Source sender) throws SQLException {
        if (!sender.inPlace()) {
            Long copied = rows.get(sender.ref());
            return copied == null || copied > MAX_SENDER_ROWS ? null : types.get(sender.ref());
        }
        if (sender.filter() == null) {
            return null;
        }
        Map<String, String> known = types.get(sender.ref());
        if (known == null) {
            known = GatherTables.createLike(eval.connection(), h2, sender.shards().get(0), plan.database(),
                    sender.temp(), null).types();
            types.put(sender.ref(), known);
        }
        return known;
    }

    /** The sender's distinct non-NULL values of {@code column} on the evaluation server, or null beyond MAX_KEYS. */
    private List<Object> distinct(GatherPlan.Source sender, String column) throws SQLException {
        String col = MySqlText.quoteIdentifier(column);
        String table = sender.inPlace()
                ? MySqlText.quoteIdentifier(sender.shards().get(0).database()) + "."
                + MySqlText.quoteIdentifier(sender.shards().get(0).table()) + (sender.alias() == null ? "" : " AS "
                + sender.alias())
                : MySqlText.quoteIdentifier(plan.database()) + "." + MySqlText.quoteIdentifier(sender.temp());
        String where = col + " IS NOT NULL" + (sender.inPlace() ? " AND " + sender.filter() : "");
        try (PreparedStatement ps = eval.connection().prepareStatement("SELECT DISTINCT " + col + " FROM " + table
                + " WHERE " + where + " LIMIT " + (MAX_KEYS + 1))) {
            if (sender.inPlace()) {
                for (int i = 0; i < sender.filterValues().size(); i++) {
                    ps.setObject(i + 1, sender.filterValues().get(i));
                }
            }
            List<Object> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ServerValues.Kind kind = ServerValues.kind(rs.getMetaData(), 1);
                while (rs.next()) {
                    if (keys.size() == MAX_KEYS) {
                        return null;
                    }
                    keys.add(ServerValues.read(rs, 1, kind));
                }
            }
            return keys;
        }
    }
}
