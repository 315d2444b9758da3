package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Picks the server of a read among a master and its replicas, in proportion to their read weights, passing over
 * members known to be down while another member with weight is up.
 */
public final class ReadBalancer {
    private ReadBalancer() {
    }

    public static Server pick(Topology topology, int masterId) {
        return pick(topology, masterId, s -> false);
    }

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
