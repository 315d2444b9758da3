package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.Topology;
import io.shardline.router.plan.GatherPlan;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.MySqlText;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The UNIQUE keys a written copy of a table without a key declares ({@link OneStepWrite} with IGNORE): each physical
 * table enforces its keys over its own rows, so the copy, which holds every shard's rows marked by their place among
 * the shards, declares each key prefixed by that mark. Its IGNORE then skips the rows each shard's would skip.
 */
final class CopyKeys {
    private CopyKeys() {
    }

    /**
     * The copy's key definitions ({@code UNIQUE (origin, cols..)}, prefix lengths kept) for {@code source}, read from
     * each of its physical tables; refused (100403) when they differ between them, since one copy declares one set.
     */
    static List<String> uniqueKeys(ShardlineConnection connection, Topology topology, GatherPlan.Source source,
                                   boolean h2, String origin) throws SQLException {
        List<Shard> tables = source.shards().isEmpty() ? List.of(source.definition()) : source.shards();
        List<String> keys = null;
        Shard first = null;
        for (Shard shard : tables) {
            List<String> these = read(connection, topology, shard, h2, origin);
            if (keys == null) {
                keys = these;
                first = shard;
            } else if (!keys.equals(these)) {
                throw ShardlineException.notAllowed("this write of a table without a key is evaluated in one step over"
                        + " all its shards with IGNORE, but the UNIQUE keys of " + first + " (" + keys + ") and of "
                        + shard + " (" + these + ") differ, and its one copy can declare only one set of them");
            }
        }
        return keys;
    }

    private static List<String> read(ShardlineConnection connection, Topology topology, Shard shard, boolean h2,
                                     String origin) throws SQLException {
        // by key name, each key's columns in their order (with their prefix length, if any)
        Map<String, TreeMap<Integer, String>> keys = new TreeMap<>();
        Lease lease = connection.runtime().pools().borrow(topology.server(shard.serverId()));
        try {
            if (h2) {
                DatabaseMetaData md = lease.connection().getMetaData();
                for (String[] place : new String[][] {{shard.database(), null}, {null, shard.database()}}) {
                    for (var index : RowKey.uniqueIndexes(md, place[0], place[1], shard.table()).entrySet()) {
                        TreeMap<Integer, String> columns = new TreeMap<>();
                        index.getValue().forEach((position, column) ->
                                columns.put(position, MySqlText.quoteIdentifier(column)));
                        keys.put(index.getKey(), columns);
                    }
                    if (!keys.isEmpty()) {
                        break;
                    }
                }
            } else {
                try (PreparedStatement ps = lease.connection().prepareStatement("SELECT INDEX_NAME, SEQ_IN_INDEX,"
                        + " COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND"
                        + " TABLE_NAME = ? AND NON_UNIQUE = 0")) {
                    ps.setString(1, shard.database());
                    ps.setString(2, shard.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String name = rs.getString(3);
                            long part = rs.getLong(4); // a prefix length, or NULL: the whole column
                            String column = MySqlText.quoteIdentifier(name) + (rs.wasNull() ? "" : "(" + part + ")");
                            keys.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), column);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw e instanceof ShardlineException ? e : Errors.physical(e, lease, shard.database());
        } finally {
            lease.release();
        }
        List<String> out = new ArrayList<>();
        for (TreeMap<Integer, String> columns : keys.values()) {
            out.add("UNIQUE (" + origin + ", " + String.join(", ", columns.values()) + ")");
        }
        return out;
    }
}
