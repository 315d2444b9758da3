package io.shardline.driver.store;

import io.shardline.driver.ShardlineRuntime;
import io.shardline.driver.ShardlineUrl;
import io.shardline.driver.exec.Lease;
import io.shardline.router.ShardlineException;
import io.shardline.router.meta.LogicalTable;
import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import io.shardline.router.route.Shard;
import io.shardline.router.route.ShardSpace;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an estate needs before applications switch to Shardline, read from its metadata store (a DBProxy config
 * database used unchanged, or any store) and its physical servers: metadata Shardline rejects, physical tables that
 * are missing or differ from their table's first shard (columns, types, nullability, indexes), placements on servers
 * that cannot be reached, AUTO_INCREMENT columns (whose ids will come from {@code global_sequence}, and whether the
 * store has it), and full-table-scan switches that are off. Problems make the report unclean; notes do not.
 */
public final class MigrationCheck {
    public enum Severity { PROBLEM, NOTE }

    public record Finding(Severity severity, String subject, String text) {
        @Override
        public String toString() {
            return (severity == Severity.PROBLEM ? "PROBLEM " : "note    ") + subject + ": " + text;
        }
    }

    /** The findings, problems first. */
    public record Report(String store, List<Finding> findings, int tables, int physicalTables, int servers) {
        public boolean clean() {
            return findings.stream().noneMatch(f -> f.severity() == Severity.PROBLEM);
        }

        public List<Finding> problems() {
            return findings.stream().filter(f -> f.severity() == Severity.PROBLEM).toList();
        }

        public String text() {
            StringBuilder b = new StringBuilder();
            b.append("Shardline migration check of ").append(store).append('\n');
            b.append("  ").append(tables).append(" logical tables, ").append(physicalTables)
                    .append(" physical tables on ").append(servers).append(" servers\n");
            for (Finding f : findings) {
                b.append(f).append('\n');
            }
            long problems = problems().size();
            b.append(problems == 0 ? "clean: no problem found" : problems + " problem(s) to fix before switching")
                    .append(" (").append(findings.size() - problems).append(" note(s))\n");
            return b.toString();
        }
    }

    /** One physical table's structure, comparable across shards. */
    private record Structure(Map<String, String> columns, Map<String, String> indexes, Set<String> autoIncrement) {
    }

    private final List<Finding> findings = new ArrayList<>();

    private MigrationCheck() {
    }

    /** Checks the estate of {@code storeUrl} (a {@code jdbc:shardline:} URL with the store's and servers' accounts). */
    public static Report run(String storeUrl, Properties info) throws SQLException {
        Properties p = new Properties();
        if (info != null) {
            p.putAll(info);
        }
        p.setProperty("checkInterval", "0");
        p.setProperty("probeInterval", "0");
        ShardlineUrl url = ShardlineUrl.parse(storeUrl, p);
        MigrationCheck check = new MigrationCheck();
        ShardlineRuntime runtime;
        try {
            runtime = ShardlineRuntime.open(url);
        } catch (ShardlineException e) {
            check.problem("metadata", "Shardline cannot load it: " + e.getMessage());
            return new Report(url.toString(), check.findings, 0, 0, 0);
        }
        try {
            return check.inspect(url, runtime);
        } finally {
            runtime.close();
        }
    }

    private Report inspect(ShardlineUrl url, ShardlineRuntime runtime) throws SQLException {
        Topology topology = runtime.topology();
        for (String w : topology.warnings()) {
            note("metadata", w);
        }
        Map<Integer, Connection> reachable = new TreeMap<>();
        Map<Integer, Lease> leases = new TreeMap<>();
        Set<Integer> unreachable = new LinkedHashSet<>();
        int tables = 0;
        int physical = 0;
        boolean anyAutoIncrement = false;
        try {
            for (Server s : topology.servers()) {
                try {
                    Lease lease = runtime.pools().borrow(s);
                    leases.put(s.id(), lease);
                    reachable.put(s.id(), lease.connection());
                } catch (SQLException e) {
                    unreachable.add(s.id());
                    problem("server " + s.id() + " (" + s.address() + ")", "unreachable: " + e.getMessage());
                }
            }
            for (String cluster : topology.clusters()) {
                for (LogicalTable t : topology.tables(cluster)) {
                    tables++;
                    String subject = "table " + (cluster.isEmpty() ? "" : cluster + ".") + t.name();
                    List<Shard> shards = shardsOf(t);
                    physical += shards.size();
                    if (t.isSharded() && !t.fullTableScan()) {
                        note(subject, "full-table-scan switch is off: a statement without its hint column " + t.hintColumn()
                                + " (or a hint) is refused with 100403 (table_option.full_table_scan, ModifyFullTableScan)");
                    }
                    anyAutoIncrement |= compare(subject, t, shards, reachable, unreachable, topology);
                }
            }
        } finally {
            for (Lease l : leases.values()) {
                try {
                    l.release();
                } catch (SQLException ignored) {
                    // a connection that broke while checked: nothing to give back
                }
            }
        }
        if (anyAutoIncrement) {
            sequenceTable(url);
        }
        findings.sort((a, b) -> a.severity().compareTo(b.severity()));
        return new Report(url.toString(), List.copyOf(findings), tables, physical, topology.servers().size());
    }

    /** Every physical table of a logical table, in shard order, without repeats. */
    private static List<Shard> shardsOf(LogicalTable t) throws ShardlineException {
        if (!t.isSharded()) {
            return t.copies();
        }
        ShardSpace space = t.space();
        BitSet all = space.all();
        Set<Shard> out = new LinkedHashSet<>();
        for (int i = all.nextSetBit(0); i >= 0; i = all.nextSetBit(i + 1)) {
            out.add(space.shard(i));
        }
        return new ArrayList<>(out);
    }

    /** Compares each shard with the first one found; answers whether the table has an AUTO_INCREMENT column. */
    private boolean compare(String subject, LogicalTable t, List<Shard> shards, Map<Integer, Connection> reachable,
                            Set<Integer> unreachable, Topology topology) {
        Structure reference = null;
        Shard referenceShard = null;
        Set<Integer> unreachableUsed = new LinkedHashSet<>();
        for (Shard shard : shards) {
            Connection c = reachable.get(shard.serverId());
            if (c == null) {
                if (unreachable.contains(shard.serverId())) {
                    unreachableUsed.add(shard.serverId());
                } else {
                    problem(subject, "placed on server " + shard.serverId() + ", which server_info does not list");
                }
                continue;
            }
            Structure s;
            try {
                s = structure(c, shard);
            } catch (SQLException e) {
                problem(subject, "cannot read " + where(shard, topology) + ": " + e.getMessage());
                continue;
            }
            if (s == null) {
                problem(subject, "physical table " + where(shard, topology) + " is missing");
                continue;
            }
            if (reference == null) {
                reference = s;
                referenceShard = shard;
                continue;
            }
            for (String d : differences(reference, s)) {
                problem(subject, where(shard, topology) + " differs from " + where(referenceShard, topology) + ": " + d);
            }
        }
        for (int id : unreachableUsed) {
            problem(subject, "has placements on server " + id + ", which cannot be reached");
        }
        if (reference != null && !reference.autoIncrement().isEmpty() && !t.isSingle()) {
            note(subject, "AUTO_INCREMENT column " + String.join(", ", reference.autoIncrement()) + ": an insert that"
                    + " leaves it out takes ids from global_sequence (row '" + (t.cluster().isEmpty() ? "" : t.cluster()
                    + ".") + t.name() + "'), starting after the largest id in the shards");
            return true;
        }
        return false;
    }

    private static String where(Shard s, Topology topology) {
        Server server = topology.server(s.serverId());
        return s.database() + "." + s.table() + " on server " + s.serverId()
                + (server == null ? "" : " (" + server.address() + ")");
    }

    /** The table's columns and indexes through JDBC metadata (MySQL: the database is the catalog; H2: the schema). */
    private static Structure structure(Connection c, Shard shard) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        boolean catalogs = !md.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2");
        String catalog = catalogs ? shard.database() : null;
        String schema = catalogs ? null : shard.database();
        Map<String, String> columns = new LinkedHashMap<>();
        Set<String> auto = new LinkedHashSet<>();
        try (ResultSet rs = md.getColumns(catalog, schema, shard.table(), null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT);
                String type = rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE") + ","
                        + rs.getInt("DECIMAL_DIGITS") + ")" + ("NO".equals(rs.getString("IS_NULLABLE")) ? " NOT NULL" : "");
                columns.put(name, type);
                if ("YES".equals(rs.getString("IS_AUTOINCREMENT"))) {
                    auto.add(name);
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        Map<String, List<String>> indexColumns = new TreeMap<>();
        Map<String, Boolean> unique = new TreeMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, shard.table(), false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null) {
                    continue;
                }
                index = indexName(index);
                List<String> cols = indexColumns.computeIfAbsent(index, k -> new ArrayList<>());
                int position = rs.getInt("ORDINAL_POSITION");
                while (cols.size() < position) {
                    cols.add("");
                }
                cols.set(position - 1, column.toLowerCase(java.util.Locale.ROOT));
                unique.put(index, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        Map<String, String> indexes = new TreeMap<>();
        indexColumns.forEach((name, cols) -> indexes.put(name, (unique.get(name) ? "UNIQUE " : "") + cols));
        return new Structure(columns, indexes, auto);
    }

    /** H2 names a primary key's index after its table (PRIMARY_KEY_8 ...); the shards' names then differ needlessly. */
    private static String indexName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).startsWith("PRIMARY_KEY") ? "PRIMARY" : name;
    }

    private static List<String> differences(Structure a, Structure b) {
        List<String> out = new ArrayList<>();
        for (var e : a.columns().entrySet()) {
            String other = b.columns().get(e.getKey());
            if (other == null) {
                out.add("column " + e.getKey() + " is missing");
            } else if (!other.equals(e.getValue())) {
                out.add("column " + e.getKey() + " is " + other + ", not " + e.getValue());
            }
        }
        for (String c : b.columns().keySet()) {
            if (!a.columns().containsKey(c)) {
                out.add("extra column " + c + " " + b.columns().get(c));
            }
        }
        if (!new ArrayList<>(a.columns().keySet()).equals(new ArrayList<>(b.columns().keySet()))
                && a.columns().keySet().equals(b.columns().keySet())) {
            out.add("columns in another order " + b.columns().keySet() + " (SELECT * differs)");
        }
        for (var e : a.indexes().entrySet()) {
            String other = b.indexes().get(e.getKey());
            if (!Objects.equals(other, e.getValue())) {
                out.add("index " + e.getKey() + (other == null ? " is missing" : " is " + other + ", not " + e.getValue()));
            }
        }
        for (String i : b.indexes().keySet()) {
            if (!a.indexes().containsKey(i)) {
                out.add("extra index " + i + " " + b.indexes().get(i));
            }
        }
        return out;
    }

    /** Whether the store has global_sequence, and what happens at the first insert if not. */
    private void sequenceTable(ShardlineUrl url) {
        if (url.store() == ShardlineUrl.Store.FILE) {
            note("global_sequence", "a YAML store is read-only: inserts that need an id from a sequence are refused"
                    + " (100403); keep the metadata in an H2 or MySQL store, or give the ids");
            return;
        }
        try (Connection c = DriverManager.getConnection(url.storeJdbcUrl(), url.storeProperties());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM global_sequence")) {
                rs.next();
            }
        } catch (SQLException e) {
            note("global_sequence", "the store has no global_sequence table; the first insert creates it if the"
                    + " store's account may create tables, else run once: "
                    + ConfigSchema.GLOBAL_SEQUENCE_DDL.replaceAll("\\s+", " "));
        }
    }

    private void problem(String subject, String text) {
        findings.add(new Finding(Severity.PROBLEM, subject, text));
    }

    private void note(String subject, String text) {
        findings.add(new Finding(Severity.NOTE, subject, text));
    }
}
