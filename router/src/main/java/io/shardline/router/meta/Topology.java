package io.shardline.router.meta;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One validated, immutable snapshot of the split metadata. Built only by {@link TopologyAssembler};
 * the driver swaps whole snapshots on refresh and never changes one in place, so any thread may read it.
 */
public final class Topology {
    private final long updateStamp;
    private final long defaultSpan;
    private final int secondaryNumberBase;
    private final Map<Integer, Server> servers;
    private final Map<Integer, List<Server>> readGroups;
    /**
     * {@link #servers} and {@link #readGroups} by id, for the lookups every statement makes (null when ids are too
     * sparse for an array): a tree map's walk cost a point select on H2 about 2% of its time.
     */
    private final Server[] serverById;
    private final List<Server>[] groupById;
    private final Map<String, Map<String, LogicalTable>> tablesByCluster;
    private final Map<String, Map<String, RangeCategory>> categoriesByCluster;
    private final List<String> warnings;
    private final int defaultServerId;
    private final Map<String, Integer> defaultServerByCluster;

    Topology(long updateStamp, long defaultSpan, int secondaryNumberBase, Map<Integer, Server> servers,
             Map<String, Map<String, LogicalTable>> tablesByCluster,
             Map<String, Map<String, RangeCategory>> categoriesByCluster, List<String> warnings) {
        this.updateStamp = updateStamp;
        this.defaultSpan = defaultSpan;
        this.secondaryNumberBase = secondaryNumberBase;
        this.servers = Collections.unmodifiableMap(new TreeMap<>(servers));
        this.tablesByCluster = deepCopy(tablesByCluster);
        this.categoriesByCluster = deepCopy(categoriesByCluster);
        this.warnings = List.copyOf(warnings);
        Map<Integer, List<Server>> groups = new TreeMap<>();
        for (Server s : this.servers.values()) {
            groups.computeIfAbsent(s.groupId(), k -> new ArrayList<>()).add(s);
        }
        groups.replaceAll((k, v) -> List.copyOf(v));
        this.readGroups = Collections.unmodifiableMap(groups);
        int maxId = -1;
        boolean negative = false;
        for (int id : this.servers.keySet()) {
            maxId = Math.max(maxId, id);
            negative |= id < 0;
        }
        for (int id : groups.keySet()) {
            maxId = Math.max(maxId, id);
            negative |= id < 0;
        }
        if (!negative && maxId <= Math.max(1024, 8 * this.servers.size())) {
            this.serverById = new Server[maxId + 1];
            this.servers.forEach((id, s) -> serverById[id] = s);
            @SuppressWarnings("unchecked")
            List<Server>[] byId = (List<Server>[]) new List<?>[maxId + 1];
            groups.forEach((id, g) -> byId[id] = g);
            this.groupById = byId;
        } else {
            this.serverById = null;
            this.groupById = null;
        }
        this.defaultServerId = this.servers.values().stream().filter(Server::isMaster).mapToInt(Server::id)
                .min().orElse(0); // 0: a new store without servers yet
        Map<String, Integer> byCluster = new TreeMap<>();
        this.tablesByCluster.forEach((cluster, tables) -> {
            int lowest = Integer.MAX_VALUE;
            for (LogicalTable t : tables.values()) {
                for (Placement p : placements(t.split())) {
                    lowest = Math.min(lowest, p.serverId());
                }
            }
            if (lowest != Integer.MAX_VALUE) {
                byCluster.put(cluster, lowest);
            }
        });
        this.defaultServerByCluster = Collections.unmodifiableMap(byCluster);
    }

    private static List<Placement> placements(SplitRule split) {
        if (split instanceof SplitRule.HashSplit hash) {
            return hash.placements();
        }
        if (split instanceof SplitRule.Broadcast broadcast) {
            return broadcast.copies();
        }
        if (split instanceof SplitRule.Single single) {
            return List.of(single.placement());
        }
        List<Placement> out = new ArrayList<>();
        for (RangeSlot slot : ((SplitRule.RangeSplit) split).category().slots()) {
            if (slot instanceof RangeSlot.OddEven oe) {
                out.add(oe.odd());
                out.add(oe.even());
            } else {
                out.add(((RangeSlot.Single) slot).placement());
            }
        }
        return out;
    }

    private static <V> Map<String, Map<String, V>> deepCopy(Map<String, Map<String, V>> in) {
        Map<String, Map<String, V>> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(out);
    }

    /** The logical table, or null when the cluster has no such table. Names are case-sensitive, as in MySQL on Linux. */
    public LogicalTable table(String cluster, String name) {
        Map<String, LogicalTable> tables = tablesByCluster.get(cluster);
        return tables == null ? null : tables.get(name);
    }

    public Collection<LogicalTable> tables(String cluster) {
        return tablesByCluster.getOrDefault(cluster, Map.of()).values();
    }

    public RangeCategory category(String cluster, String name) {
        Map<String, RangeCategory> categories = categoriesByCluster.get(cluster);
        return categories == null ? null : categories.get(name);
    }

    /** The clusters that have tables, in name order. */
    public java.util.Set<String> clusters() {
        return new java.util.TreeSet<>(tablesByCluster.keySet());
    }

    public boolean hasCluster(String cluster) {
        return tablesByCluster.containsKey(cluster);
    }

    public Server server(int id) {
        Server[] byId = serverById;
        if (byId != null) {
            return id >= 0 && id < byId.length ? byId[id] : null;
        }
        return servers.get(id);
    }

    public Collection<Server> servers() {
        return servers.values();
    }

    /** The master {@code masterId} followed by its replicas. */
    public List<Server> readGroup(int masterId) {
        List<Server>[] byId = groupById;
        if (byId != null) {
            List<Server> g = masterId >= 0 && masterId < byId.length ? byId[masterId] : null;
            return g != null ? g : List.of();
        }
        return readGroups.getOrDefault(masterId, List.of());
    }

    /** The master with the lowest id of the whole snapshot. */
    public int defaultServerId() {
        return defaultServerId;
    }

    /**
     * Where statements of {@code cluster} that touch no table run (SELECT 1, SELECT NOW(), metadata): the lowest-id
     * master holding one of the cluster's shards, so the cluster's own account can log in there; the snapshot's
     * lowest master when the cluster has no tables yet.
     */
    public int defaultServerId(String cluster) throws io.shardline.router.ShardlineException {
        if (servers.isEmpty()) {
            throw new io.shardline.router.ShardlineException(io.shardline.router.ErrorCode.UNCONFIGURED, "the metadata"
                    + " store has no servers yet: register them (server_info, or the admin's registerRds) first");
        }
        return defaultServerByCluster.getOrDefault(cluster, defaultServerId);
    }

    public long updateStamp() {
        return updateStamp;
    }

    public long defaultSpan() {
        return defaultSpan;
    }

    public int secondaryNumberBase() {
        return secondaryNumberBase;
    }

    /** Tolerated oddities of the source (rows for unknown tables, extra placements), worth logging on load. */
    public List<String> warnings() {
        return warnings;
    }
}
