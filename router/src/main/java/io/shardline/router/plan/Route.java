package io.shardline.router.plan;

import io.shardline.router.route.Shard;
import java.util.List;

/**
 * Where one statement runs and what it sends: a single unit (server, database, physical SQL) whose placeholders are
 * the statement's own. {@code database} is null for statements that touch no table. {@code read} allows a replica
 * unless {@code forceMaster}.
 */
public record Route(int serverId, String database, String sql, boolean read, boolean forceMaster, List<Shard> shards)
        implements Plan {

    /** One line a person can read: used by EXPLAIN SHARDLINE, logs and golden tests. */
    @Override
    public String describe() {
        return "Route(server=" + serverId + ", database=" + (database == null ? "-" : database)
                + (read ? (forceMaster ? ", read on master" : ", read") : ", write") + ", sql=" + sql + ")";
    }
}
