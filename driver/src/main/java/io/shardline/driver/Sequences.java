package io.shardline.driver;

import io.shardline.driver.exec.Lease;
import io.shardline.driver.exec.ServerPools;
import io.shardline.driver.store.MetadataStore;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import io.shardline.router.route.Shard;
import io.shardline.router.sql.Dialect;
import io.shardline.router.sql.MySqlText;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Global sequences for the AUTO_INCREMENT columns of sharded and broadcast tables (DRDS style): each physical table
 * would otherwise count on its own and ids would collide across shards. The column is found in the physical table's
 * definition (once per table and metadata snapshot); ids come in blocks reserved from the metadata store's
 * {@code global_sequence} row named after the table ({@code cluster.table} outside the default cluster), so a driver
 * asks the store once per block and drivers in other JVMs never get the same ids. A sequence created here starts
 * after the largest id already in the shards. Ids are unique and increasing per driver, not gap-free. Thread-safe.
 */
final class Sequences {
    private final MetadataStore store;
    private final ServerPools pools;
    /** Per logical table (one snapshot's object): its AUTO_INCREMENT column, or empty. */
    private final Map<LogicalTable, Optional<String>> columns = new ConcurrentHashMap<>();
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    /** The ids of one reserved block not yet handed out. */
    private static final class Block {
        long next;
        long end;
    }

    Sequences(MetadataStore store, ServerPools pools) {
        this.store = store;
        this.pools = pools;
    }

    static String name(LogicalTable t) {
        return t.cluster().isEmpty() ? t.name() : t.cluster() + "." + t.name();
    }

    /** The AUTO_INCREMENT column of a sharded or broadcast table, or null. */
    String column(Topology topology, LogicalTable t) throws SQLException {
        if (t.isSingle()) {
            return null;
        }
        Optional<String> known = columns.get(t);
        if (known == null) {
            known = Optional.ofNullable(discover(topology, t));
            columns.put(t, known);
        }
        return known.orElse(null);
    }

    /** Forgets what is known of {@code name}'s columns (after DDL changed them). */
    void forget(String cluster, String name) {
        columns.keySet().removeIf(t -> t.name().equals(name) && t.cluster().equals(cluster));
    }

    private String discover(Topology topology, LogicalTable t) throws SQLException {
        Shard first = physicalTables(t).get(0);
        Server server = topology.server(first.serverId());
        try (Lease lease = pools.borrow(server)) {
            DatabaseMetaData md = lease.connection().getMetaData();
            boolean h2 = Dialect.forJdbcUrl(server.jdbcUrl()) == Dialect.H2;
            try (ResultSet rs = h2 ? md.getColumns(null, first.database(), first.table(), null)
                    : md.getColumns(first.database(), null, first.table(), null)) {
                while (rs.next()) {
                    if ("YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
                        return rs.getString("COLUMN_NAME");
                    }
                }
            }
            return null;
        } catch (SQLException e) {
            throw Errors.physical(e, server, first.database());
        }
    }

    private static List<Shard> physicalTables(LogicalTable t) throws ShardlineException {
        if (!t.isSharded()) {
            return t.copies();
        }
        List<Shard> out = new ArrayList<>();
        BitSet all = t.space().all();
        for (int k = all.nextSetBit(0); k >= 0; k = all.nextSetBit(k + 1)) {
            out.add(t.space().shard(k));
        }
        return out;
    }

    /** The next {@code count} ids of {@code t}'s sequence, in order. */
    long[] next(Topology topology, LogicalTable t, int count) throws SQLException {
        String name = name(t);
        Block b = blocks.computeIfAbsent(name, k -> new Block());
        synchronized (b) {
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                if (b.next >= b.end) {
                    long[] reserved = store.reserve(name, () -> start(topology, t), count - i);
                    b.next = reserved[0];
                    b.end = reserved[0] + reserved[1];
                }
                ids[i] = b.next++;
            }
            return ids;
        }
    }

    /** What {@code next} would hand out now, without taking it (EXPLAIN SHARDLINE). */
    long[] peek(LogicalTable t, int count) {
        Block b = blocks.get(name(t));
        long from = b == null ? 1 : b.next;
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    /** Where a new sequence starts: after the largest id in any of the table's physical tables. */
    private long start(Topology topology, LogicalTable t) throws SQLException {
        String column = column(topology, t);
        long max = 0;
        for (Shard s : physicalTables(t)) {
            Server server = topology.server(s.serverId());
            try (Lease lease = pools.borrow(server); Statement st = lease.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT MAX(" + MySqlText.quoteIdentifier(column) + ") FROM "
                         + MySqlText.quoteIdentifier(s.database()) + "." + MySqlText.quoteIdentifier(s.table()))) {
                if (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                }
            } catch (SQLException e) {
                throw Errors.physical(e, server, s.database());
            }
        }
        return max + 1;
    }
}
