package io.shardline.router.plan;

import io.shardline.router.route.Shard;
import java.util.Arrays;
import java.util.List;

/**
 * One physical statement of a multi-shard plan: where it runs, its SQL, and for each of its placeholders the logical
 * parameter (1-based) it binds. {@code rows} are the INSERT rows (caller's order, 0-based) it carries, or null.
 */
public record Unit(int serverId, String database, String sql, int[] params, boolean read, boolean forceMaster,
                   List<Shard> shards, int[] rows) {

    public String describe() {
        return "Route(server=" + serverId + ", database=" + database
                + (read ? (forceMaster ? ", read on master" : ", read") : ", write") + ", sql=" + sql
                + (params.length == 0 || identity() ? "" : ", params=" + Arrays.toString(params)) + ")";
    }

    private boolean identity() {
        for (int i = 0; i < params.length; i++) {
            if (params[i] != i + 1) {
                return false;
            }
        }
        return true;
    }
}
