package io.shardline.router.meta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the raw rows of a store into a {@link Topology}, validating the snapshot as a whole: replicas name
 * existing masters, every hash table number has exactly one placement on a master, range categories have no gaps
 * and complete odd/even pairs, secondary splits have a positive span. All problems are reported together;
 * oddities DBProxy tolerates (rows for unknown tables) become warnings.
 */
public final class TopologyAssembler {
    public static final long FALLBACK_DEFAULT_SPAN = 200_000L;

    private final SplitConfig config;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Integer, Server> servers = new TreeMap<>();

    private TopologyAssembler(SplitConfig config) {
        this.config = config;
    }

    public static Topology assemble(SplitConfig config) throws TopologyException {
        return new TopologyAssembler(config).build();
    }

    private Topology build() throws TopologyException {
        long defaultSpan = longVariable(SplitConfig.DEFAULT_SPAN, FALLBACK_DEFAULT_SPAN);
        if (defaultSpan <= 0) {
            problems.add("variable_setting '" + SplitConfig.DEFAULT_SPAN + "' must be positive, is " + defaultSpan);
        }
        long numberBase = longVariable(SplitConfig.SECONDARY_NUMBER_BASE, 0);
        if (numberBase < 0 || numberBase > Integer.MAX_VALUE) {
            problems.add("variable_setting '" + SplitConfig.SECONDARY_NUMBER_BASE + "' must be >= 0, is " + numberBase);
        }
        buildServers();
        Map<String, Map<String, RangeCategory>> categories = buildCategories();
        Map<String, Map<String, LogicalTable>> tables = buildTables(defaultSpan, (int) numberBase, categories);
        if (!problems.isEmpty()) {
            throw new TopologyException(problems);
        }
        return new Topology(config.updateStamp(), defaultSpan, (int) numberBase, servers, tables, categories, warnings);
    }

    private long longVariable(String name, long fallback) {
        String text = config.variables().get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problems.add("variable_setting '" + name + "' is not a number: '" + text + "'");
            return fallback;
        }
    }

    private void buildServers() {
        Map<Integer, ServerOptionRow> options = new HashMap<>();
        for (ServerOptionRow o : config.serverOptions()) {
            options.put(o.serverId(), o);
        }
        Map<Integer, ServerRow> rows = new TreeMap<>();
        for (ServerRow r : config.servers()) {
            if (rows.put(r.serverId(), r) != null) {
                problems.add("server_info has server_id " + r.serverId() + " twice");
            }
        }
        if (rows.isEmpty()) {
            if (config.tables().isEmpty()) { // a new store: nothing to route yet, and nothing wrong
                warnings.add("the store has no servers and no tables yet");
            } else {
                problems.add("server_info is empty");
            }
            return;
        }
        for (ServerRow r : rows.values()) {
            if (r.serverId() <= 0) {
                problems.add("server_info server_id must be positive, is " + r.serverId());
            }
            if (r.masterSid() != 0) {
                ServerRow master = rows.get(r.masterSid());
                if (master == null) {
                    problems.add("replica server " + r.serverId() + " names master " + r.masterSid() + ", which is not in server_info");
                } else if (master.masterSid() != 0) {
                    problems.add("replica server " + r.serverId() + " names server " + r.masterSid() + ", which is itself a replica");
                }
            }
            ServerOptionRow option = options.get(r.serverId());
            String url = option == null || option.jdbcUrl() == null || option.jdbcUrl().isBlank() ? null : option.jdbcUrl().trim();
            if (url == null && (r.host() == null || r.host().isBlank())) {
                problems.add("server " + r.serverId() + " has no host (and no server_option.jdbc_url)");
            }
            int weight = option == null || option.readWeight() == null ? -1 : option.readWeight();
            if (weight != -1 && (weight < 0 || weight > 100)) {
                problems.add("server_option.read_weight of server " + r.serverId() + " must be 0..100, is " + weight);
            }
            servers.put(r.serverId(), new Server(r.serverId(), r.masterSid(), nullToEmpty(r.host()), r.port(),
                    nullToEmpty(r.user()), r.passwd() == null ? Secret.EMPTY : r.passwd(), Math.max(0, r.timeout()),
                    nullToEmpty(r.defaultDatabaseName()), weight, url));
        }
        for (ServerOptionRow o : config.serverOptions()) {
            if (!rows.containsKey(o.serverId())) {
                warnings.add("server_option names server " + o.serverId() + ", which is not in server_info");
            }
        }
        resolveReadWeights();
    }

    /**
     * A master group without configured weights reads from every member equally (DBProxy's behaviour);
     * a group with weights must sum to 100 over master and replicas (DRDS ModifyRdsReadWeight's rule).
     */
    private void resolveReadWeights() {
        Map<Integer, List<Server>> groups = new TreeMap<>();
        for (Server s : servers.values()) {
            groups.computeIfAbsent(s.groupId(), k -> new ArrayList<>()).add(s);
        }
        for (var entry : groups.entrySet()) {
            List<Server> group = entry.getValue();
            boolean configured = group.stream().anyMatch(s -> s.readWeight() >= 0);
            int sum = group.stream().mapToInt(s -> Math.max(0, s.readWeight())).sum();
            if (configured && sum != 100) {
                problems.add("read weights of master " + entry.getKey() + " and its replicas must sum to 100, sum to " + sum);
            }
            for (Server s : group) {
                int weight = configured ? Math.max(0, s.readWeight()) : 1;
                servers.put(s.id(), new Server(s.id(), s.masterId(), s.host(), s.port(), s.user(), s.password(),
                        s.timeoutSeconds(), s.defaultDatabase(), weight, s.jdbcUrl()));
            }
        }
    }

    private Placement placement(String what, int serverId, String database) {
        Server s = servers.get(serverId);
        if (s == null) {
            problems.add(what + " names server " + serverId + ", which is not in server_info");
        } else if (!s.isMaster()) {
            problems.add(what + " names server " + serverId + ", a replica; placements must name masters");
        }
        if (database == null || database.isEmpty()) {
            problems.add(what + " has no database_name");
        }
        return new Placement(serverId, nullToEmpty(database));
    }

    private Map<String, Map<String, RangeCategory>> buildCategories() {
        Map<String, Map<String, Map<Integer, SplitRangeRow[]>>> raw = new TreeMap<>();
        for (SplitRangeRow r : config.splitRanges()) {
            String where = "split_range_info category '" + r.databaseCategory() + "' index " + r.splitIndex();
            if (r.indexType() < 0 || r.indexType() > 2) {
                problems.add(where + " has index_type " + r.indexType() + " (0 normal, 1 odd, 2 even)");
                continue;
            }
            if (r.splitIndex() < 0) {
                problems.add(where + " has a negative split_index");
                continue;
            }
            SplitRangeRow[] slot = raw.computeIfAbsent(nullToEmpty(r.cluster()), k -> new TreeMap<>())
                    .computeIfAbsent(r.databaseCategory(), k -> new TreeMap<>())
                    .computeIfAbsent(r.splitIndex(), k -> new SplitRangeRow[3]);
            if (slot[r.indexType()] != null) {
                problems.add(where + " index_type " + r.indexType() + " appears twice");
            }
            slot[r.indexType()] = r;
        }
        Map<String, Map<String, RangeCategory>> out = new TreeMap<>();
        raw.forEach((cluster, categories) -> categories.forEach((name, slots) -> {
            List<RangeSlot> list = new ArrayList<>();
            int expected = 0;
            for (var e : slots.entrySet()) {
                String where = "category '" + name + "'" + clusterSuffix(cluster) + " slot " + e.getKey();
                if (e.getKey() != expected) {
                    problems.add("category '" + name + "'" + clusterSuffix(cluster) + " has no slot " + expected
                            + " (slots must run 0.." + slots.size() + " without gaps)");
                }
                expected = e.getKey() + 1;
                SplitRangeRow[] s = e.getValue();
                if (s[0] != null && (s[1] != null || s[2] != null)) {
                    problems.add(where + " is both normal and odd/even");
                } else if (s[0] != null) {
                    list.add(new RangeSlot.Single(placement(where, s[0].serverId(), s[0].databaseName())));
                } else if (s[1] == null || s[2] == null) {
                    problems.add(where + " has only its " + (s[1] == null ? "even" : "odd") + " database; odd/even pairs must be complete");
                } else {
                    list.add(new RangeSlot.OddEven(placement(where + " (odd)", s[1].serverId(), s[1].databaseName()),
                            placement(where + " (even)", s[2].serverId(), s[2].databaseName())));
                }
            }
            out.computeIfAbsent(cluster, k -> new TreeMap<>()).put(name, new RangeCategory(cluster, name, list));
        }));
        return out;
    }

    private Map<String, Map<String, LogicalTable>> buildTables(long defaultSpan, int numberBase,
                                                               Map<String, Map<String, RangeCategory>> categories) {
        Map<String, TableOptionRow> options = new HashMap<>();
        for (TableOptionRow o : config.tableOptions()) {
            options.put(key(o.cluster(), o.tableName()), o);
        }
        Map<String, List<SplitTableRow>> placementsByTable = new HashMap<>();
        for (SplitTableRow r : config.splitTables()) {
            placementsByTable.computeIfAbsent(key(r.cluster(), r.tableName()), k -> new ArrayList<>()).add(r);
        }
        Map<String, Map<String, LogicalTable>> out = new TreeMap<>();
        for (TableRow t : config.tables()) {
            String cluster = nullToEmpty(t.cluster());
            String where = "table '" + t.tableName() + "'" + clusterSuffix(cluster);
            if (t.tableName() == null || t.tableName().isEmpty()) {
                problems.add("table_info has a row without table_name");
                continue;
            }
            TableOptionRow option = options.remove(key(cluster, t.tableName()));
            HintType hintType = HintType.INT;
            boolean fullScan = false;
            String kind = "sharded";
            if (option != null) {
                fullScan = option.fullTableScan();
                kind = option.tableKind() == null || option.tableKind().isBlank() ? "sharded" : option.tableKind().trim();
                try {
                    hintType = HintType.parse(option.hintType());
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
            SplitRule rule;
            switch (kind) {
                case "broadcast" -> {
                    List<Placement> copies = shardDatabases(cluster, categories.getOrDefault(cluster, Map.of()));
                    if (copies.isEmpty()) {
                        problems.add(where + " is a broadcast table, but cluster '" + cluster + "' names no shard"
                                + " databases in split_table_info or split_range_info to hold its copies");
                    }
                    rule = new SplitRule.Broadcast(copies);
                }
                case "single" -> {
                    if (option.singleServerId() == null || option.singleDatabaseName() == null
                            || option.singleDatabaseName().isBlank()) {
                        problems.add(where + " is a single table but its table_option has no single_server_id and"
                                + " single_database_name");
                        continue;
                    }
                    rule = new SplitRule.Single(placement(where, option.singleServerId(), option.singleDatabaseName().trim()));
                }
                case "sharded" -> {
                    if (t.splitType() == 0) {
                        rule = hashRule(where, t, placementsByTable.remove(key(cluster, t.tableName())));
                    } else if (t.splitType() == 1) {
                        rule = rangeRule(where, t, defaultSpan, numberBase, categories.getOrDefault(cluster, Map.of()));
                        if (hintType == HintType.STRING) {
                            problems.add(where + " is range-split, so its hints are integers; hint_type 'string' is for hash tables");
                        }
                    } else {
                        problems.add(where + " has split_type " + t.splitType() + " (0 hash, 1 range)");
                        continue;
                    }
                }
                default -> {
                    problems.add(where + " has table_kind '" + kind + "' (sharded, broadcast or single)");
                    continue;
                }
            }
            String hintField = kind.equals("sharded") ? nullToEmpty(t.hintField()).trim() : "";
            LogicalTable table = new LogicalTable(cluster, t.tableName(), hintField, hintType, rule, fullScan);
            if (out.computeIfAbsent(cluster, k -> new TreeMap<>()).put(t.tableName(), table) != null) {
                problems.add(where + " appears twice in table_info");
            }
        }
        placementsByTable.keySet().forEach(k -> warnings.add("split_table_info rows for " + describeKey(k)
                + ", which is not a hash table in table_info, are ignored"));
        options.keySet().forEach(k -> warnings.add("table_option row for " + describeKey(k)
                + ", which is not in table_info, is ignored"));
        return out;
    }

    /** Every database of the cluster that split_table_info or split_range_info names, in server and name order. */
    private List<Placement> shardDatabases(String cluster, Map<String, RangeCategory> categories) {
        java.util.TreeSet<Placement> out = new java.util.TreeSet<>(java.util.Comparator.comparingInt(Placement::serverId)
                .thenComparing(Placement::database));
        for (SplitTableRow r : config.splitTables()) {
            if (nullToEmpty(r.cluster()).equals(cluster) && r.databaseName() != null && !r.databaseName().isEmpty()) {
                out.add(new Placement(r.serverId(), r.databaseName()));
            }
        }
        for (RangeCategory c : categories.values()) {
            for (RangeSlot slot : c.slots()) {
                if (slot instanceof RangeSlot.OddEven oe) {
                    out.add(oe.odd());
                    out.add(oe.even());
                } else {
                    out.add(((RangeSlot.Single) slot).placement());
                }
            }
        }
        return new ArrayList<>(out);
    }

    private SplitRule hashRule(String where, TableRow t, List<SplitTableRow> rows) {
        int count = t.tableCount() <= 0 ? 1 : t.tableCount();
        Placement[] placements = new Placement[count];
        for (SplitTableRow r : rows == null ? List.<SplitTableRow>of() : rows) {
            int n = count == 1 ? 0 : r.tableNumber();
            if (r.tableNumber() < 0 || (count > 1 && r.tableNumber() >= count)) {
                warnings.add(where + ": split_table_info table_number " + r.tableNumber()
                        + " is outside 0.." + (count - 1) + " and is ignored");
                continue;
            }
            if (placements[n] != null) {
                problems.add(where + " table number " + n + " has two placements in split_table_info");
                continue;
            }
            placements[n] = placement(where + " table number " + n, r.serverId(), r.databaseName());
        }
        List<Integer> missing = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            if (placements[n] == null) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            problems.add(where + " has table_count " + count + " but no split_table_info row for table number(s) "
                    + abbreviate(missing));
            return new SplitRule.HashSplit(count, List.of());
        }
        return new SplitRule.HashSplit(count, List.of(placements));
    }

    private SplitRule rangeRule(String where, TableRow t, long defaultSpan, int numberBase,
                                Map<String, RangeCategory> categories) {
        long span = t.rangeSpan() < 0 ? defaultSpan : t.rangeSpan();
        RangeCategory category = categories.get(nullToEmpty(t.databaseCategory()));
        if (category == null) {
            problems.add(where + " names database_category '" + t.databaseCategory() + "', which has no split_range_info rows");
            category = new RangeCategory(nullToEmpty(t.cluster()), nullToEmpty(t.databaseCategory()), List.of());
        }
        long secondary = 0;
        if (t.secondarySplit()) {
            if (t.secondarySplitSpan() <= 0) {
                problems.add(where + " enables secondary_split but secondary_split_span is " + t.secondarySplitSpan());
            }
            secondary = Math.max(1, t.secondarySplitSpan());
        }
        return new SplitRule.RangeSplit(span, category, secondary, numberBase);
    }

    private static String abbreviate(List<Integer> numbers) {
        if (numbers.size() <= 8) {
            return numbers.toString();
        }
        return numbers.subList(0, 8) + " and " + (numbers.size() - 8) + " more";
    }

    private static String key(String cluster, String table) {
        return nullToEmpty(cluster) + '\u0000' + table;
    }

    private static String describeKey(String key) {
        int i = key.indexOf('\u0000');
        return "'" + key.substring(i + 1) + "'" + clusterSuffix(key.substring(0, i));
    }

    private static String clusterSuffix(String cluster) {
        return cluster.isEmpty() ? "" : " in cluster '" + cluster + "'";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
