package io.shardline.router.plan;

import io.shardline.router.route.Shard;
import java.util.List;

/**
 * Where one statement runs and what it sends: a single unit (server, database, physical SQL). {@code database} is
 * null for statements that touch no table. {@code read} allows a replica unless {@code forceMaster}.
 */
public record Route(int serverId, String database, String sql, boolean read, boolean forceMaster, List<Shard> shards) {

    /** One line a person can read: used by EXPLAIN-style output, logs and golden tests. */
    public String describe() {
        return "Route(server=" + serverId + ", database=" + (database == null ? "-" : database)
                + (read ? (forceMaster ? ", read on master" : ", read") : ", write") + ", sql=" + sql + ")";
    }
}
