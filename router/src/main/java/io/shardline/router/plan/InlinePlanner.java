package io.shardline.router.plan;

import io.shardline.router.meta.LogicalTable;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.QualifierRef;
import io.shardline.router.sql.SqlTemplate;
import io.shardline.router.sql.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans a gather's {@link GatherPlan.Inline} alternative: the server E is the one every reference that cannot be
 * inlined is read in place on (the unfiltered side), and each other reference must be narrowed by its own conditions
 * (keys or pushed conjuncts) to at most {@link #MAX_SOURCE_SHARDS} shards. Only for MySQL servers; stateless.
 */
final class InlinePlanner {
    /** Source shards an inlined reference may be read from: each costs one query. */
    static final int MAX_SOURCE_SHARDS = 4;

    private InlinePlanner() {
    }

    /** The inline alternative of a gather over {@code sources} (read shards before any broadcast move), or null. */
    static GatherPlan.Inline plan(BoundStatement bound, List<List<Shard>> read, List<GatherPlan.Source> sources,
                                  PlanContext context, Dialect dialect) {
        if (dialect == Dialect.H2 || context.transactionServer() >= 0) {
            return null; // H2 has no JSON_TABLE; a transaction's reads stay on its connections: the gather keeps them
        }
        int n = sources.size();
        boolean[] inlinable = new boolean[n];
        int server = -1;
        for (int i = 0; i < n; i++) {
            LogicalTable t = bound.table(i);
            inlinable[i] = !t.isBroadcast() && sources.get(i).filter() != null && !read.get(i).isEmpty()
                    && read.get(i).size() <= MAX_SOURCE_SHARDS && nameable(bound, i);
            if (inlinable[i] || t.isBroadcast()) {
                continue;
            }
            if (read.get(i).size() != 1 || (server >= 0 && server != read.get(i).get(0).serverId())) {
                return null; // a reference that must be read in place is not on one server with the others
            }
            server = read.get(i).get(0).serverId();
        }
        if (server < 0) { // every reference may be inlined: evaluate where one of them is in place
            for (int i = 0; i < n && server < 0; i++) {
                if (inlinable[i] && read.get(i).size() == 1) {
                    server = read.get(i).get(0).serverId();
                }
            }
        }
        if (server < 0) {
            return null;
        }
        Shard[] fill = new Shard[n];
        String database = null;
        List<Integer> inlined = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LogicalTable t = bound.table(i);
            Shard inPlace = t.isBroadcast() ? copyOn(t, server)
                    : read.get(i).size() == 1 && read.get(i).get(0).serverId() == server ? read.get(i).get(0) : null;
            if (inPlace == null && !inlinable[i]) {
                return null; // a broadcast table without a copy on the server
            }
            fill[i] = inPlace;
            if (inPlace == null) {
                inlined.add(i);
            } else if (database == null) {
                database = inPlace.database();
            }
        }
        if (inlined.isEmpty() || database == null) {
            return null;
        }
        return render(bound, dialect, server, database, fill, inlined);
    }

    /** The text cut at each inlined reference (a marker no statement holds stands for it while rendering). */
    private static GatherPlan.Inline render(BoundStatement bound, Dialect dialect, int server, String database,
                                            Shard[] fill, List<Integer> inlined) {
        String marker = "shardline_inline_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Map<Integer, int[]> holes = new HashMap<>();
        List<TableRef> refs = bound.refs();
        bound.holes().forEach((start, endAndRef) -> {
            boolean table = refs.get(endAndRef[1]).start() == start;
            if (table || fill[endAndRef[1]] != null) {
                holes.put(start, endAndRef); // a qualifier of an inlined reference stays as written: it names the alias
            }
        });
        for (int i : inlined) {
            fill[i] = new Shard(server, marker, Integer.toString(i));
        }
        String sql = SqlTemplate.build(bound.parsed(), dialect, holes).render(fill);
        Matcher m = Pattern.compile("`" + marker + "`\\.`(\\d+)`").matcher(sql);
        List<String> pieces = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int from = 0;
        while (m.find()) {
            int ref = Integer.parseInt(m.group(1));
            if (order.contains(ref)) {
                return null;
            }
            pieces.add(sql.substring(from, m.start()));
            order.add(ref);
            TableRef r = refs.get(ref);
            names.add(r.alias() == null ? r.name() : null);
            from = m.end();
        }
        pieces.add(sql.substring(from));
        if (order.size() != inlined.size() || sql.split(marker, -1).length - 1 != inlined.size()) {
            return null; // the marker also in the user's text (a random name: never seen, but never trusted)
        }
        return new GatherPlan.Inline(server, database, order, pieces, names);
    }

    /**
     * Whether reference {@code ref} can be named by its JSON_TABLE: an alias, or its bare table name when no other
     * reference shares it and no qualifier names it with its schema (the JSON_TABLE has none).
     */
    private static boolean nameable(BoundStatement bound, int ref) {
        List<TableRef> refs = bound.refs();
        TableRef r = refs.get(ref);
        if (r.alias() != null) {
            return true;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (i != ref && refs.get(i).alias() == null && refs.get(i).name().equals(r.name())) {
                return false;
            }
        }
        for (QualifierRef q : bound.parsed().qualifiers()) {
            if (q.schema() != null && q.table().equals(r.name())) {
                return false;
            }
        }
        return true;
    }

    private static Shard copyOn(LogicalTable t, int server) {
        for (Shard c : t.copies()) {
            if (c.serverId() == server) {
                return c;
            }
        }
        return null;
    }
}
