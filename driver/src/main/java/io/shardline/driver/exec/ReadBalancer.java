package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Picks the server of a read among a master and its replicas, in proportion to their read weights. A member serves
 * only while it is usable: not marked down, and for a replica, within its replication bound ({@link ReplicaWatch}).
 * When no member with a weight is usable the master serves. On the read path: no allocation, no lock.
 */
public final class ReadBalancer {
    private ReadBalancer() {
    }

    public static Server pick(Topology topology, int masterId) {
        return pick(topology, masterId, s -> false);
    }

    /** By weight among the members {@code down} does not reject; the first choice when every weighted one is down. */
    public static Server pick(Topology topology, int masterId, Predicate<Server> down) {
        List<Server> group = topology.readGroup(masterId);
        if (group.size() == 1) {
            return group.get(0);
        }
        Server chosen = weighted(group, s -> true);
        if (chosen != null && down.test(chosen)) {
            Server up = weighted(group, s -> !down.test(s));
            return up != null ? up : chosen;
        }
        return chosen != null ? chosen : topology.server(masterId);
    }

    /**
     * The server for a read of master {@code masterId}'s group: by weight among the usable members other than
     * {@code avoidId} (-1: none); else the master, unless it is the one to avoid, when null is returned (no other
     * member can serve: a failed read is not retried).
     */
    public static Server pick(Topology topology, int masterId, ServerPools pools, ReplicaWatch replicas, int avoidId) {
        List<Server> group = topology.readGroup(masterId);
        int n = group.size();
        if (n == 1) {
            Server only = group.get(0);
            return only.id() == avoidId ? null : only;
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            Server s = group.get(i);
            if (usable(s, pools, replicas, avoidId)) {
                total += s.readWeight();
            }
        }
        if (total > 0) {
            int r = ThreadLocalRandom.current().nextInt(total);
            for (int i = 0; i < n; i++) {
                Server s = group.get(i);
                if (usable(s, pools, replicas, avoidId)) {
                    r -= s.readWeight();
                    if (r < 0) {
                        return s;
                    }
                }
            }
        }
        Server master = topology.server(masterId);
        return master.id() == avoidId ? null : master;
    }

    private static boolean usable(Server s, ServerPools pools, ReplicaWatch replicas, int avoidId) {
        return s.readWeight() > 0 && s.id() != avoidId && !pools.isDown(s) && (s.isMaster() || replicas.readable(s));
    }

    private static Server weighted(List<Server> group, Predicate<Server> eligible) {
        int total = 0;
        for (Server s : group) {
            if (eligible.test(s)) {
                total += s.readWeight();
            }
        }
        if (total <= 0) {
            return null;
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (Server s : group) {
            if (eligible.test(s)) {
                r -= s.readWeight();
                if (r < 0) {
                    return s;
                }
            }
        }
        return null;
    }
}
