package io.shardline.driver.exec;

import io.shardline.router.meta.Server;
import io.shardline.router.meta.Topology;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Picks the server of a read among a master and its replicas, in proportion to their read weights. */
public final class ReadBalancer {
    private ReadBalancer() {
    }

    public static Server pick(Topology topology, int masterId) {
        List<Server> group = topology.readGroup(masterId);
        if (group.size() == 1) {
            return group.get(0);
        }
        int total = 0;
        for (Server s : group) {
            total += s.readWeight();
        }
        if (total <= 0) {
            return topology.server(masterId);
        }
        int r = ThreadLocalRandom.current().nextInt(total);
        for (Server s : group) {
            r -= s.readWeight();
            if (r < 0) {
                return s;
            }
        }
        return topology.server(masterId);
    }
}
